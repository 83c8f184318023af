"""Logging from the first line: Python's logging to stderr, with Qt's own messages routed in."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# Harmless messages of the offscreen and xcb platforms that would only alarm whoever reads the
# log (the offscreen platform cannot pass size hints to a window manager it does not have).
QT_NOISE = ("propagateSizeHints",)


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def route_qt_messages() -> None:
    """Qt's warnings (fonts, plugins, layouts) go to our log instead of bare stderr."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler  # noqa: PLC0415

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
