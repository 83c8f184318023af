"""Optional burn-in care: every few minutes the whole picture moves by a pixel or two, so
nothing stays lit on exactly the same pixels for months. Slow enough that no one notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

# A small square walk: (dx, dy) in pixels, visited in turn.
STEPS = ((0, 0), (2, 0), (2, 2), (0, 2), (-2, 2), (-2, 0), (-2, -2), (0, -2), (2, -2))


class PixelShift(QObject):
    def __init__(self, window: QWidget, interval_s: float = 300.0) -> None:
        super().__init__(window)
        self.window = window
        self.index = 0
        self.timer = QTimer(self)
        self.timer.setInterval(round(interval_s * 1000))
        self.timer.timeout.connect(self.step)

    def start(self) -> None:
        self.timer.start()

    def step(self) -> None:
        self.index = (self.index + 1) % len(STEPS)
        dx, dy = STEPS[self.index]
        layout = self.window.layout()
        if layout is not None:
            # Margins on the side we move away from; the picture shifts, nothing is cut off.
            layout.setContentsMargins(max(dx, 0) + 2, max(dy, 0) + 2,
                                      max(-dx, 0) + 2, max(-dy, 0) + 2)
