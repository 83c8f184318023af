"""Notices every touch, click and key anywhere in the app, so idle timers know a patient is
there; and can swallow one whole touch (press to release), so the touch that stops the
slideshow does nothing else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal

_STARTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress, QEvent.Type.Wheel,
})
_FOLLOWS = frozenset({
    QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease, QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonDblClick,
})
_ENDS = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.KeyRelease,
                   QEvent.Type.TouchCancel})


class ActivityMonitor(QObject):
    activity = Signal()

    def __init__(self, interceptor: Callable[[], bool] | None = None) -> None:
        super().__init__()
        # Asked on each new touch: True means "this touch is mine; deliver none of it".
        self.interceptor = interceptor
        self._swallowing = False
        self._last_start: tuple[int, int] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if self._swallowing:
            if kind in _ENDS:
                self._swallowing = False
            return kind in _FOLLOWS or kind in _STARTS
        if kind in _STARTS:
            # One press is offered to each parent in turn; count it once.
            stamp = (int(kind), getattr(event, "timestamp", lambda: id(event))())
            if stamp == self._last_start:
                return False
            self._last_start = stamp
            self.activity.emit()
            if self.interceptor is not None and self.interceptor():
                self._swallowing = kind != QEvent.Type.Wheel
                return True
        return False
