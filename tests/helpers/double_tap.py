"""Qt's double-tap time, set for one test: two taps in a row are, or are never, a double tap
however fast or slow the machine running the test is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QGuiApplication


@contextmanager
def double_tap_interval(ms: int) -> Iterator[None]:
    """Qt's double-click (double-tap) interval is `ms` inside the block, and put back after."""
    hints = QGuiApplication.styleHints()
    saved = hints.mouseDoubleClickInterval()
    hints.setMouseDoubleClickInterval(ms)
    try:
        yield
    finally:
        hints.setMouseDoubleClickInterval(saved)
