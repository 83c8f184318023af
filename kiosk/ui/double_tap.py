"""One tap of a double tap, when the first one moved the patient: a double tap is one intent.

Qt gives the second of two quick taps in one place as a MouseButtonDblClick, which a button
takes as another click. So a patient who double-taps (a habit from computers, or an unsure
finger) on Next turned two pages, skipping one; on a tile, the second tap pressed whatever the
opened section had under the finger (a link, a button). The second tap is dropped, press to
release, when the first one took the patient somewhere (`moved`, the router's location
changed) or changed what lies under the finger (another widget took it). A quick second tap on
the same control that moved nothing still counts: two taps on a PIN key are two digits, and
five corner taps stay five (the corner gesture counts them before this filter sees them).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
_FOLLOWS = (QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease)


class DoubleTapGuard(QObject):
    def __init__(self, window: QWidget, moved: SignalInstance) -> None:
        super().__init__()
        self.window = window
        self._stamp = -1  # the press being offered to each parent in turn, by its time stamp
        self._first: QWidget | None = None  # the widget the last press landed on
        self._moved = False  # the patient went somewhere since that press
        self._dropping = False
        moved.connect(self._on_moved)

    def _on_moved(self, *_: object) -> None:
        self._moved = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if self._dropping and kind in _FOLLOWS:
            if kind == QEvent.Type.MouseButtonRelease:
                self._dropping = False
            return True
        if kind not in _PRESSES or not isinstance(event, QMouseEvent) \
                or event.button() != Qt.MouseButton.LeftButton \
                or not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if event.timestamp() == self._stamp:  # the same press, offered to a parent
            return self._dropping
        self._stamp = event.timestamp()
        second = kind == QEvent.Type.MouseButtonDblClick
        if second and (self._moved or watched is not self._first):
            self._dropping = True
            return True
        self._dropping = False
        self._first, self._moved = watched, False
        return False
