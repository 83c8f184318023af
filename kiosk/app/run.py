"""Running the kiosk: settings, logging, one instance per display, content, window, live
reload, staff access, usage counts, fault recovery, and a clean exit on SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import gc
import linecache
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.core import paths
from kiosk.core.config import Settings, find_config, load_settings
from kiosk.core.content_choice import NoContentError, initial_library
from kiosk.core.exitcodes import Exit
from kiosk.core.logs import enable_log_rotation, setup_logging

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.app.watcher import ContentWatcher
    from kiosk.content.model import Library
    from kiosk.core.usage import UsageStore
    from kiosk.ui.factory import Kiosk, StaffAccess
    from kiosk.ui.staff import StaffInfo
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    config_path = find_config(args.config)
    settings, problems = load_settings(config_path)
    log_file = _log_file()
    setup_logging(settings.log_level, log_file, rotate=False)
    for problem in problems:
        log.warning("config: %s", problem.format())
    if settings.rotation:
        # Honoured by the eglfs platform (a kiosk with no desktop); elsewhere the OS rotates.
        os.environ.setdefault("QT_QPA_EGLFS_ROTATION", str(settings.rotation))

    from PySide6 import __version__ as pyside_version  # noqa: PLC0415
    from PySide6.QtCore import QCoreApplication, Qt, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk.app.instance_lock import InstanceLock  # noqa: PLC0415
    from kiosk.app.qt_log import route_qt_messages  # noqa: PLC0415
    from kiosk.app.watcher import ContentWatcher  # noqa: PLC0415
    from kiosk.core.checked_load import load_checked  # noqa: PLC0415
    from kiosk.core.crash import CrashHook  # noqa: PLC0415
    from kiosk.ui.factory import build_kiosk, screen_metrics, show_kiosk  # noqa: PLC0415
    from kiosk.ui.pixel_shift import PixelShift  # noqa: PLC0415

    # PySide6 reads the source of each module that imports it (looking for `from __feature__`
    # lines) and Python's linecache keeps every line read: about 7 MB of text the kiosk never
    # shows. Dropped here, before the content and the window are built, that memory is reused
    # by them instead of raising the peak. (A traceback re-reads what it needs.)
    linecache.clearcache()
    route_qt_messages()
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    # From here on SIGTERM is a clean quit, even while the window is still being built.
    stop_requested: list[int] = []
    window_ref: list[object] = []

    def stop(code: int) -> None:
        stop_requested.append(code)
        for window in window_ref:
            window.quitting = True  # type: ignore[attr-defined]
        QCoreApplication.exit(code)

    _quit_on_signals(app, lambda: stop(Exit.OK))
    lock = InstanceLock()
    if not lock.acquire():
        message = (f"another kiosk is already running on this display (lock file {lock.path}); "
                   "this one exits.")
        log.error("%s", message)
        print(f"kiosk: {message}", file=sys.stderr)
        return Exit.ALREADY_RUNNING
    folder = Path(args.content or settings.content_dir or paths.default_content())
    try:
        library, _ = initial_library(folder, settings.default_language, quick=True)
    except NoContentError as exc:
        log.critical("%s", exc)
        print(f"kiosk: cannot start: {exc}", file=sys.stderr)
        return Exit.FATAL
    metrics = screen_metrics(settings.text_scale)
    log.info("kiosk %s, PySide6 %s, Python %s, %s, screen %dx%d (scale %.2f), content %s, "
             "config %s, log %s", __version__, pyside_version, sys.version.split()[0],
             sys.platform, metrics.width, metrics.height, metrics.scale, folder,
             config_path or "none (defaults)", log_file or "stderr only")
    locked = not args.windowed
    watcher = ContentWatcher(folder, settings.default_language, loader=load_checked)
    usage = _usage_store(settings)
    staff = _staff_access(settings, locked, watcher, usage)
    kiosk = build_kiosk(
        app, library, metrics,
        slideshow_idle_s=settings.slideshow_after_s,
        transition_ms=settings.transition_ms,
        idle_timeout_s=settings.idle_timeout_s,
        idle_warning_s=settings.idle_warning_s,
        locked=locked,
        staff=staff,
        speech_engine=settings.speech_engine if settings.read_aloud else None,
        speech_volume=settings.speech_volume,
        handout_url=settings.handout_url,
        quick_start=True,
    )
    window = kiosk.window
    window_ref.append(window)
    # Nobody can touch a window that is not on screen yet: the input filters, the rest of the
    # screens, the file watches and the full content check all wait for the first frame.
    from kiosk.app.first_frame import AfterFirstFrame  # noqa: PLC0415

    def settle_garbage() -> None:
        # What start-up built stays for the life of the kiosk: set it aside (gc.freeze), so
        # no later collection walks it again while a patient is tapping.
        gc.collect()
        gc.freeze()
        gc.enable()

    def start_watching() -> None:
        watcher.start(check_now=True)

    later = [enable_log_rotation, window.prebuild, settle_garbage, start_watching]

    def next_step() -> None:
        # One piece per pass of the event loop (each 5 to 20 ms), so a tap never waits
        # behind all of them at once.
        later.pop(0)()
        if later:
            QTimer.singleShot(20, next_step)

    def on_screen() -> None:
        kiosk.install_input_filters(app)  # from now on a touch counts
        QTimer.singleShot(20, next_step)

    _follow_first_check(watcher, window, folder, settings.default_language)
    AfterFirstFrame(window, on_screen)
    if usage is not None:
        _count_usage(kiosk, usage)

    if kiosk.staff_panel is not None:
        kiosk.staff_panel.reload_requested.connect(watcher.reload_now)
        kiosk.staff_panel.quit_requested.connect(lambda: stop(Exit.OK))
    hook = CrashHook(recover=window.reset_visit, give_up=lambda: stop(Exit.FATAL),
                     schedule=lambda fn: QTimer.singleShot(0, fn))
    hook.install()
    if locked and settings.hide_cursor:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    if settings.pixel_shift:
        PixelShift(window).start()
    show_kiosk(window, args.windowed)
    code = stop_requested[0] if stop_requested else app.exec()
    hook.uninstall()
    watcher.stop()
    kiosk.dispose(app)
    if usage is not None:
        usage.close()
    lock.release()
    log.info("kiosk stopped (exit %d)", code)
    return code


def _follow_first_check(watcher: ContentWatcher, window: KioskWindow, folder: Path,
                        default_language: str) -> None:
    """The window opens on a quick load; once it has painted, the watcher checks the folder in
    full (pictures, reading grades). If that finds errors before the folder ever passed, the
    bundled content takes its place: the rule at start stays "content with errors is not
    shown", only applied a moment later."""
    from kiosk.core.content_choice import bundled_library  # noqa: PLC0415

    passed: list[bool] = []

    def ready(library: Library) -> None:
        first = not passed
        passed.append(True)
        if first and library == window.library:
            return  # the check confirmed what is on screen: no need to rebuild it
        window.set_library(library)

    def problems(_: object) -> None:
        if passed or window.library.root != watcher.folder:
            return  # the last good content stays, as for any later edit
        fallback = bundled_library(folder, default_language, quick=True)
        if fallback is not None:
            log.error("content folder %s failed its full check; showing the bundled content "
                      "from %s instead", folder, fallback.root)
            window.set_library(fallback)

    watcher.library_ready.connect(ready)
    watcher.problems_found.connect(problems)


