"""Unattended kiosk behaviour with real timers (shortened) and real input events."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content.model import Problem, Severity
from kiosk.core.crash import CrashHook
from kiosk.ui.factory import Kiosk, StaffAccess
from kiosk.ui.staff import StaffInfo


def test_idle_prompt_counts_down_then_forgets_the_visit(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Left on a page, the patient is asked "Still reading?" with a countdown; then home."""
    kiosk = kiosk_factory(make_content(), idle_timeout_s=0.2, idle_warning_s=1)
    kiosk.idle.warning_s = 1.2  # the real minimum is 20 s; shortened for the test
    window = kiosk.window
    window.router.open_section("first", 2)
    prompt = kiosk.idle.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=3000)
    assert "Still reading?" in prompt.heading.text()
    assert "seconds" in prompt.countdown.text()
    assert prompt.button.height() >= window.metrics.target
    with qtbot.waitSignal(kiosk.idle.visit_reset, timeout=4000):
        pass
    assert not prompt.isVisible()
    assert window.location.screen == "home"


def test_touch_on_the_prompt_keeps_the_page(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Tapping "Yes, keep reading" hides the prompt and leaves the patient where they were."""
    kiosk = kiosk_factory(make_content(), idle_timeout_s=0.2)
    window = kiosk.window
    window.router.open_section("first", 1)
    prompt = kiosk.idle.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=3000)
    qtbot.mouseClick(prompt.button, Qt.MouseButton.LeftButton)
    assert not prompt.isVisible()
    assert window.location.item == "first" and window.location.index == 1


def test_prompt_countdown_is_never_below_twenty_seconds(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A config asking for a 5 s warning still gets 20 s (WCAG 2.2.1)."""
    kiosk = kiosk_factory(make_content(), idle_timeout_s=90, idle_warning_s=5)
    assert kiosk.idle.warning_s == 20


def test_no_prompt_on_home(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """On the home screen the idle timer never asks anything."""
    kiosk = kiosk_factory(make_content(), idle_timeout_s=0.1)
    qtbot.wait(500)
    assert not kiosk.idle.prompt.isVisible()


@pytest.mark.parametrize(("key", "modifiers"), [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
])
def test_escape_keys_do_nothing_in_kiosk_mode(
    key: Qt.Key, modifiers: Qt.KeyboardModifier, kiosk_factory: Callable[..., Kiosk],
    make_content: Callable[..., Path],
) -> None:
    """The keys that close or leave an app are swallowed before any widget sees them."""
    kiosk = kiosk_factory(make_content(), locked=True)
    window = kiosk.window
    window.router.open_section("first", 1)
    event = QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers)
    assert kiosk.lockdown is not None
    assert kiosk.lockdown.eventFilter(window, event) is True
    QTest.keyClick(window, key, modifiers)
    assert window.isVisible()
    assert window.location.item == "first" and window.location.index == 1


def test_window_refuses_to_close_in_kiosk_mode(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A close request (Alt+F4 from a window manager) is refused unless the app is quitting."""
    kiosk = kiosk_factory(make_content(), locked=True)
    assert kiosk.window.close() is False
    assert kiosk.window.isVisible()
    assert kiosk.lockdown is not None
    kiosk.lockdown.release()
    assert kiosk.window.close() is True


def test_right_click_and_context_menus_do_nothing(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Right-clicks and context-menu requests are swallowed: only a finger's tap counts."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QContextMenuEvent, QMouseEvent

    kiosk = kiosk_factory(make_content(), locked=True)
    window = kiosk.window
    assert window.home is not None and kiosk.lockdown is not None
    tile = window.home.tiles[0]
    right = QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5),
                        Qt.MouseButton.RightButton, Qt.MouseButton.RightButton,
                        Qt.KeyboardModifier.NoModifier)
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    left = QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5),
                       Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    assert kiosk.lockdown.eventFilter(tile, right) is True
    assert kiosk.lockdown.eventFilter(tile, menu) is True
    assert kiosk.lockdown.eventFilter(tile, left) is False
    qtbot.mouseClick(tile, Qt.MouseButton.RightButton)
    assert window.location.screen == "home"


def staff_access(pin_ok: str = "2468", locked: list[float] | None = None) -> StaffAccess:
    tries: list[str] = []

    def check(pin: str) -> str:
        tries.append(pin)
        return "ok" if pin == pin_ok else "wrong"

    return StaffAccess(
        info=lambda: StaffInfo("9.9.9", "/srv/content", "today", False, ["a.md:1: error: x"],
                               daily=[(date(2026, 6, 1), {"page_view": 12, "faq_open": 2})]),
        check_pin=check,
        locked_for=lambda: (locked or [0.0])[0],
    )


def corner(kiosk: Kiosk) -> QPoint:
    return QPoint(kiosk.window.width() - 5, 5)


def tap_corner(qtbot: QtBot, kiosk: Kiosk, times: int = 5, apart_ms: int = 200) -> None:
    """Quick taps in the corner as a finger makes them: through the window, as the platform
    delivers them, `apart_ms` apart by the events' own time stamps (QTest's, not the clock),
    so Qt turns every second one into a double-click just as it does on a real screen."""
    window = kiosk.window.windowHandle()
    assert window is not None
    half = apart_ms // 2
    for _ in range(times):
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         corner(kiosk), half)
        QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           corner(kiosk), apart_ms - half)
    QApplication.processEvents()


class SeenPresses(QObject):
    """What the widgets under the corner are given for each tap: a press or a double-click."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.kinds: list[QEvent.Type] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.window.childAt(self.window.width() - 5, 5) and event.type() in (
                QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.kinds.append(event.type())
        return False


def test_five_quick_taps_open_the_pad_though_two_of_them_are_double_clicks(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Five taps 0.2 s apart reach the widgets as press, double-click, press, double-click,
    press; every one of them counts."""
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access())
    seen = SeenPresses(kiosk.window)
    QApplication.instance().installEventFilter(seen)  # type: ignore[union-attr]
    try:
        tap_corner(qtbot, kiosk, 4)
        assert kiosk.pin_pad is not None and not kiosk.pin_pad.isVisible()
        tap_corner(qtbot, kiosk, 1)
    finally:
        QApplication.instance().removeEventFilter(seen)  # type: ignore[union-attr]
    press, double = QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick
    assert seen.kinds[:5] == [press, double, press, double, press]
    assert kiosk.pin_pad.isVisible()


def test_five_taps_spread_over_more_than_three_seconds_do_nothing(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The taps' own time stamps decide: 0.8 s apart, five taps take 3.2 s, too slow."""
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access())
    tap_corner(qtbot, kiosk, 5, apart_ms=800)
    assert kiosk.pin_pad is not None and not kiosk.pin_pad.isVisible()
    tap_corner(qtbot, kiosk, 4, apart_ms=200)  # the last slow tap and four quick ones
    assert kiosk.pin_pad.isVisible()


def touch_corner(kiosk: Kiosk, device: QPointingDevice, times: int) -> None:
    for _ in range(times):
        QTest.touchEvent(kiosk.window, device).press(0, corner(kiosk)).commit()
        QTest.touchEvent(kiosk.window, device).release(0, corner(kiosk)).commit()
        QApplication.processEvents()


def test_five_touches_open_the_pad_each_counted_once(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A touchscreen's tap arrives as a TouchBegin and then a mouse press (or double-click)
    Qt makes from it: one tap, counted once. Four touches are not five."""
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access())
    device = QTest.createTouchDevice()
    touch_corner(kiosk, device, 4)
    assert kiosk.pin_pad is not None and not kiosk.pin_pad.isVisible()
    touch_corner(kiosk, device, 1)
    assert kiosk.pin_pad.isVisible()


def test_taps_outside_the_corner_do_not_count(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access())
    window = kiosk.window.windowHandle()
    assert window is not None
    for _ in range(5):
        for button in (QTest.mousePress, QTest.mouseRelease):
            button(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                   QPoint(kiosk.window.width() // 2, 5), 100)
    assert kiosk.pin_pad is not None and not kiosk.pin_pad.isVisible()


def enter(qtbot: QtBot, kiosk: Kiosk, digits: str) -> None:
    pad = kiosk.pin_pad
    assert pad is not None
    for digit in [*digits, "OK"]:
        qtbot.mouseClick(pad.keys[digit], Qt.MouseButton.LeftButton)


@pytest.mark.expect_log("kiosk.ui.staff", "WARNING", r"wrong staff PIN entered")
def test_five_corner_taps_and_the_right_pin_open_the_staff_panel(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The hidden gesture opens a PIN pad; the right PIN shows status, problems and usage."""
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access())
    tap_corner(qtbot, kiosk, 4)
    assert kiosk.pin_pad is not None and not kiosk.pin_pad.isVisible()
    tap_corner(qtbot, kiosk, 1)
    assert kiosk.pin_pad.isVisible()
    enter(qtbot, kiosk, "1111")
    assert "Wrong PIN" in kiosk.pin_pad.message.text()
    assert kiosk.staff_panel is not None and not kiosk.staff_panel.isVisible()
    enter(qtbot, kiosk, "2468")
    assert kiosk.staff_panel.isVisible()
    text = kiosk.staff_panel.summary.text()
    assert "9.9.9" in text and "/srv/content" in text
    chart = kiosk.staff_panel.chart.accessibleDescription()
    assert "Mon 01 Jun: 12 page views, 2 questions opened." in chart
    assert "a.md:1: error: x" in kiosk.staff_panel.problems.toPlainText()


def test_locked_pin_pad_refuses_input(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """While locked after wrong PINs, the pad says how long to wait and takes no digits."""
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access(locked=[42.0]))
    tap_corner(qtbot, kiosk)
    pad = kiosk.pin_pad
    assert pad is not None and pad.isVisible()
    assert "Try again in" in pad.message.text()
    assert not pad.keys["1"].isEnabled()


def test_staff_quit_emits_quit(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """"Quit kiosk" in the staff panel asks the app to quit."""
    kiosk = kiosk_factory(make_content(), locked=True, staff=staff_access())
    tap_corner(qtbot, kiosk)
    enter(qtbot, kiosk, "2468")
    assert kiosk.staff_panel is not None
    with qtbot.waitSignal(kiosk.staff_panel.quit_requested, timeout=1000):
        qtbot.mouseClick(kiosk.staff_panel.quit, Qt.MouseButton.LeftButton)


@pytest.mark.expect_log("kiosk.core.crash", "ERROR", r"returning to the home screen")
@pytest.mark.qt_no_exception_capture
def test_exception_in_a_real_slot_is_logged_and_the_kiosk_goes_home(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug in a button's handler is logged with its traceback and the patient lands home."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    gave_up: list[bool] = []
    hook = CrashHook(recover=window.router.go_home, give_up=lambda: gave_up.append(True),
                     schedule=lambda fn: fn())
    hook.install()
    try:
        window.router.open_section("first", 1)

        def broken() -> None:
            raise RuntimeError("a bug in a handler")

        window.pager.next.clicked.connect(broken)
        qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
    finally:
        hook.uninstall()
    assert sys.excepthook is not hook.handle
    assert window.location.screen == "home"
    assert "a bug in a handler" in caplog.text and "Traceback" in caplog.text
    assert not gave_up


@pytest.mark.expect_log("kiosk.core.crash", "ERROR", r"returning to the home screen")
@pytest.mark.expect_log("kiosk.core.crash", "CRITICAL", r"errors in 60 s; exiting")
def test_errors_in_a_burst_give_up_so_the_supervisor_restarts() -> None:
    """Twenty errors within a minute stop trying to recover and ask to exit."""
    gave_up: list[bool] = []
    hook = CrashHook(recover=lambda: None, give_up=lambda: gave_up.append(True),
                     schedule=lambda fn: fn(), max_errors=3)
    for _ in range(3):
        try:
            raise ValueError("boom")
        except ValueError as exc:
            hook.handle(ValueError, exc, exc.__traceback__)
    assert gave_up == [True]


def test_the_staff_panel_lists_notes_with_errors_and_warnings(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A review coming up shows in the staff panel's problem list as a `note:` line."""
    note = Problem("en/10-first/20-two.md", 4, Severity.NOTE, "this page is due for review "
                   "in 12 days (2027-01-01).").format()
    access = StaffAccess(info=lambda: StaffInfo("9.9.9", "/c", "today", False, [note]),
                         check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
    kiosk = kiosk_factory(make_content(), locked=True, staff=access)
    tap_corner(qtbot, kiosk, 5)
    enter(qtbot, kiosk, "2468")
    assert kiosk.staff_panel is not None and kiosk.staff_panel.isVisible()
    assert ("en/10-first/20-two.md:4: note: this page is due for review in 12 days"
            in kiosk.staff_panel.problems.toPlainText())
