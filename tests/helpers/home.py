"""The home screen of a test kiosk, and where a widget sits in its window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from kiosk.ui.factory import Kiosk
from kiosk.ui.home import HomeScreen


def home_of(kiosk: Kiosk) -> HomeScreen:
    kiosk.window.router.go_home(animate=False)
    home = kiosk.window.home
    assert home is not None
    return home


def on_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())
