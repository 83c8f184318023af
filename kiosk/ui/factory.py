"""Builds the patient-facing window and its helpers, for the app, the self-test and tests."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.content.model import Library
from kiosk.ui.activity import ActivityMonitor
from kiosk.ui.fonts import load_fonts
from kiosk.ui.slideshow import Slideshow
from kiosk.ui.theme import Metrics
from kiosk.ui.window import KioskWindow


@dataclass
class Kiosk:
    window: KioskWindow
    slideshow: Slideshow
    activity: ActivityMonitor

    def dispose(self, app: QApplication) -> None:
        """Tear down in order while Qt is alive. Left to interpreter shutdown, PySide6 6.12
        can free objects in the wrong order and abort after a clean run."""
        app.removeEventFilter(self.activity)
        self.slideshow.stop()
        self.window.close()
        self.window.deleteLater()
        app.processEvents()


def screen_metrics(user_scale: float = 1.0) -> Metrics:
    screen = QGuiApplication.primaryScreen()
    size = screen.geometry().size()
    physical = screen.physicalSize()
    return Metrics.for_screen(size.width(), size.height(),
                              (physical.width(), physical.height()), user_scale)


def build_kiosk(
    app: QApplication,
    library: Library,
    metrics: Metrics,
    slideshow_idle_s: float = 60.0,
    transition_ms: int = 180,
    font_family: str | None = None,
) -> Kiosk:
    family = font_family or load_fonts()
    slideshow = Slideshow(slideshow_idle_s)
    window = KioskWindow(library, metrics, family, slideshow, transition_ms=transition_ms)
    activity = ActivityMonitor(window.stop_slideshow_if_running)
    activity.activity.connect(window.note_activity)
    app.installEventFilter(activity)
    return Kiosk(window, slideshow, activity)


def show_kiosk(window: KioskWindow, windowed: bool) -> None:
    if windowed:
        window.resize(min(window.metrics.width, 1600), min(window.metrics.height, 1000))
        window.show()
        return
    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    # Kiosks often run X with no window manager, and then nothing but us sizes the window:
    # cover the screen ourselves as well as asking for full screen.
    window.setGeometry(window.screen().geometry())
    window.showFullScreen()
