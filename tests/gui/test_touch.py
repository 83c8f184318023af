"""The kiosk driven as a touchscreen drives it: touch points through the window (QTest touch
events), which Qt turns into mouse events for widgets that do not take touch, as on a real
screen. Taps, double taps, swipes, flicks, the staff corner and the idle reset."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QScroller, QWidget
from pytestqt.qtbot import QtBot

from helpers.double_tap import double_tap_interval
from helpers.pages import DATES
from kiosk.ui.factory import Kiosk, StaffAccess
from kiosk.ui.staff import StaffInfo
from kiosk.ui.text_view import TextView
from kiosk.ui.theme import HIGH_CONTRAST, Metrics, Palette, stylesheet
from kiosk.ui.widgets import LinkButton

MakeContent = Callable[..., Path]
SIZE = (1280, 800)


class Finger:
    """One finger on the kiosk's touchscreen. Points are in `widget`'s own coordinates."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.device: QPointingDevice = QTest.createTouchDevice()

    def _at(self, widget: QWidget, point: QPoint | None) -> QPoint:
        return widget.mapTo(self.window, point if point is not None else widget.rect().center())

    def tap(self, widget: QWidget, point: QPoint | None = None) -> None:
        where = self._at(widget, point)
        assert self.window.childAt(where) is not None, "nothing there to touch"
        QTest.touchEvent(self.window, self.device).press(0, where).commit()
        QTest.touchEvent(self.window, self.device).release(0, where).commit()
        QApplication.processEvents()

    def drag(self, qtbot: QtBot, widget: QWidget, start: QPoint, end: QPoint,
             steps: int = 8) -> None:
        """Press at `start`, slide to `end` a frame at a time, lift."""
        a, b = self._at(widget, start), self._at(widget, end)
        QTest.touchEvent(self.window, self.device).press(0, a).commit()
        for step in range(1, steps + 1):
            QTest.touchEvent(self.window, self.device).move(0, a + (b - a) * step / steps)\
                .commit()
            qtbot.wait(16)
        QTest.touchEvent(self.window, self.device).release(0, b).commit()
        QApplication.processEvents()


@pytest.fixture
def quick_double_taps() -> Iterator[None]:
    """Two taps in a row are a double tap however slow the machine running the test is: the
    double-tap time is made long (and put back after)."""
    with double_tap_interval(60_000):
        yield


def staff_access() -> StaffAccess:
    return StaffAccess(info=lambda: StaffInfo("1", "/srv/content", "today", False),
                       check_pin=lambda pin: "wrong", locked_for=lambda: 0.0)


def words(count: int, name: str) -> str:
    return "\n\n".join(f"{name} paragraph {n} says a few plain words about the visit."
                       for n in range(count))


# A long first page with a link on a line of its own in the middle; three pages in all.
LONG = {
    "en/10-first/10-one.md": f"---\ntitle: Page one\n{DATES}---\n{words(25, 'Early')}\n\n"
                             f"[Page three](30-three.md)\n\n{words(25, 'Later')}\n",
}


def open_page(kiosk: Kiosk, index: int) -> None:
    kiosk.window.router.open_section("first", index, animate=False)
    QApplication.processEvents()


def where(kiosk: Kiosk) -> tuple[str, str, int]:
    location = kiosk.window.location
    return location.screen, location.item, location.index


