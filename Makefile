# Two commands for a newcomer (see README): `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run kiosk test lint check selftest screenshots clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)  ## the kiosk on the bundled content, in a window (a staff preview)
	$(PY) -m kiosk --windowed --content content

kiosk: $(STAMP)  ## the kiosk full screen, as on a waiting-room screen
	$(PY) -m kiosk --content content

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests
	$(VENV)/bin/mypy

test: lint  ## everything CI runs: lint, types, unit, GUI and end-to-end tests
	$(PY) -m pytest

check: $(STAMP)
	$(PY) -m kiosk check content --grades

selftest: $(STAMP)
	$(PY) -m kiosk self-test --content content

screenshots: $(STAMP)
	$(PY) tests/screenshots.py --out screenshots

clean:
	rm -rf $(VENV) build dist screenshots .pytest_cache .mypy_cache .ruff_cache
