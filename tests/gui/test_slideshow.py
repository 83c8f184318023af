"""The attract-mode slideshow: starts when home is left alone, and the first touch stops it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.content.model import Body, Page
from kiosk.ui.factory import Kiosk
from kiosk.ui.slideshow import hold_seconds


def test_slideshow_starts_after_idle_on_home_and_pages_through_sections(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Left alone on home, the kiosk shows every section's pages in turn, with the cue."""
    kiosk = kiosk_factory(make_content(), slideshow_after_s=0.2)
    kiosk.slideshow.hold_scale = 0.01  # holds of ~0.1 s instead of ~10 s
    kiosk.slideshow.set_language(kiosk.window.language)
    window = kiosk.window
    qtbot.waitUntil(lambda: kiosk.slideshow.running, timeout=3000)
    assert window.cue.isVisible()
    assert "Touch the screen" in window.cue.text.text()
    seen: set[tuple[str, int]] = set()
    def four_pages_seen() -> bool:
        seen.add((window.location.item, window.location.index))
        return len(seen) >= 4

    qtbot.waitUntil(four_pages_seen, timeout=5000)
    assert {("first", 0), ("first", 1), ("first", 2), ("second", 0)} <= seen


def test_first_touch_stops_slideshow_shows_home_and_does_nothing_else(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The touch that ends the slideshow only shows home: it does not press what it landed on."""
    kiosk = kiosk_factory(make_content(), slideshow_after_s=0.1)
    window = kiosk.window
    qtbot.waitUntil(lambda: kiosk.slideshow.running, timeout=3000)
    assert window.location.screen == "section"
    # Tap where the Next button sits (hidden during the slideshow, the cue covers it).
    target = window.pager.next
    qtbot.mouseClick(window.pager, Qt.MouseButton.LeftButton, pos=target.geometry().center())
    assert not kiosk.slideshow.running
    assert window.location.screen == "home"
    assert not window.cue.isVisible()
    assert window.home is not None
    # The next touch is an ordinary one again.
    qtbot.mouseClick(window.home.tiles[0], Qt.MouseButton.LeftButton)
    assert window.location.screen == "section"


def test_slideshow_does_not_start_away_from_home(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A patient reading a page is never interrupted by the slideshow."""
    kiosk = kiosk_factory(make_content(), slideshow_after_s=0.1)
    kiosk.window.router.open_section("first")
    qtbot.wait(400)
    assert not kiosk.slideshow.running
    assert kiosk.window.location.item == "first"


def test_activity_on_home_postpones_slideshow(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Touches on home restart the idle countdown."""
    kiosk = kiosk_factory(make_content(), slideshow_after_s=0.4)
    for _ in range(4):
        qtbot.wait(200)
        qtbot.mouseClick(kiosk.window.home or kiosk.window, Qt.MouseButton.LeftButton)
    assert not kiosk.slideshow.running


def test_hold_time_grows_with_page_length() -> None:
    """A longer page is held longer, within sensible bounds."""
    short = Page("a/b", "T", Body.rendered("", "one two three"), Path("x.md"))
    long = Page("a/c", "T", Body.rendered("", " ".join(["word"] * 80)), Path("y.md"))
    huge = Page("a/d", "T", Body.rendered("", " ".join(["word"] * 5000)), Path("z.md"))
    assert hold_seconds(short) < hold_seconds(long) < hold_seconds(huge)
    assert hold_seconds(short) >= 5 and hold_seconds(huge) <= 60