def test_a_tap_on_a_home_tile_opens_its_section(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(make_content(), size=SIZE)
    assert kiosk.window.home is not None
    Finger(kiosk.window).tap(kiosk.window.home.tiles[1])
    assert where(kiosk) == ("section", "second", 0)


def test_a_tap_on_next_turns_one_page_and_leaves_no_pressed_or_focused_look(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """After the finger lifts, Next looks exactly as it did before it was touched: not
    pressed, not hovered, no focus ring (a tap is not a keyboard's focus)."""
    kiosk = kiosk_factory(make_content(), size=SIZE)
    open_page(kiosk, 0)
    next_button = kiosk.window.pager.next
    untouched = next_button.grab().toImage()
    Finger(kiosk.window).tap(next_button)
    assert where(kiosk) == ("section", "first", 1)
    assert not next_button.isDown()
    assert next_button.grab().toImage() == untouched


def test_no_hover_style_that_a_finger_would_leave_behind() -> None:
    """A touchscreen has no pointer that leaves: a :hover look would stay after every tap."""
    for palette in (Palette(), HIGH_CONTRAST):
        assert ":hover" not in stylesheet(Metrics.for_screen(*SIZE), palette, "Sans")


def test_swipes_turn_pages_both_ways_and_never_leave_the_section(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(make_content(), size=SIZE)
    open_page(kiosk, 0)
    view = kiosk.window.pager.reading.text
    finger = Finger(kiosk.window)
    middle = view.viewport().rect().center()
    left, right = middle - QPoint(view.width() // 3, 0), middle + QPoint(view.width() // 3, 0)
    finger.drag(qtbot, view.viewport(), right, left)
    assert where(kiosk) == ("section", "first", 1)
    finger.drag(qtbot, view.viewport(), right, left)
    assert where(kiosk) == ("section", "first", 2)
    finger.drag(qtbot, view.viewport(), right, left)  # the last page: stays
    assert where(kiosk) == ("section", "first", 2)
    finger.drag(qtbot, view.viewport(), left, right)
    assert where(kiosk) == ("section", "first", 1)


def link_in_view(kiosk: Kiosk) -> tuple[TextView, QAbstractButton]:
    """The long page, scrolled so that its link button sits near the top of the text."""
    view = kiosk.window.pager.reading.text
    assert len(view.link_buttons) == 1
    button = view.link_buttons[0]
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + button.y() - view.metrics.px(20))
    QApplication.processEvents()
    assert button.y() >= 0 and button.geometry().bottom() < view.viewport().height() // 2
    return view, button


def test_a_flick_that_starts_on_a_link_button_scrolls_and_does_not_open_the_link(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(make_content(LONG), size=SIZE)
    open_page(kiosk, 0)
    view, button = link_in_view(kiosk)
    bar = view.verticalScrollBar()
    before = bar.value()
    start = button.geometry().center()
    Finger(kiosk.window).drag(qtbot, view.viewport(), start, start - QPoint(0, button.height()),
                              steps=4)
    qtbot.waitUntil(lambda: bar.value() > before)
    assert where(kiosk) == ("section", "first", 0)
    assert not button.isDown()
    # Let it glide to rest: a window closed mid-glide leaves Qt's one flick recognizer (shared
    # by the whole application, widgets.grab_flick) busy, and the next test's kiosk unflickable.
    scroller = QScroller.scroller(view.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)


def test_a_tap_on_gliding_text_stops_it_and_presses_nothing(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """After a flick the text glides on; a finger put down to stop it, landing on the link
    button gliding past, stops the text and does not open the link."""
    kiosk = kiosk_factory(make_content(LONG), size=SIZE)
    open_page(kiosk, 0)
    view = kiosk.window.pager.reading.text
    viewport, button = view.viewport(), view.link_buttons[0]
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + button.y() - viewport.height() - view.metrics.px(150))
    QApplication.processEvents()
    middle = viewport.rect().center()
    finger = Finger(kiosk.window)
    finger.drag(qtbot, viewport, middle + QPoint(0, 100), middle - QPoint(0, 100), steps=3)
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(lambda: 0 < button.geometry().center().y() < viewport.height() // 2)
    assert scroller.state() == QScroller.State.Scrolling  # still gliding
    finger.tap(viewport, button.geometry().center())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)
    assert where(kiosk) == ("section", "first", 0)
    assert not button.isDown()


def test_a_tap_on_a_link_button_opens_its_page(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(make_content(LONG), size=SIZE)
    open_page(kiosk, 0)
    _, button = link_in_view(kiosk)
    Finger(kiosk.window).tap(button)
    assert where(kiosk) == ("section", "first", 2)


def test_a_double_tap_on_next_turns_one_page_not_two(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent, quick_double_taps: None,
) -> None:
    """Qt gives the second of two quick taps to a button as a double-click, which it took as a
    second click: a patient who double-tapped skipped a page."""
    kiosk = kiosk_factory(make_content(), size=SIZE)
    open_page(kiosk, 0)
    finger = Finger(kiosk.window)
    finger.tap(kiosk.window.pager.next)
    finger.tap(kiosk.window.pager.next)
    assert where(kiosk) == ("section", "first", 1)
    finger.tap(kiosk.window.pager.next)  # a third tap is a new tap
    assert where(kiosk) == ("section", "first", 2)


def test_a_double_tap_on_a_tile_opens_the_section_and_presses_nothing_on_it(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent, quick_double_taps: None,
) -> None:
    """The second tap lands on the opened section, here on its first page's link button."""
    link_first = {"en/10-first/10-one.md": f"---\ntitle: Page one\n{DATES}---\n"
                  + "\n\n".join(["[Page three](30-three.md)"] * 6) + "\n"}
    kiosk = kiosk_factory(make_content(link_first), size=SIZE)
    window = kiosk.window
    assert window.home is not None
    tile = window.home.tiles[0]
    spot = tile.mapTo(window, tile.rect().center())
    finger = Finger(window)
    finger.tap(tile)
    assert where(kiosk) == ("section", "first", 0)
    under = window.childAt(spot)
    while under is not None and not isinstance(under, QAbstractButton):
        under = under.parentWidget()
    assert isinstance(under, LinkButton), "the test needs a link under the finger"
    finger.tap(window, spot)
    assert where(kiosk) == ("section", "first", 0)


def test_two_quick_taps_on_a_pin_key_are_two_digits(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent, quick_double_taps: None,
) -> None:
    """Only a second tap after a move is dropped: a PIN with a repeated digit still works."""
    staff = staff_access()
    kiosk = kiosk_factory(make_content(), size=SIZE, locked=True, staff=staff)
    assert kiosk.pin_pad is not None
    kiosk.pin_pad.open()
    finger = Finger(kiosk.window)
    finger.tap(kiosk.pin_pad.keys["1"])
    finger.tap(kiosk.pin_pad.keys["1"])
    assert kiosk.pin_pad.entered == "11"


def test_five_touches_in_the_corner_of_a_page_open_the_pin_pad(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent, quick_double_taps: None,
) -> None:
    """Every second touch is a double-click to the widgets; each one counts once."""
    staff = staff_access()
    kiosk = kiosk_factory(make_content(), size=SIZE, locked=True, staff=staff)
    open_page(kiosk, 1)
    window = kiosk.window
    finger = Finger(window)
    corner = QPoint(window.width() - 10, 10)
    for _ in range(4):
        finger.tap(window, corner)
    assert kiosk.pin_pad is not None and not kiosk.pin_pad.isVisible()
    finger.tap(window, corner)
    assert kiosk.pin_pad.isVisible()
    assert where(kiosk) == ("section", "first", 1)  # the touches pressed nothing else


def test_a_touch_restarts_the_idle_countdown(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(make_content(), size=SIZE, idle_timeout_s=600)
    open_page(kiosk, 1)
    kiosk.idle.idle.stop()
    view = kiosk.window.pager.reading.text
    with qtbot.waitSignal(kiosk.activity.activity):
        Finger(kiosk.window).tap(view.viewport())
    assert kiosk.idle.idle.isActive()
    assert where(kiosk) == ("section", "first", 1)


def test_a_touch_anywhere_on_the_still_reading_prompt_keeps_the_page(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(make_content(), size=SIZE, idle_timeout_s=0.2)
    open_page(kiosk, 1)
    prompt = kiosk.idle.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=3000)
    Finger(kiosk.window).tap(prompt, QPoint(5, 5))  # the dimmed edge, not the button
    assert not prompt.isVisible()
    assert where(kiosk) == ("section", "first", 1)

