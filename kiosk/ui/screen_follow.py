"""Following the screen while the kiosk runs: a monitor turned to portrait, given another mode,
switched off and on (a hotplug), a new primary screen or another DPI. Sizes come from the
screen's real size (`Metrics.for_screen`), so each change is measured again and the kiosk laid
out again as if it had started on that screen; under X11 with no window manager nothing else
would fit the window to the screen, so the follower does that too."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, SignalInstance
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from kiosk.ui.theme import Metrics

log = logging.getLogger(__name__)

# Qt sends several signals for one change (geometry, then orientation, then DPI; a screen
# removed, then the primary screen changed): wait for the burst to end, then lay out once.
SETTLE_MS = 300


# Smaller than any screen a kiosk runs on: with every output off, X keeps its root window at
# 64x64 and Qt's xcb platform may offer that as a stand-in screen.
_SMALLEST = 200


def usable(screen: QScreen | None) -> bool:
    """A real screen, not the stand-in Qt keeps with every output gone (no size under
    Wayland, the X root window shrunk to 64x64 under X)."""
    if screen is None:
        return False
    size = screen.geometry().size()
    return size.width() >= _SMALLEST and size.height() >= _SMALLEST


def metrics_for(screen: QScreen | None, user_scale: float = 1.0) -> Metrics:
    """The sizes for `screen`, from its pixels and physical size; with no real screen yet, the
    reference screen's (the kiosk lays itself out again when one appears)."""
    if not usable(screen):
        return Metrics.for_screen(1920, 1080, None, user_scale)
    assert screen is not None
    size = screen.geometry().size()
    physical = screen.physicalSize()
    return Metrics.for_screen(size.width(), size.height(),
                              (physical.width(), physical.height()), user_scale)


class ScreenFollower(QObject):
    """Watches the screens and the window's screen; after a burst of changes settles, calls
    `on_change(screen)` (which lays the kiosk out for it, and says whether the sizes changed)
    and, with `full_screen`, fits the window to that screen again. With no screen at all it
    waits for one."""

    def __init__(self, window: QWidget, app: QGuiApplication,
                 on_change: Callable[[QScreen], bool], *, full_screen: bool = True,
                 settle_ms: int = SETTLE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.app = app
        self.on_change = on_change
        self.full_screen = full_screen
        self._watched: QScreen | None = None
        self._waiting = False  # no screen at all: said once, until one comes
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self.settle)
        app.screenAdded.connect(self._screen_added)
        app.screenRemoved.connect(self._screen_removed)
        app.primaryScreenChanged.connect(self.changed)
        # The window's screen changing reaches the widget as an event: no native window needed
        # (the window is not made yet when the kiosk is built).
        window.installEventFilter(self)
        self._watch(window.screen())

    def stop(self) -> None:
        self._timer.stop()

    def changed(self, *_: object) -> None:
        """Something about the screens changed: settle, then look again (restarts the wait)."""
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.window and event.type() == QEvent.Type.ScreenChangeInternal:
            self._watch(self.window.screen())
            self.changed()
        return False

    def _screen_added(self, screen: QScreen) -> None:
        log.info("screen added: %s", screen.name() or "(unnamed)")
        self.changed()

    def _screen_removed(self, screen: QScreen) -> None:
        log.info("screen removed: %s", screen.name() or "(unnamed)")
        if screen is self._watched:
            self._watched = None  # Qt deletes it after this signal
        self.changed()

    def _watch(self, screen: QScreen | None) -> None:
        """Follow the size, orientation and DPI of the window's screen (and only that one)."""
        if screen is self._watched:
            return
        if self._watched is not None:
            for signal in self._screen_signals(self._watched):
                signal.disconnect(self.changed)
        self._watched = screen
        if screen is not None:
            for signal in self._screen_signals(screen):
                signal.connect(self.changed)

    @staticmethod
    def _screen_signals(screen: QScreen) -> tuple[SignalInstance, ...]:
        return (screen.geometryChanged, screen.physicalDotsPerInchChanged,
                screen.orientationChanged, screen.physicalSizeChanged)

    def target(self) -> QScreen | None:
        """The screen the kiosk belongs on: its window's, while that one is still there, else
        the primary screen; None with no real screen at all."""
        screens = [s for s in self.app.screens() if usable(s)]
        current = self.window.screen()
        if current in screens:
            return current
        primary = self.app.primaryScreen()
        if primary in screens:
            return primary
        return screens[0] if screens else None

    def settle(self) -> None:
        """The burst is over: lay out for the screen now there, once, if anything changed."""
        self._timer.stop()
        screen = self.target()
        if screen is None:
            if not self._waiting:
                log.info("no screen connected; the kiosk waits for one")
            self._waiting = True
            return
        self._waiting = False
        handle = self.window.windowHandle()
        if handle is not None and handle.screen() is not screen:
            handle.setScreen(screen)
        self._watch(screen)
        if self.full_screen:
            self.fit(screen)  # first, so the new layout is made at the new size
        relaid = self.on_change(screen)
        size = screen.geometry().size()
        log.info("screen changed: %dx%d at %d dpi; %s", size.width(), size.height(),
                 round(screen.physicalDotsPerInch()),
                 "laid out again" if relaid else "the layout still fits")

    def fit(self, screen: QScreen) -> None:
        """Cover the screen: with no window manager (X11) nothing else resizes the window."""
        if self.window.geometry() != screen.geometry() or not self.window.isFullScreen():
            self.window.setGeometry(screen.geometry())
            if self.window.isVisible() or self.window.isFullScreen():
                self.window.showFullScreen()
