"""Idle reset: each new patient finds the home screen, not the last patient's page.

After `timeout_s` without a touch away from home, a "Still reading?" prompt shows one large
button and a visible countdown (at least 20 s, WCAG 2.2.1); when it runs out the visit is
forgotten and home shows. On home there is no prompt: a visit's settings are just reset.
Either way the kiosk is then at rest (`at_rest`): what only a visit needs can stop.
"""

from __future__ import annotations

import logging
import math
import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QMouseEvent

from kiosk.ui.router import Screen
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import Overlay, button, label
from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)

MIN_WARNING_S = 20.0


class StillReadingPrompt(Overlay):
    keep_reading = Signal()

    def __init__(self, window: KioskWindow, m: Metrics) -> None:
        super().__init__(window, m, "Still reading?")
        self.window_ = window
        self.heading = label("", "Heading")
        self.countdown = label("", "Countdown")
        self.button = button("", "Keep reading")
        self.button.setMinimumHeight(round(m.target * 1.3))
        self.body.addWidget(self.heading)
        self.body.addWidget(self.countdown)
        self.body.addWidget(self.button)
        self.button.clicked.connect(self.keep_reading.emit)

    def show_seconds(self, seconds: int) -> None:
        s = self.window_.strings
        self.heading.setText(s("still_reading"))
        self.countdown.setText(s("going_home_in", seconds=seconds))
        self.countdown.setAccessibleName(self.countdown.text())
        self.button.setText(s("keep_reading"))
        self.button.setAccessibleName(s("keep_reading"))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.keep_reading.emit()  # a touch anywhere on the prompt means "still here"


class IdleReset(QObject):
    visit_reset = Signal()  # the visit was forgotten
    at_rest = Signal()  # on home with no one there: after a reset, or idle on home

    def __init__(self, window: KioskWindow, timeout_s: float, warning_s: float) -> None:
        super().__init__()
        self.window = window
        self.warning_s = max(MIN_WARNING_S, warning_s)
        self.prompt = StillReadingPrompt(window, window.metrics)
        self.prompt.keep_reading.connect(self.note_activity)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(max(1, round(timeout_s * 1000)))
        self.idle.timeout.connect(self._idle)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.deadline = 0.0
        self.enabled = timeout_s > 0
        if self.enabled:
            self.idle.start()

    def note_activity(self) -> None:
        if self.prompt.isVisible():
            log.info("idle prompt answered; staying on the page")
            self.prompt.hide()
            self.tick.stop()
        if self.enabled:
            self.idle.start()

    def pause(self) -> None:
        """The kiosk goes to sleep (closed): forget the visit now, and count nothing until
        `resume`."""
        self.idle.stop()
        self.tick.stop()
        self.prompt.hide()
        self._reset()

    def resume(self) -> None:
        if self.enabled:
            self.idle.start()

    def _idle(self) -> None:
        if self.window.router.location.screen is Screen.HOME:
            if self.window.visit_changed():
                self._reset()  # e.g. a language chosen on home, then left
            else:
                self.at_rest.emit()
            self.idle.start()
            return
        self.deadline = time.monotonic() + self.warning_s
        self._tick()
        self.prompt.open()
        self.tick.start()

    def _tick(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.tick.stop()
            self.prompt.hide()
            self._reset()
            self.idle.start()
            return
        self.prompt.show_seconds(math.ceil(left))

    def _reset(self) -> None:
        log.info("idle reset: forgetting the visit and going home")
        self.window.router.reset_visit()
        self.visit_reset.emit()
        self.at_rest.emit()
