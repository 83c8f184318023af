"""Opening hours on screen: outside them the kiosk sleeps (a black cover over everything, the
visit forgotten, no slideshow or idle timers, the read-aloud worker stopped, the display off
where it can be); a first touch wakes it for `wake_minutes` and does nothing else; opening
time wakes it.

The time comes from `clock`, passed in, so tests drive it. The timer for the next change is
set from the wall clock and can be wrong across a clock change or DST; a re-check every few
minutes puts it right.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.opening_hours import Schedule, describe, is_open, next_change
from kiosk.ui.display_power import DisplayPower
from kiosk.ui.widgets import KeepCovering, cover_parent

log = logging.getLogger(__name__)

RECHECK_MS = 5 * 60 * 1000


class SleepCover(QWidget):
    """Black over the whole window, above every page and panel; it follows the window's size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAccessibleName("Asleep: touch to wake")
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.follow = KeepCovering(self)
        self.hide()

    def cover(self) -> None:
        cover_parent(self)  # again on each re-check: widgets made since (a reload) go on top

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        QPainter(self).fillRect(self.rect(), Qt.GlobalColor.black)


class OpeningHours(QObject):
    """Sleeps and wakes the kiosk by `schedule`. `fell_asleep` and `woke` are for the parts
    that stop and start (build_kiosk wires them); the display is turned off and on here."""

    fell_asleep = Signal()
    woke = Signal()

    def __init__(self, window: QWidget, schedule: Schedule, wake_minutes: float,
                 clock: Callable[[], datetime], display: DisplayPower) -> None:
        super().__init__()
        self.schedule = schedule
        self.wake_for = timedelta(minutes=wake_minutes)
        self.clock = clock
        self.display = display
        self.cover = SleepCover(window)
        self.asleep = False
        self.woken_until: datetime | None = None  # a touch woke it while closed, until then
        self.change_timer = self._timer(single=True)
        self.wake_timer = self._timer(single=True)
        self.recheck = self._timer(single=False)
        self.recheck.setInterval(RECHECK_MS)

    def _timer(self, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.timeout.connect(self.check)
        return timer

    def start(self) -> None:
        self.recheck.start()
        self.check()

    def stop(self) -> None:
        """The kiosk is closing: no more timers, and a display left on."""
        for timer in (self.change_timer, self.wake_timer, self.recheck):
            timer.stop()
        if self.asleep:
            self.display.on()

    def check(self) -> None:
        """Asleep or awake as the time says; every timer lands here."""
        now = self.clock()
        if self.woken_until is not None and now >= self.woken_until:
            self.woken_until = None
        open_now = is_open(self.schedule, now)
        if open_now:
            self.woken_until = None  # opening time ends a touch's wake: now it is just open
            if self.asleep:
                self._wake("opening hours")
        elif self.woken_until is None:
            if self.asleep:
                self.cover.cover()
            else:
                self._sleep(now)
        change = next_change(self.schedule, now)
        if change is not None:
            self.change_timer.start(_ms_between(now, change))

    def on_touch(self) -> bool:
        """For the activity monitor, on each new touch: True when it only woke the kiosk. A
        touch while woken keeps it awake another `wake_minutes`, so no one is read to the end
        of a page and then blacked out."""
        if not self.asleep and self.woken_until is None:
            return False
        now = self.clock()
        self.woken_until = now + self.wake_for
        self.wake_timer.start(_ms_between(now, self.woken_until))
        if not self.asleep:
            return False
        minutes = round(self.wake_for.total_seconds() / 60)
        self._wake(f"touched, for {minutes} minutes")
        return True

    def _sleep(self, now: datetime) -> None:
        self.asleep = True
        self.fell_asleep.emit()  # the visit is forgotten first: the next touch finds home
        self.cover.cover()
        self.display.off()
        change = next_change(self.schedule, now)
        log.info("asleep until %s", describe(change) if change else "touched")

    def _wake(self, why: str) -> None:
        self.asleep = False
        self.display.on()
        self.cover.hide()
        self.woke.emit()
        log.info("awake: %s", why)


def _ms_between(now: datetime, then: datetime) -> int:
    """Real milliseconds (through timestamps: across DST, wall-clock subtraction is an hour
    out), at least a second so a boundary never spins."""
    return max(1000, math.ceil((then.timestamp() - now.timestamp()) * 1000))
