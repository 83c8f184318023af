"""A short cross-fade between screens (≤ 250 ms; no flashing), drawn from a snapshot so the
new screen is live at once and a tap during the fade goes to it."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

DURATION_MS = 180


class Fader:
    def __init__(self, host: QWidget, duration_ms: int = DURATION_MS) -> None:
        self.host = host
        self.duration_ms = duration_ms
        self.overlay = QLabel(host)
        self.overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.overlay.hide()
        self.effect = QGraphicsOpacityEffect(self.overlay)
        self.overlay.setGraphicsEffect(self.effect)
        self.animation = QPropertyAnimation(self.effect, b"opacity")
        self.animation.setDuration(duration_ms)
        self.animation.setStartValue(1.0)
        self.animation.setEndValue(0.0)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.finished.connect(self._finish)

    def snapshot(self) -> None:
        """Call before changing the screen: freezes what is shown now, to fade it away."""
        if self.duration_ms <= 0 or not self.host.isVisible():
            return
        self.animation.stop()
        self.overlay.setPixmap(self.host.grab())
        self.overlay.setGeometry(self.host.rect())
        self.effect.setOpacity(1.0)
        self.overlay.show()
        self.overlay.raise_()

    def start(self) -> None:
        if self.overlay.isVisible():
            self.animation.start()

    def _finish(self) -> None:
        self.overlay.hide()
        self.overlay.clear()  # drop the snapshot's memory
