"""No way out for patients: the keys and gestures that would close, shrink or leave the kiosk
do nothing, and the window refuses to close or leave full screen unless the app is quitting."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_MOD = Qt.KeyboardModifier
_KEY = Qt.Key
# Keys that leave, close, shrink or switch: blocked in kiosk mode.
_BLOCKED_ALONE = frozenset({_KEY.Key_Escape, _KEY.Key_F11, _KEY.Key_Menu, _KEY.Key_Super_L,
                            _KEY.Key_Super_R, _KEY.Key_Meta, _KEY.Key_Close, _KEY.Key_Back})
_BLOCKED_WITH_CTRL = frozenset({_KEY.Key_Q, _KEY.Key_W, _KEY.Key_N, _KEY.Key_T, _KEY.Key_P,
                                _KEY.Key_S, _KEY.Key_O, _KEY.Key_F4, _KEY.Key_Tab})
_BLOCKED_WITH_ALT = frozenset({_KEY.Key_F4, _KEY.Key_Tab, _KEY.Key_Space, _KEY.Key_Escape})


def is_blocked_key(event: QKeyEvent) -> bool:
    key = _KEY(event.key())
    mods = event.modifiers()
    if key in _BLOCKED_ALONE:
        return True
    if mods & _MOD.ControlModifier and key in _BLOCKED_WITH_CTRL:
        return True
    if mods & _MOD.AltModifier and key in _BLOCKED_WITH_ALT:
        return True
    return bool(mods & _MOD.MetaModifier)


class Lockdown(QObject):
    """Kiosk (full-screen) mode. Made with the window: from then on the window refuses to
    close and goes back to full screen if anything shrinks it, until `release`. Its key and
    mouse filter is application-wide, installed once the first frame is up
    (`Kiosk.install_input_filters`)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.keeper = _KeepOpen(window)
        window.installEventFilter(self.keeper)

    def release(self) -> None:
        """The kiosk itself is quitting (SIGTERM, the staff panel's Quit): let the window go."""
        self.keeper.quitting = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
                event, QKeyEvent) and is_blocked_key(event):
            log.debug("blocked key %s", event.key())
            return True
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                    QEvent.Type.MouseButtonDblClick) and isinstance(event, QMouseEvent):
            # Only the primary button (a finger) does anything: no right-click menus.
            return event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
        return False


class _KeepOpen(QObject):
    """The window's own filter (a separate object, so the application-wide filter, which also
    sees the window's events, does not act on them a second time)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.quitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is not self.window or self.quitting:
            return False
        if event.type() == QEvent.Type.Close:
            log.info("a request to close the kiosk window was refused (kiosk mode)")
            event.ignore()
            return True
        if event.type() == QEvent.Type.WindowStateChange and not self.window.isFullScreen():
            QTimer.singleShot(0, self.window.showFullScreen)  # minimised or un-maximised: undo
        return False
