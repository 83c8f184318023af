"""Builds the patient-facing window and its helpers, for the app, the self-test and tests."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Library
from kiosk.core import opening_hours
from kiosk.core.config import Settings
from kiosk.ui.activity import ActivityMonitor
from kiosk.ui.display_power import DisplayPower, display_power_for
from kiosk.ui.double_tap import DoubleTapGuard
from kiosk.ui.fonts import load_fonts
from kiosk.ui.idle import IdleReset
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.router import Router
from kiosk.ui.screen_follow import ScreenFollower, metrics_for
from kiosk.ui.sleep import OpeningHours
from kiosk.ui.slideshow import Slideshow
from kiosk.ui.speech import Speaker
from kiosk.ui.staff import CornerTaps, PinPad, StaffInfo, StaffPanel
from kiosk.ui.theme import Metrics
from kiosk.ui.window import KioskWindow

if TYPE_CHECKING:
    from kiosk.ui.install_check import InstallCheck

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffAccess:
    """How staff get in: `check_pin` answers "ok", "wrong" or "locked"; with `pin_required`
    False (a windowed staff preview) the gesture opens the panel directly. `info` is what the
    panel shows; `updates`, signals that mean it changed (the open panel reads it again)."""

    info: Callable[[], StaffInfo]
    check_pin: Callable[[str], str]
    locked_for: Callable[[], float]
    pin_required: bool = True
    updates: Sequence[SignalInstance] = ()


@dataclass
class Kiosk:
    window: KioskWindow
    slideshow: Slideshow
    activity: ActivityMonitor
    idle: IdleReset
    lockdown: Lockdown | None = None
    corner: CornerTaps | None = None
    pin_pad: PinPad | None = None
    staff_panel: StaffPanel | None = None
    # The installer's check screen, made by `make_check` the first time staff ask for it
    # (`open_check`): most kiosks never open it, so its modules and widgets stay out of every
    # start and every kiosk's memory.
    check: InstallCheck | None = None
    make_check: Callable[[], InstallCheck] | None = None
    double_tap: DoubleTapGuard | None = None
    screens: ScreenFollower | None = None
    hours: OpeningHours | None = None  # None: always on

    def open_check(self) -> InstallCheck | None:
        if self.check is None and self.make_check is not None:
            self.check = self.make_check()
        if self.check is not None:
            self.check.open()
        return self.check

    def close_check(self) -> None:
        if self.check is not None:
            self.check.close_check()

    def input_filters(self) -> list[QObject]:
        """What watches every event in the application: touches, corner taps, blocked keys."""
        # The last installed sees an event first: the double-tap guard, first here, drops a
        # second tap only after the others have counted it (activity, corner taps).
        return [f for f in (self.double_tap, self.activity, self.lockdown, self.corner)
                if f is not None]

    def install_input_filters(self, app: QApplication) -> None:
        for item in self.input_filters():
            app.installEventFilter(item)

    def dispose(self, app: QApplication) -> None:
        """Tear down in order while Qt is alive, rather than leave it to interpreter exit."""
        for item in self.input_filters():
            app.removeEventFilter(item)
        self.slideshow.stop()
        if self.check is not None:
            self.check.close_check()  # a tone still playing is stopped
            self.check.player.dispose()
        if self.hours is not None:
            self.hours.stop()
        if self.screens is not None:
            self.screens.stop()
        if self.window.listen_bar.speaker is not None:
            self.window.listen_bar.speaker.shutdown()
        self.idle.idle.stop()
        self.idle.tick.stop()
        if self.lockdown is not None:
            self.lockdown.release()
        self.window.close()
        self.window.deleteLater()
        app.processEvents()


def screen_metrics(user_scale: float = 1.0) -> Metrics:
    return metrics_for(QGuiApplication.primaryScreen(), user_scale)


def build_kiosk(
    app: QApplication,
    library: Library,
    metrics: Metrics,
    settings: Settings | None = None,
    *,
    locked: bool = False,
    staff: StaffAccess | None = None,
    quick_start: bool = False,
    font_family: str | None = None,
    follow_screens: bool = False,
    clock: Callable[[], datetime] | None = None,
    display: DisplayPower | None = None,
) -> Kiosk:
    """The kiosk for `library`, set up by `settings` (each part reads what it needs there).
    `locked`: kiosk mode (no way out); `staff`: how staff get in, None for not at all.

    `quick_start`: leave what the first frame does not need for the caller to finish once the
    window is on screen (the kiosk's start): the input filters (`install_input_filters`: every
    event of every widget passes through them, in Python, and showing the window sends
    hundreds before anyone can touch it); the home tiles below the fold and the questions menu
    (`window.prebuild`).

    `follow_screens`: lay the kiosk out again when its screen changes while it runs (and, when
    `locked`, keep the window full screen on it): the real kiosk does; tests build at one size.

    `clock`: the local time now, for the opening hours and the notices on home (tests pass
    their own); `display`: what
    turns the display off while asleep (by default the settings' commands, else X11's DPMS).
    """
    settings = settings or Settings()
    family = font_family or load_fonts()
    slideshow = Slideshow(settings.slideshow_after_s)
    speaker = Speaker(settings.speech_engine, settings.speech_volume) \
        if settings.read_aloud else None
    window = KioskWindow(Router(library), metrics, family, slideshow, speaker, settings,
                         staged=quick_start, clock=clock or _local_now)
    idle = IdleReset(window, settings.idle_timeout_s, settings.idle_warning_s)
    hours = _opening_hours(window, slideshow, idle, settings, clock, display)

    def first_touch_only() -> bool:
        """A touch that wakes a sleeping kiosk or stops the slideshow does nothing else."""
        return (hours is not None and hours.on_touch()) or window.stop_slideshow_if_running()

    activity = ActivityMonitor(first_touch_only)
    activity.activity.connect(window.note_activity)
    activity.activity.connect(idle.note_activity)
    if speaker is not None:
        # The read-aloud worker runs only during a visit: from its first touch to the idle reset.
        activity.activity.connect(speaker.wake)
        idle.at_rest.connect(speaker.rest)
    corner, pad, panel, make_check = _staff_parts(window, staff, idle) \
        if staff is not None else (None, None, None, None)
    kiosk = Kiosk(window, slideshow, activity, idle,
                  lockdown=Lockdown(window) if locked else None,
                  corner=corner, pin_pad=pad, staff_panel=panel, make_check=make_check,
                  double_tap=DoubleTapGuard(window, window.router.location_changed),
                  hours=hours)
    if panel is not None:
        panel.check_requested.connect(kiosk.open_check)
        idle.visit_reset.connect(kiosk.close_check)
    if follow_screens:
        kiosk.screens = ScreenFollower(
            window, app,
            lambda screen: window.set_screen_metrics(metrics_for(screen, settings.text_scale)),
            full_screen=locked)
    if not quick_start:
        kiosk.install_input_filters(app)
    if hours is not None:
        hours.start()  # closed now: the kiosk starts asleep
    return kiosk


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _opening_hours(window: KioskWindow, slideshow: Slideshow, idle: IdleReset,
                   settings: Settings, clock: Callable[[], datetime] | None,
                   display: DisplayPower | None) -> OpeningHours | None:
    """Sleep and wake by the opening hours; None when there are none (always on). Asleep,
    nothing counts down but the timers that wake it: the idle reset forgets the visit (and so
    rests the read-aloud worker) and pauses, the slideshow stops."""
    schedule = opening_hours.parse(settings.opening_hours)  # checked when the settings loaded
    if schedule.always_open:
        return None
    hours = OpeningHours(window, schedule, settings.wake_minutes, clock or _local_now,
                         display or display_power_for(settings, QGuiApplication.platformName()))
    hours.fell_asleep.connect(idle.pause)  # first: going home would arm the slideshow
    hours.fell_asleep.connect(slideshow.stop)
    hours.fell_asleep.connect(slideshow.disarm)
    hours.woke.connect(idle.resume)
    hours.woke.connect(window.note_activity)  # home again: the slideshow counts down as usual
    return hours


def _staff_parts(window: KioskWindow, staff: StaffAccess, idle: IdleReset,
                 ) -> tuple[CornerTaps, PinPad | None, StaffPanel, Callable[[], InstallCheck]]:
    """The corner gesture, the PIN pad (not in a windowed preview), the staff panel and how
    to make its check screen; an idle reset closes them, as it ends any visit."""
    m = window.metrics
    colours = lambda: window.palette_  # noqa: E731 - the theme shown now, high contrast or not
    panel = StaffPanel(window, m, staff.info, staff.updates, palette=colours)

    def make_check() -> InstallCheck:
        from kiosk.ui.install_check import InstallCheck  # noqa: PLC0415 - on first request

        return InstallCheck(window, window.metrics, staff.info,
                            lambda: window.router.library, window.listen_bar.speaker, colours)

    corner = CornerTaps(window, m)
    pad = None
    if staff.pin_required:
        pad = PinPad(window, m, staff.check_pin, staff.locked_for)
        pad.accepted.connect(panel.open)
        way_in = pad.open
        idle.visit_reset.connect(pad.close_pad)
    else:
        way_in = panel.open

    def corner_tapped() -> None:
        # Staff are in already: taps on the touch test's top-right cross are not the gesture.
        if not panel.isVisible():
            way_in()

    corner.triggered.connect(corner_tapped)
    idle.visit_reset.connect(panel.hide)
    return corner, pad, panel, make_check


def show_kiosk(window: KioskWindow, windowed: bool) -> None:
    if windowed:
        # The size the screen's layout was made for, not a smaller window that would cut off
        # what the full-screen kiosk shows (a window manager may still trim it by its title
        # bar and panels: for an exact picture of a kiosk screen, staff use `kiosk preview`).
        window.resize(window.metrics.width, window.metrics.height)
        window.show()
        return
    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    # Kiosks often run X with no window manager, and then nothing but us sizes the window:
    # cover the screen ourselves as well as asking for full screen.
    window.setGeometry(window.screen().geometry())
    window.showFullScreen()