def _log_file() -> Path | None:
    try:
        return paths.log_dir() / "kiosk.log"
    except OSError:
        return None


def _usage_store(settings: Settings) -> UsageStore | None:
    if not settings.usage_counting:
        return None
    from kiosk.core.usage import UsageStore, default_path  # noqa: PLC0415

    return UsageStore(default_path())


def _count_usage(kiosk: Kiosk, usage: UsageStore) -> None:
    """Counts only: what was viewed, per day. Nothing that could rebuild one visit."""
    from kiosk.ui.window import Location  # noqa: PLC0415

    def on_location(location: Location) -> None:
        if location.screen == "section" and not kiosk.slideshow.running:
            usage.record("page_view", f"{location.item}/{location.index + 1}")
        elif location.screen == "answer":
            usage.record("faq_open", location.item)

    kiosk.window.location_changed.connect(on_location)
    kiosk.idle.visit_reset.connect(lambda: usage.record("idle_reset"))
    kiosk.slideshow.started.connect(lambda: usage.record("slideshow"))
    kiosk.window.language_chosen.connect(lambda code: usage.record("language", code))


def _staff_access(settings: Settings, locked: bool, watcher: ContentWatcher,
                  usage: UsageStore | None) -> StaffAccess | None:
    from kiosk.core.pin import PinGuard  # noqa: PLC0415
    from kiosk.ui.factory import StaffAccess  # noqa: PLC0415

    guard = PinGuard(settings.pin_hash)
    if locked and not guard.pin_set:
        log.warning("no staff PIN is set, so the staff panel cannot be opened. "
                    "Set one with: kiosk set-pin")
        return None
    return StaffAccess(
        info=lambda: _staff_info(watcher, usage),
        check_pin=guard.try_pin,
        locked_for=guard.locked_for,
        pin_required=locked,
    )


def _staff_info(watcher: ContentWatcher, usage: UsageStore | None) -> StaffInfo:
    from kiosk.ui.staff import StaffInfo  # noqa: PLC0415

    status = watcher.status
    problems = [p.format() for p in status.result.problems] if status.result else []
    loaded = status.loaded_at.strftime("%Y-%m-%d %H:%M:%S") if status.loaded_at else "never"
    return StaffInfo(
        version=__version__,
        content_folder=str(status.folder),
        loaded_at=loaded,
        showing_last_good=status.showing_last_good,
        problems=problems,
        usage=usage.totals(7) if usage is not None else {},
    )


def _quit_on_signals(app: QApplication, stop: object) -> None:
    """SIGTERM/SIGINT quit the event loop cleanly. Python handlers only run when Python gets
    control, so a pipe wakes Qt's loop on POSIX; Windows has no such pipe, so poll slowly."""
    from PySide6.QtCore import QSocketNotifier, QTimer  # noqa: PLC0415

    def quit_now(*_: object) -> None:
        log.info("signal received; quitting")
        stop()  # type: ignore[operator]

    signal.signal(signal.SIGTERM, quit_now)
    signal.signal(signal.SIGINT, quit_now)
    if hasattr(signal, "SIGBREAK"):  # Windows: Ctrl+Break, and what console hosts send on close
        signal.signal(signal.SIGBREAK, quit_now)
    if os.name == "posix":
        read_fd, write_fd = os.pipe()
        os.set_blocking(write_fd, False)
        os.set_blocking(read_fd, False)
        signal.set_wakeup_fd(write_fd)
        notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)
        notifier.activated.connect(lambda *_: os.read(read_fd, 64))
    else:
        timer = QTimer(app)
        timer.start(500)
        timer.timeout.connect(lambda: None)


