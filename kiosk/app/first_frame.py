"""Work that can wait until the patient sees the first screen: the full check of the content,
the file watches. Run before the first frame, it only makes the screen appear later."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class AfterFirstFrame(QObject):
    """Calls `callback` once, on the pass of the event loop after `window` first paints, or
    after `fallback_ms` if it never does (a screen switched off at start still gets its
    content checked)."""

    def __init__(self, window: QWidget, callback: Callable[[], None],
                 fallback_ms: int = 3000) -> None:
        super().__init__(window)
        self.window = window
        self.callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self.callback = self.callback, None
        if callback is None:
            return
        self.window.removeEventFilter(self)
        callback()
