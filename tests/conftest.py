"""Shared fixtures: real content folders in tmp_path, and real kiosk windows offscreen."""

from __future__ import annotations

import datetime as dt
import logging
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before any Qt import: every test without its own display runs offscreen.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

from helpers import logfail, system_parts
from helpers.pages import DATES

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "content"
# The time a test kiosk lives at unless a test says otherwise: tests never read the clock.
FIXED_NOW = dt.datetime(2026, 6, 1, 12, 0)


def fixed_clock() -> dt.datetime:
    return FIXED_NOW

MINIMAL = {
    "en/_index.md": "---\ntitle: Test kiosk\nwelcome: Tap a topic.\n---\n",
    "en/10-first/_index.md": "---\ntitle: First topic\nsummary: The first one\n---\n",
    "en/10-first/10-one.md": f"---\ntitle: Page one\n{DATES}---\n"
                             "You read page one. It is short.\n",
    "en/10-first/20-two.md": f"---\ntitle: Page two\n{DATES}---\n"
                             "You read page two. It is short too.\n",
    "en/10-first/30-three.md": f"---\ntitle: Page three\n{DATES}---\n"
                               "This is the last page here.\n",
    "en/20-second/_index.md": "---\ntitle: Second topic\n---\n",
    "en/20-second/10-only.md": f"---\ntitle: Only page\n{DATES}---\n"
                               "The second topic has one page.\n",
    "en/faq/_index.md": "---\ntitle: Questions\n---\n",
    "en/faq/10-a.md": f"---\ntitle: Is it a test?\n{DATES}---\n"
                      "Yes. This is a test answer.\n",
    "en/faq/20-b.md": f"---\ntitle: Will it pass?\n{DATES}---\n"
                      "We hope so. Run it and see.\n",
}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """`@pytest.mark.needs("libpulse", ...)`: skip, before any fixture runs, when a part of the
    machine is missing, naming its Debian package (helpers/system_parts.py). On CI a missing
    part fails the test instead, unless KIOSK_TEST_PRETEND_MISSING hides it on purpose."""
    for mark in item.iter_markers("needs"):
        reason = system_parts.missing_reason(*mark.args)
        if reason is None:
            continue
        if os.environ.get("CI") and not all(map(system_parts.really_present, mark.args)):
            pytest.fail(f"CI must install every system part (.ci/run): {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def private_state_folder(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test, and every kiosk it starts, keeps its state (the last good copy of the
    content, the log) in a folder of its own, never in the user's: XDG_STATE_HOME, which
    platformdirs follows on Linux and the BSDs."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def fail_on_unexpected_log(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any WARNING or worse logged during the test (set-up and tear-down included) fails it,
    unless the test declares it with `@pytest.mark.expect_log(logger, level, pattern)`
    (helpers/logfail.py)."""
    expected = [logfail.Expected.from_mark(m) for m in request.node.iter_markers("expect_log")]
    handler = logfail.LogFailHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    problems = logfail.unexpected(handler.records, expected)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, body in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body), encoding="utf-8")
    return root


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the root logger back as it was after a test that sets up the kiosk's logging."""
    root = logging.getLogger()
    saved, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved:
        root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture
def make_content(tmp_path: Path) -> Callable[..., Path]:
    """Write a content folder: the minimal valid one, changed by `files` (None deletes)."""

    def make(files: dict[str, str | bytes | None] | None = None, name: str = "content") -> Path:
        merged: dict[str, str | bytes | None] = {**MINIMAL, **(files or {})}
        root = tmp_path / name
        write_tree(root, {k: v for k, v in merged.items() if v is not None})
        return root

    return make


@pytest.fixture
def kiosk_factory(qapp: object) -> Iterator[Callable[..., object]]:
    """Build a real kiosk window for a content folder at a given screen size."""
    from PySide6.QtWidgets import QApplication

    from kiosk.content import load_library
    from kiosk.core.config import Settings
    from kiosk.ui.factory import Kiosk, StaffAccess, build_kiosk
    from kiosk.ui.theme import Metrics

    assert isinstance(qapp, QApplication)
    built: list[Kiosk] = []

    def make(folder: Path = BUNDLED, size: tuple[int, int] = (1920, 1080),
             locked: bool = False, staff: StaffAccess | None = None, quick_start: bool = False,
             clock: Callable[[], dt.datetime] = fixed_clock, display: Any = None,
             **settings: Any) -> Kiosk:
        """`settings`: Settings fields. Unlike a real kiosk, a test kiosk has no slideshow, no
        fades, no idle reset and no read aloud unless the test asks (speech_engine=...).
        `clock` (a fixed day unless given), `display`: build_kiosk's, for opening hours and
        notices."""
        still = {"slideshow_after_s": 0, "transition_ms": 0, "idle_timeout_s": 0,
                 "read_aloud": "speech_engine" in settings}
        chosen = Settings(**{**still, **settings})
        # As the kiosk loads it: with the clinic's values (clinic_phone=... and the like).
        result = load_library(folder, values=chosen.clinic_values())
        assert result.library is not None, [p.format() for p in result.problems]
        kiosk = build_kiosk(qapp, result.library, Metrics.for_screen(*size), chosen,
                            locked=locked, staff=staff, quick_start=quick_start,
                            clock=clock, display=display)
        kiosk.window.resize(*size)
        kiosk.window.show()
        qapp.processEvents()
        built.append(kiosk)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.dispose(qapp)
