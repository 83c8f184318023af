"""Qt's own messages (fonts, plugins, layouts) into Python logging, instead of bare stderr."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

# Harmless messages of the offscreen and xcb platforms that would only alarm whoever reads the
# log (the offscreen platform cannot pass size hints to a window manager it does not have).
QT_NOISE = ("propagateSizeHints",
            # QtMultimedia (behind text-to-speech) probing for PipeWire, absent on most kiosks.
            "pipewire")


def route_qt_messages() -> None:
    """Install the handler; Qt calls it from any thread, so it only logs."""
    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if any(noise in message for noise in QT_NOISE):
            return
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)
