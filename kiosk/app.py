"""Running the kiosk: Qt application, content, window, clean exit on SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

from kiosk import __version__, paths
from kiosk.exitcodes import Exit
from kiosk.logs import route_qt_messages, setup_logging
from kiosk.startup import NoContentError, initial_library

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    setup_logging()
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk.ui.factory import build_kiosk, screen_metrics, show_kiosk  # noqa: PLC0415
    from kiosk.watcher import ContentWatcher  # noqa: PLC0415

    route_qt_messages()
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    folder = args.content or paths.default_content()
    try:
        library, _ = initial_library(folder)
    except NoContentError as exc:
        log.critical("%s", exc)
        print(f"kiosk: cannot start: {exc}", file=sys.stderr)
        return Exit.FATAL
    metrics = screen_metrics()
    log.info("kiosk %s, PySide6 %s, %s, screen %dx%d (scale %.2f), content %s",
             __version__, pyside_version, sys.platform, metrics.width, metrics.height,
             metrics.scale, library.root)
    kiosk = build_kiosk(app, library, metrics)
    watcher = ContentWatcher(folder)
    watcher.library_ready.connect(kiosk.window.set_library)
    watcher.start()
    show_kiosk(kiosk.window, args.windowed)
    _quit_on_signals(app)
    code = app.exec()
    watcher.stop()
    kiosk.dispose(app)
    log.info("kiosk stopped (%d)", code)
    return Exit.OK if code == 0 else Exit.FATAL


def _quit_on_signals(app: object) -> None:
    """SIGTERM/SIGINT quit the event loop cleanly. Python handlers only run when Python gets
    control, so a pipe wakes Qt's loop on POSIX; Windows has no such pipe, so poll slowly."""
    from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer  # noqa: PLC0415

    def quit_now(*_: object) -> None:
        log.info("signal received; quitting")
        QCoreApplication.quit()

    signal.signal(signal.SIGTERM, quit_now)
    signal.signal(signal.SIGINT, quit_now)
    if os.name == "posix":
        read_fd, write_fd = os.pipe()
        os.set_blocking(write_fd, False)
        os.set_blocking(read_fd, False)
        signal.set_wakeup_fd(write_fd)
        notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)  # type: ignore[call-overload]
        notifier.activated.connect(lambda *_: os.read(read_fd, 64))
    else:
        timer = QTimer(app)  # type: ignore[call-overload]
        timer.start(500)
        timer.timeout.connect(lambda: None)
