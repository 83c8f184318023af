# Two commands for a newcomer (see README): `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build

.PHONY: run kiosk test lint check selftest screenshots clean build smoke bench

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

$(BUILD_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,build]"
	touch $(BUILD_STAMP)

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

build: $(BUILD_STAMP)  ## the packaged kiosk: one folder, dist/kiosk/ (docs/deployment.md)
	$(PY) build_spec.py

smoke: build  ## the packaged kiosk run as on a kiosk PC: no display, no Python (CI runs it)
	$(VENV)/bin/ruff check build_spec.py tests/build  # ruff skips folders named build by default
	$(VENV)/bin/mypy build_spec.py tests/build
	KIOSK_DIST=dist/kiosk $(PY) -m pytest -m build tests/build

bench: $(STAMP)  ## benchmarks against a bare PySide6 window (tests/bench/README.md); BENCH=--quick
	$(PY) tests/bench/run.py $(BENCH) --json bench-report.json

screenshots: $(STAMP)
	$(PY) tests/screenshots.py --out screenshots

clean:
	rm -rf $(VENV) build dist screenshots .pytest_cache .mypy_cache .ruff_cache
