"""The start-up choice with a last good copy (kiosk/app/run.py, kiosk/core/last_good.py): each
passed check keeps the folder; a folder whose full check fails at start shows its own last
good copy (never another folder's), else the bundled content; a fix then shows live; and the
staff panel says which is on screen and why."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from helpers.pages import DATES
from kiosk.app import run as start
from kiosk.app.watcher import ContentWatcher
from kiosk.core import last_good, paths
from kiosk.ui.factory import Kiosk, StaffAccess

# Review dates as staff write them (a page without them is a warning).

TUESDAY = dt.datetime(2026, 12, 1, 14, 3, tzinfo=dt.UTC)
EXTRA = {"en/30-new/_index.md": "---\ntitle: New section\n---\n",
         "en/30-new/10-page.md": "---\ntitle: New page\n" + DATES + "---\nThe new page.\n"}
# Passes the quick load at start; only the full check finds the missing picture.
MISSING_PICTURE = "---\ntitle: New page\n" + DATES + "---\nThe new page.\n\n![A spine](spine.png)\n"
FIXED = "---\ntitle: New page\n" + DATES + "---\nThe new page, fixed.\n"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime + 2  # a visible change on whole-second file systems
    os.utime(path, (stamp, stamp))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def watchers() -> Iterator[list[ContentWatcher]]:
    made: list[ContentWatcher] = []
    yield made
    for watcher in made:
        watcher.stop()


def started(kiosk: Kiosk, folder: Path, home: Path, made: list[ContentWatcher]
            ) -> ContentWatcher:
    """As `run.build` wires it: the keeper on the load thread, then the first full check."""
    watcher = ContentWatcher(folder, debounce_ms=100, settle_ms=50, scan_interval_s=0.5,
                             keep=lambda source, unchanged: last_good.keep(source, home,
                                                                           unchanged))
    made.append(watcher)
    start.follow_first_check(watcher, kiosk.window.router, folder, "en", home)
    return watcher


def on_screen(kiosk: Kiosk, watcher: ContentWatcher, home: Path) -> str:
    """The staff panel's "On screen" line."""
    return start._staff_info(watcher, None, kiosk.window.router.library.root, home).on_screen


def test_each_passed_check_keeps_the_folder_as_its_last_good_copy(
        qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
        home: Path, watchers: list[ContentWatcher]) -> None:
    """The first full check at start and every passing edit leave a copy of what passed."""
    folder = make_content(EXTRA)
    kiosk = kiosk_factory(folder)
    watcher = started(kiosk, folder, home, watchers)
    with qtbot.waitSignal(watcher.library_ready, timeout=10_000):
        watcher.start(check_now=True)
    kept = last_good.find(home, folder)
    assert kept is not None and (kept.content / "en/30-new/10-page.md").is_file()
    assert on_screen(kiosk, watcher, home) == "On screen: the content folder, as it is now."
    with qtbot.waitSignal(watcher.library_ready, timeout=10_000):
        write(folder / "en/30-new/10-page.md", FIXED)
    newer = last_good.find(home, folder)
    assert newer is not None and newer != kept
    assert "fixed" in (newer.content / "en/30-new/10-page.md").read_text(encoding="utf-8")


@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"has 1 error\(s\); still showing")
@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"^content: ")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR",
                        r"failed its full check; showing the last good copy from 2026-")
def test_a_failed_first_check_shows_the_last_good_copy_and_a_fix_shows_live(
        qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
        home: Path, watchers: list[ContentWatcher]) -> None:
    """Started on a folder whose full check fails: its last good copy (with the new section)
    replaces it, not the bundled content; the staff panel says so; the fix shows at once."""
    folder = make_content(EXTRA)
    kept = last_good.keep(folder, home, now=TUESDAY)  # what an earlier run kept
    assert kept is not None
    staff = StaffAccess(
        info=lambda: start._staff_info(watchers[0], None, kiosk.window.router.library.root,
                                       home),
        check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
    kiosk = kiosk_factory(folder, staff=staff)
    router = kiosk.window.router
    write(folder / "en/30-new/10-page.md", MISSING_PICTURE)
    watcher = started(kiosk, folder, home, watchers)
    with qtbot.waitSignal(watcher.problems_found, timeout=10_000):
        watcher.start(check_now=True)
    assert router.library.root.resolve() == kept.content.resolve()
    assert [s.title for s in router.library.default.sections][-1] == "New section"
    assert last_good.find(home, folder) == kept  # a failed check keeps nothing
    line = on_screen(kiosk, watcher, home)
    assert line.startswith(
        f"On screen: the last good copy of the content folder, from {kept.taken}, because "
        "the folder has errors (below).")
    panel = kiosk.staff_panel
    assert panel is not None
    panel.open()
    assert line in panel.summary.text() and "NOT showing" not in panel.summary.text()
    assert "spine.png" in panel.problems.toPlainText()
    panel.hide()
    with qtbot.waitSignal(watcher.library_ready, timeout=10_000):
        write(folder / "en/30-new/10-page.md", FIXED)
    assert router.library.root == folder.absolute()
    assert on_screen(kiosk, watcher, home) == "On screen: the content folder, as it is now."
    panel.open()
    assert "On screen: the content folder, as it is now." in panel.summary.text()
    assert panel.problems.toPlainText() == "No problems found."


@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"has 1 error\(s\); still showing")
@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"^content: ")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR",
                        r"failed its full check; showing the bundled content")
def test_another_folders_copy_is_never_shown_the_bundled_content_is(
        qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
        home: Path, watchers: list[ContentWatcher]) -> None:
    """Only clinic A's copy is kept: clinic B failing its check shows the bundled content."""
    clinic_a = make_content(EXTRA, name="clinic-a")
    assert last_good.keep(clinic_a, home, now=TUESDAY) is not None
    folder = make_content(EXTRA, name="clinic-b")
    kiosk = kiosk_factory(folder)
    write(folder / "en/30-new/10-page.md", MISSING_PICTURE)
    watcher = started(kiosk, folder, home, watchers)
    with qtbot.waitSignal(watcher.problems_found, timeout=10_000):
        watcher.start(check_now=True)
    assert kiosk.window.router.library.root == paths.bundled_content().resolve()
    assert on_screen(kiosk, watcher, home).startswith(
        "On screen: the bundled content, because the content folder has errors (below) and "
        "no good copy of it has been kept.")


@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"has 1 error\(s\); still showing")
@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"^content: ")
def test_a_broken_edit_while_running_keeps_the_folder_on_screen_and_says_so(
        qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
        home: Path, watchers: list[ContentWatcher]) -> None:
    """After the folder passed, a broken edit leaves its good version on screen; the panel
    says the newest edit is not shown, and after the fix that the folder is on screen."""
    folder = make_content(EXTRA)
    kiosk = kiosk_factory(folder)
    watcher = started(kiosk, folder, home, watchers)
    with qtbot.waitSignal(watcher.library_ready, timeout=10_000):
        watcher.start(check_now=True)
    with qtbot.waitSignal(watcher.problems_found, timeout=10_000):
        write(folder / "en/30-new/10-page.md", MISSING_PICTURE)
    assert kiosk.window.router.library.root == folder.absolute()
    assert "The newest edit has errors (below) and is NOT shown" in on_screen(kiosk, watcher, home)
    with qtbot.waitSignal(watcher.library_ready, timeout=10_000):
        write(folder / "en/30-new/10-page.md", FIXED)
    assert on_screen(kiosk, watcher, home) == "On screen: the content folder, as it is now."
