"""Live content: real file writes in a real folder, and what the screen then shows."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app.watcher import ContentWatcher
from kiosk.content.model import Library, LoadResult
from kiosk.core.metrics import content_fingerprint
from kiosk.ui.factory import Kiosk

D = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"  # review dates: no warning


@pytest.fixture
def live(qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
         ) -> Iterator[Live]:
    folder = make_content()
    kiosk = kiosk_factory(folder)
    watcher = ContentWatcher(folder, debounce_ms=100, settle_ms=50, scan_interval_s=0.5)
    watcher.library_ready.connect(kiosk.window.router.set_library)
    watcher.start()
    yield kiosk, watcher, folder
    watcher.stop()


Live = tuple[Kiosk, ContentWatcher, Path]


def page_text(kiosk: Kiosk) -> str:
    return kiosk.window.pager.reading.text.toPlainText()


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # Some file systems keep whole-second times; make each write a visible change. The new
    # stamp is the file's own plus two seconds, not read from the clock (tests/README.md).
    stamp = path.stat().st_mtime + 2
    os.utime(path, (stamp, stamp))


def test_an_edit_shows_on_the_page_being_read(qtbot: QtBot, live: Live) -> None:
    """A saved edit appears on screen without a restart, and the patient stays on the page."""
    kiosk, watcher, folder = live
    kiosk.window.router.open_section("first", 1)
    write(folder / "en/10-first/20-two.md",
          f"---\ntitle: Page two\n{D}---\nFreshly edited words.\n")
    qtbot.waitUntil(lambda: "Freshly edited" in page_text(kiosk), timeout=5000)
    assert kiosk.window.location.item == "first" and kiosk.window.location.index == 1


def test_added_page_and_faq_entry_appear(qtbot: QtBot, live: Live) -> None:
    """A new page file and a new question file are picked up."""
    kiosk, watcher, folder = live
    write(folder / "en/10-first/40-four.md", f"---\ntitle: Page four\n{D}---\nA new page.\n")
    write(folder / "en/faq/30-c.md", f"---\ntitle: Is it new?\n{D}---\nYes, it is new.\n")
    qtbot.waitUntil(lambda: len(kiosk.window.language.faq) == 3, timeout=5000)
    assert len(kiosk.window.language.sections[0].pages) == 4
    menu = kiosk.window.faq_menu
    assert menu is not None
    assert "Is it new?" in [q.title_label.text() for q in menu.questions]


def test_deleting_the_page_on_screen_moves_the_patient_safely(qtbot: QtBot, live: Live) -> None:
    """If the page a patient reads is deleted, they land somewhere real, never a blank page."""
    kiosk, watcher, folder = live
    kiosk.window.router.open_section("second")
    shutil.rmtree(folder / "en/20-second")
    qtbot.waitUntil(lambda: kiosk.window.language.section("second") is None, timeout=5000)
    assert kiosk.window.location.screen == "home"


def test_renamed_page_keeps_order_by_new_number(qtbot: QtBot, live: Live) -> None:
    """Renaming 30-three.md to 05-three.md moves it first."""
    kiosk, watcher, folder = live
    section = folder / "en/10-first"
    (section / "30-three.md").rename(section / "05-three.md")
    qtbot.waitUntil(
        lambda: kiosk.window.language.sections[0].pages[0].title == "Page three", timeout=5000)


@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"still showing the last good content")
@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"^content: .*not saved as UTF-8")
def test_broken_edit_keeps_last_good_content_then_fix_shows(qtbot: QtBot, live: Live) -> None:
    """A broken edit is not shown (problems reported, old text stays); the fix then shows."""
    kiosk, watcher, folder = live
    kiosk.window.router.open_section("first")
    problems: list[LoadResult] = []
    watcher.problems_found.connect(problems.append)
    (folder / "en/10-first/10-one.md").write_bytes(
        b"---\ntitle: Page one\n" + D.encode() + b"---\nCaf\xe9 is broken Windows text.\n")
    qtbot.waitUntil(lambda: bool(problems), timeout=5000)
    assert any("10-one.md" in p.path for p in problems[0].errors)
    assert "You read page one" in page_text(kiosk)
    assert watcher.status.showing_last_good
    write(folder / "en/10-first/10-one.md", f"---\ntitle: Page one\n{D}---\nCafé, fixed.\n")
    qtbot.waitUntil(lambda: "Café, fixed." in page_text(kiosk), timeout=5000)
    assert not watcher.status.showing_last_good


def test_folder_swapped_by_rename_is_shown_whole(
    qtbot: QtBot, live: Live, make_content: Callable[..., Path]
) -> None:
    """A whole new folder moved into place (as rsync --delay-updates or Syncthing do) shows."""
    kiosk, watcher, folder = live
    new = make_content({"en/_index.md": "---\ntitle: Swapped kiosk\n---\n"}, name="incoming")
    old = folder.with_name("content-old")
    folder.rename(old)
    new.rename(folder)
    qtbot.waitUntil(lambda: kiosk.window.language.title == "Swapped kiosk", timeout=8000)


def test_half_written_folder_is_never_shown(
    qtbot: QtBot, live: Live
) -> None:
    """While files keep changing, nothing is swapped in; once still, the whole change shows."""
    kiosk, watcher, folder = live
    libraries: list[Library] = []
    watcher.library_ready.connect(libraries.append)
    target = folder / "en/10-first"
    for number in range(6):  # a slow sync writing one page every 60 ms
        write(target / f"5{number}-new-{number}.md",
              f"---\ntitle: New {number}\n{D}---\nText {number}.\n")
        qtbot.wait(60)
    qtbot.waitUntil(lambda: bool(libraries), timeout=8000)
    counts = {len(lib.default.sections[0].pages) for lib in libraries}
    assert counts == {9}, "a library with only some of the new pages was shown"


def test_a_load_that_ends_after_the_kiosk_quit_is_dropped_quietly(
        qtbot: QtBot, make_content: Callable[..., Path]) -> None:
    """SIGTERM while the full check runs: the check's thread finishes after Qt has deleted the
    watcher, and nothing is raised in it (a traceback in the log would alarm IT)."""
    import threading

    import shiboken6

    from kiosk.content import load_library

    folder = make_content()
    started, release = threading.Event(), threading.Event()
    raised: list[BaseException | None] = []
    finished = threading.Event()

    def slow_loader(path: Path, language: str) -> LoadResult:
        started.set()
        release.wait(30)
        return load_library(path, language)

    previous = threading.excepthook

    def record(args: threading.ExceptHookArgs) -> None:
        raised.append(args.exc_value)

    threading.excepthook = record
    try:
        watcher = ContentWatcher(folder, debounce_ms=1, settle_ms=1, loader=slow_loader)
        watcher.start(check_now=True)
        qtbot.waitUntil(started.is_set, timeout=10_000)
        thread = next(t for t in threading.enumerate() if t.name == "content-load")
        watcher.stop()
        shiboken6.delete(watcher)  # what the quitting kiosk's teardown leaves behind
        release.set()
        thread.join(30)
        finished.set()
    finally:
        threading.excepthook = previous
    assert finished.is_set() and not thread.is_alive()
    assert raised == []


@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"still showing the last good content")
@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"^content: .*not saved as UTF-8")
def test_the_open_staff_panel_follows_a_fix(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Opened while the newest edit is broken, the panel says so and lists the problem; once
    the file is fixed it says the newest content shows, without being closed and reopened."""
    from kiosk.app.run import staff_access
    from kiosk.core.config import Settings

    folder = make_content()
    watcher = ContentWatcher(folder, debounce_ms=100, settle_ms=50, scan_interval_s=0.5)
    staff = staff_access(Settings(), False, watcher, None)  # as `kiosk --windowed` makes it
    assert staff is not None
    kiosk = kiosk_factory(folder, staff=staff)
    watcher.library_ready.connect(kiosk.window.router.set_library)
    watcher.start()
    try:
        (folder / "en/10-first/10-one.md").write_bytes(
            b"---\ntitle: Page one\n" + D.encode() + b"---\nCaf\xe9 is broken Windows text.\n")
        qtbot.waitUntil(lambda: watcher.status.showing_last_good, timeout=5000)
        panel = kiosk.staff_panel
        assert panel is not None
        panel.open()
        assert "NOT showing the newest edit" in panel.summary.text()
        assert "10-one.md" in panel.problems.toPlainText()
        write(folder / "en/10-first/10-one.md", f"---\ntitle: Page one\n{D}---\nCafé, fixed.\n")
        qtbot.waitUntil(lambda: "Showing the newest content." in panel.summary.text(),
                        timeout=5000)
        assert panel.isVisible()
        assert panel.problems.toPlainText() == "No problems found."
    finally:
        watcher.stop()


def test_the_log_names_the_fingerprint_of_the_folder_shown(
    qtbot: QtBot, live: Live, caplog: pytest.LogCaptureFixture,
) -> None:
    """IT (and tests/e2e/test_sync.py) compare the fingerprint in the reload line with the
    master copy's: it is the folder's own, as the metrics file and `kiosk status` name it."""
    kiosk, watcher, folder = live
    caplog.set_level("INFO", logger="kiosk.app.watcher")
    write(folder / "en/10-first/40-four.md", f"---\ntitle: Page four\n{D}---\nA new page.\n")
    qtbot.waitUntil(lambda: len(kiosk.window.language.sections[0].pages) == 4, timeout=5000)
    reloads = [r.getMessage() for r in caplog.records if "content reloaded" in r.getMessage()]
    assert reloads and reloads[-1].endswith(
        f"; fingerprint {content_fingerprint(folder)}")
