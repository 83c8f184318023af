"""Running the kiosk, in named stages; `run` reads as their list.

1. `read_settings`: the config file and logging (to the rotating file without rotation yet).
2. `make_application`: Qt is imported and the QApplication made; from here on SIGTERM and
   SIGINT are a clean quit (`Stopper`), even while the window is still being built.
3. `InstanceLock`: one kiosk per display.
4. `first_library`: a quick load of the content folder (if it is broken, its last good copy,
   else the bundled content).
5. `build`: the window and what serves it (content watcher, usage counts, staff access, crash
   hook), connected to each other.
6. `show_kiosk`, then the event loop; `AfterFirstFrame` runs the deferred steps
   (`deferred_steps`) one per pass once the first frame is on screen. Under systemd
   (NOTIFY_SOCKET, `system_notifier`) that is also when it says READY=1 and its watchdog pings
   begin (kiosk/app/watchdog.py); a stop says STOPPING=1.
7. `Running.shut_down`: everything torn down in order while Qt is alive.

docs/architecture.md follows these stages and says why each waits where it does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import linecache
import logging
import os
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.core import paths
from kiosk.core.config import Settings, content_folder, find_config, load_settings
from kiosk.core.content_choice import (
    NoContentError,
    describe_on_screen,
    fallback_library,
    initial_library,
)
from kiosk.core.exitcodes import Exit
from kiosk.core.logs import setup_logging

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.app.reporting import ContentId, Reporter
    from kiosk.app.watchdog import WatchdogPings
    from kiosk.app.watcher import ContentWatcher
    from kiosk.content.model import Library, LoadResult
    from kiosk.core.crash import CrashHook
    from kiosk.core.sd_notify import Notifier
    from kiosk.core.usage import UsageStore
    from kiosk.ui.factory import Kiosk, StaffAccess
    from kiosk.ui.router import Location, Router
    from kiosk.ui.staff import StaffInfo

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    start = read_settings(args.config)
    notifier = system_notifier()
    app, stopper = make_application()
    if notifier is not None:
        stopper.before_stop(notifier.stopping)
    from kiosk.app.instance_lock import InstanceLock  # noqa: PLC0415

    lock = InstanceLock()
    if not lock.acquire():
        message = (f"another kiosk is already running on this display (lock file {lock.path}); "
                   "this one exits.")
        log.error("%s", message)
        print(f"kiosk: {message}", file=sys.stderr)
        return Exit.ALREADY_RUNNING
    folder = content_folder(args.content, start.settings)
    try:
        library = first_library(folder, start.settings)
    except NoContentError as exc:
        log.critical("%s", exc)
        print(f"kiosk: cannot start: {exc}", file=sys.stderr)
        lock.release()
        return Exit.FATAL
    running = build(app, stopper, library, folder, start, windowed=args.windowed,
                    notifier=notifier)
    from kiosk.ui.factory import show_kiosk  # noqa: PLC0415

    show_kiosk(running.kiosk.window, args.windowed)
    code = stopper.code if stopper.code is not None else app.exec()
    running.shut_down(app)
    if notifier is not None:
        notifier.close()
    lock.release()
    log.info("kiosk stopped (exit %d)", code)
    return code


# -- 1. settings and logging ------------------------------------------------------------------
@dataclass(frozen=True)
class Start:
    settings: Settings
    config_path: Path | None
    log_file: Path | None


def read_settings(config: Path | None) -> Start:
    """Settings first, so logging starts at the configured level; a bad file is logged (and
    the defaults used) once logging is up."""
    config_path = find_config(config)
    settings, problems = load_settings(config_path)
    log_file = _log_file()
    setup_logging(settings.log_level, log_file)
    for problem in problems:
        log.warning("config: %s", problem.format())
    if settings.rotation:
        # Honoured by the eglfs platform (a kiosk with no desktop); elsewhere the OS rotates.
        os.environ.setdefault("QT_QPA_EGLFS_ROTATION", str(settings.rotation))
    return Start(settings, config_path, log_file)


def _log_file() -> Path | None:
    try:
        return paths.log_dir() / "kiosk.log"
    except OSError:
        return None


def system_notifier() -> Notifier | None:
    """systemd's notify socket, when it started the kiosk as a Type=notify service; else
    None, at the cost of one look at the environment."""
    if "NOTIFY_SOCKET" not in os.environ:
        return None
    from kiosk.core.sd_notify import Notifier  # noqa: PLC0415

    notifier = Notifier.from_environment(os.environ, os.getpid())
    if notifier is not None and notifier.watchdog_usec is not None and sys.stderr is not None:
        # systemd ends a hang with SIGABRT: the journal then shows where each thread was stuck.
        import faulthandler  # noqa: PLC0415

        faulthandler.enable(all_threads=True)
    return notifier


# -- 2. the application, and a clean stop -----------------------------------------------------
class Stopper:
    """SIGTERM, SIGINT, the staff panel's Quit and a fatal error all end here. Before the event
    loop runs, the code is kept, and `run` returns it instead of starting the loop."""

    def __init__(self) -> None:
        self.code: int | None = None
        self._before: list[Callable[[], object]] = []

    def before_stop(self, callback: Callable[[], object]) -> None:
        """Run `callback` on the way out (the lockdown lets the window close)."""
        self._before.append(callback)

    def stop(self, code: int) -> None:
        from PySide6.QtCore import QCoreApplication  # noqa: PLC0415

        if self.code is None:
            self.code = code
        for callback in self._before:
            callback()
        QCoreApplication.exit(code)


def make_application() -> tuple[QApplication, Stopper]:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk.app.qt_log import route_qt_messages  # noqa: PLC0415

    # PySide6 reads the source of each module that imports it (looking for `from __feature__`
    # lines) and Python's linecache keeps every line read: about 7 MB of text the kiosk never
    # shows. Dropped here, before the content and the window are built, that memory is reused
    # by them instead of raising the peak. (A traceback re-reads what it needs.)
    linecache.clearcache()
    route_qt_messages()
    app = QApplication(sys.argv[:1])
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    stopper = Stopper()
    quit_on_signals(app, lambda: stopper.stop(Exit.OK))
    return app, stopper


def quit_on_signals(app: QApplication, stop: Callable[[], None]) -> None:
    """SIGTERM/SIGINT quit the event loop cleanly. Python handlers only run when Python gets
    control, so a pipe wakes Qt's loop on POSIX; Windows has no such pipe, so poll slowly."""
    from PySide6.QtCore import QSocketNotifier, QTimer  # noqa: PLC0415

    def quit_now(*_: object) -> None:
        log.info("signal received; quitting")
        stop()

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


# -- 4. the first content ---------------------------------------------------------------------
def first_library(folder: Path, settings: Settings) -> Library:
    """A quick load (no rendering, no grading): the full check follows the first frame. A
    folder with errors gives way to its last good copy, else to the bundled content."""
    library, _ = initial_library(folder, settings.default_language, quick=True,
                                 last_good_home=paths.last_good_home(),
                                 values=settings.clinic_values())
    return library


# -- 5. the kiosk and what serves it ----------------------------------------------------------
def content_loader(settings: Settings) -> Callable[[Path, str], LoadResult]:
    """How the watcher loads each edit: checked in full in its own process, and filled with
    the clinic's values, as read at start like every other setting."""
    from kiosk.core.checked_load import load_checked  # noqa: PLC0415

    return functools.partial(load_checked, values=settings.clinic_values())


@dataclass
class Running:
    kiosk: Kiosk
    watcher: ContentWatcher
    hook: CrashHook
    usage: UsageStore | None = None
    pings: WatchdogPings | None = None  # systemd's watchdog, from the first frame on
    reporter: Reporter | None = None  # the metrics file and status.json

    def shut_down(self, app: QApplication) -> None:
        if self.pings is not None:
            self.pings.stop()
        if self.reporter is not None:
            self.reporter.stop(__version__)
        self.hook.uninstall()
        self.watcher.stop()
        self.kiosk.dispose(app)
        if self.usage is not None:
            self.usage.close()


def build(app: QApplication, stopper: Stopper, library: Library, folder: Path, start: Start,
          windowed: bool, notifier: Notifier | None = None) -> Running:
    from PySide6.QtCore import Qt, QTimer  # noqa: PLC0415

    from kiosk.app.first_frame import AfterFirstFrame  # noqa: PLC0415
    from kiosk.app.watcher import ContentWatcher  # noqa: PLC0415
    from kiosk.core.crash import CrashHook  # noqa: PLC0415
    from kiosk.core.last_good import keep  # noqa: PLC0415
    from kiosk.ui.factory import build_kiosk, screen_metrics  # noqa: PLC0415
    from kiosk.ui.pixel_shift import PixelShift  # noqa: PLC0415

    settings = start.settings
    metrics = screen_metrics(settings.text_scale)
    log.info("kiosk %s, PySide6 %s, Python %s, %s, screen %dx%d (scale %.2f), content %s, "
             "config %s, log %s", __version__, _pyside_version(), sys.version.split()[0],
             sys.platform, metrics.width, metrics.height, metrics.scale, folder,
             start.config_path or "none (defaults)", start.log_file or "stderr only")
    locked = not windowed
    home = paths.last_good_home()
    # Each pass of the full check keeps the folder as its last good copy, on the load thread
    # (not the bundled content itself: that is always there to fall back on).
    bundled = folder.resolve() == paths.bundled_content().resolve()
    watcher = ContentWatcher(folder, settings.default_language, loader=content_loader(settings),
                             keep=None if bundled else
                             lambda source, unchanged: keep(source, home, unchanged))
    usage = _usage_store(settings)
    from kiosk.app.reporting import ContentId  # noqa: PLC0415

    # One fingerprint per library on screen, shared by the metrics and the staff panel.
    content_id = ContentId()
    staff = staff_access(settings, locked, watcher, usage,
                         on_screen=lambda: kiosk.window.router.library.root,
                         last_good_home=home,
                         fingerprint=lambda: content_id.of(kiosk.window.router.library))
    kiosk = build_kiosk(app, library, metrics, settings, locked=locked, staff=staff,
                        quick_start=True, follow_screens=True)
    window, router = kiosk.window, kiosk.window.router
    if kiosk.lockdown is not None:
        stopper.before_stop(kiosk.lockdown.release)
    follow_first_check(watcher, router, folder, settings.default_language, home,
                       settings.clinic_values())
    if usage is not None:
        count_usage(kiosk, usage)
    if kiosk.staff_panel is not None:
        kiosk.staff_panel.reload_requested.connect(watcher.reload_now)
        kiosk.staff_panel.quit_requested.connect(lambda: stopper.stop(Exit.OK))
    hook = CrashHook(recover=router.reset_visit, give_up=lambda: stopper.stop(Exit.FATAL),
                     schedule=lambda fn: QTimer.singleShot(0, fn))
    hook.install()
    if locked and settings.hide_cursor:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    if settings.pixel_shift:
        PixelShift(window).start()
    steps = deferred_steps(kiosk, watcher)
    running = Running(kiosk, watcher, hook, usage)
    running.reporter = report_state(kiosk, watcher, folder, settings, home, content_id)

    def on_screen() -> None:
        kiosk.install_input_filters(app)  # from now on a touch counts
        if notifier is not None:
            from kiosk.app.watchdog import ready_and_watched  # noqa: PLC0415

            running.pings = ready_and_watched(notifier, router, watcher, app)
        run_one_per_pass(steps)
        if running.reporter is not None:
            running.reporter.start()

    # Nobody can touch a window that is not on screen yet: the input filters, the rest of the
    # screens, the file watches and the full content check all wait for the first frame.
    AfterFirstFrame(window, on_screen)
    return running


def _pyside_version() -> str:
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415

    return pyside_version


# -- 6. after the first frame -----------------------------------------------------------------
def deferred_steps(kiosk: Kiosk, watcher: ContentWatcher) -> list[Callable[[], None]]:
    """What waits for the first frame, in order: the screens the first one did not need,
    settling the garbage collector, and last the file watches and the full check."""

    def settle_garbage() -> None:
        # What start-up built stays for the life of the kiosk: set it aside (gc.freeze), so
        # no later collection walks it again while a patient is tapping. (cli.main turned
        # collection off for the start.)
        gc.collect()
        gc.freeze()
        gc.enable()

    return [kiosk.window.prebuild, settle_garbage,
            lambda: watcher.start(check_now=True)]


def run_one_per_pass(steps: list[Callable[[], None]], gap_ms: int = 20) -> None:
    """One step per pass of the event loop (each 5 to 20 ms), so a tap never waits behind all
    of them at once."""
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    remaining = list(steps)

    def next_step() -> None:
        remaining.pop(0)()
        if remaining:
            QTimer.singleShot(gap_ms, next_step)

    if remaining:
        QTimer.singleShot(gap_ms, next_step)


def follow_first_check(watcher: ContentWatcher, router: Router, folder: Path,
                       default_language: str, last_good_home: Path | None = None,
                       values: Mapping[str, str] | None = None) -> None:
    """The window opens on a quick load; once it has painted, the watcher checks the folder in
    full (pictures, reading grades). If that finds errors before the folder ever passed, its
    last good copy takes its place, or the bundled content if none was kept: the rule at start
    stays "content with errors is not shown", only applied a moment later. `values`: the
    clinic's values, for the stand-in too."""
    passed: list[bool] = []

    def ready(library: Library) -> None:
        first = not passed
        passed.append(True)
        if first and library == router.library:
            return  # the check confirmed what is on screen: no need to rebuild it
        router.set_library(library)

    def problems(_: object) -> None:
        if passed or router.library.root != watcher.folder:
            # The last good content stays, as for any later edit; or a stand-in (the last
            # good copy, the bundled content) is on screen already.
            return
        fallback = fallback_library(folder, "failed its full check", default_language,
                                    quick=True, last_good_home=last_good_home, values=values)
        if fallback is not None:
            router.set_library(fallback)

    watcher.library_ready.connect(ready)
    watcher.problems_found.connect(problems)


# -- what IT sees from afar -------------------------------------------------------------------
def report_state(kiosk: Kiosk, watcher: ContentWatcher, folder: Path, settings: Settings,
                 last_good_home: Path, content_id: ContentId | None = None) -> Reporter:
    """The metrics file (if `metrics_file` is set) and status.json in the state folder,
    rewritten when content loads, a visit starts or every minute (kiosk/app/reporting.py)."""
    import time  # noqa: PLC0415

    from kiosk.app.reporting import ContentId, Reporter, TodayCounts  # noqa: PLC0415
    from kiosk.core import metrics  # noqa: PLC0415
    from kiosk.core.metrics import Snapshot  # noqa: PLC0415
    from kiosk.core.status_file import status_path  # noqa: PLC0415
    from kiosk.ui.router import Screen  # noqa: PLC0415

    started = time.time()
    counts = TodayCounts()
    content_id = content_id or ContentId()
    router = kiosk.window.router
    speaker = kiosk.window.listen_bar.speaker

    def gather() -> tuple[Snapshot, str]:
        library = router.library
        result = watcher.status.result
        shown_root = library.root
        screen = kiosk.window.metrics  # the screen it is on now (screens can change)
        newest_errors = result is not None and bool(result.errors)
        why = describe_on_screen(shown_root, watcher.folder, newest_errors, last_good_home)
        return Snapshot(
            version=__version__, start_time=started,
            content_fingerprint=content_id.of(library),
            content_source=metrics.content_source(shown_root, folder, last_good_home),
            content_errors=len(result.errors) if result is not None else 0,
            content_warnings=len(result.warnings) if result is not None else 0,
            pages_overdue_review=metrics.overdue_pages(library, dt.date.today()),
            last_touch_time=counts.last_touch, visits_today=counts.visits,
            page_views_today=counts.page_views, idle_resets_today=counts.idle_resets,
            read_aloud_available=speaker is not None and speaker.available,
            resident_memory_bytes=metrics.resident_memory_bytes(),
            screen_width=screen.width, screen_height=screen.height,
            screen_rotation=settings.rotation,
        ), why

    metrics_file = Path(settings.metrics_file) if settings.metrics_file else None
    reporter = Reporter(gather, metrics_file, status_path(last_good_home))

    def touched() -> None:
        if counts.touch(time.time()):
            reporter.refresh()  # a visit started: once per visit, not per touch

    last: list[Location] = []

    def viewed(location: Location) -> None:
        again = last == [location]  # announced again (a reload): not another view
        last[:] = [location]
        if not again and location.screen is Screen.SECTION and not kiosk.slideshow.running:
            counts.page_view()

    def reset() -> None:
        counts.idle_reset()
        counts.rest()

    kiosk.activity.activity.connect(touched)
    kiosk.idle.at_rest.connect(counts.rest)
    kiosk.idle.visit_reset.connect(reset)
    router.location_changed.connect(viewed)
    # Connected after `follow_first_check`, so the router has the new library by now.
    watcher.library_ready.connect(lambda _: reporter.refresh())
    watcher.problems_found.connect(lambda _: reporter.refresh())
    if kiosk.hours is not None:  # kiosk_asleep follows the opening hours
        reporter.asleep = kiosk.hours.asleep
        kiosk.hours.fell_asleep.connect(lambda: reporter.set_asleep(True))
        kiosk.hours.woke.connect(lambda: reporter.set_asleep(False))
    return reporter


# -- usage counts and staff access ------------------------------------------------------------
def _usage_store(settings: Settings) -> UsageStore | None:
    if not settings.usage_counting:
        return None
    from kiosk.core.usage import UsageStore, default_path  # noqa: PLC0415

    return UsageStore(default_path())


def count_usage(kiosk: Kiosk, usage: UsageStore) -> None:
    """Counts only: what was viewed, per day. Nothing that could rebuild one visit."""
    from kiosk.ui.router import Screen  # noqa: PLC0415

    router = kiosk.window.router
    last: list[Location] = []

    def on_location(location: Location) -> None:
        # The same place announced again (a reload, a new text size) is not another view.
        again = last == [location]
        last[:] = [location]
        if again:
            return
        if location.screen is Screen.SECTION and not kiosk.slideshow.running:
            usage.record("page_view", f"{location.item}/{location.index + 1}")
        elif location.screen is Screen.ANSWER:
            usage.record("faq_open", location.item)

    router.location_changed.connect(on_location)
    router.language_chosen.connect(lambda code: usage.record("language", code))
    kiosk.idle.visit_reset.connect(lambda: usage.record("idle_reset"))
    kiosk.slideshow.started.connect(lambda: usage.record("slideshow"))


def staff_access(settings: Settings, locked: bool, watcher: ContentWatcher,
                 usage: UsageStore | None, on_screen: Callable[[], Path] | None = None,
                 last_good_home: Path | None = None,
                 fingerprint: Callable[[], str] | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> StaffAccess | None:
    """`on_screen`: the folder the library on screen was loaded from (the content folder,
    its last good copy or the bundled content), for the panel's "On screen" line;
    `fingerprint`: the content fingerprint of what is on screen (kept once per library);
    `today`: the local date, for the usage chart's last 14 days (tests pass their own)."""
    from kiosk.core.pin import PinGuard  # noqa: PLC0415
    from kiosk.ui.factory import StaffAccess  # noqa: PLC0415

    guard = PinGuard(settings.pin_hash)
    if locked and not guard.pin_set:
        log.warning("no staff PIN is set, so the staff panel cannot be opened. "
                    "Set one with: kiosk set-pin")
        return None
    return StaffAccess(
        info=lambda: _staff_info(watcher, usage, on_screen() if on_screen else None,
                                 last_good_home, fingerprint, today),
        check_pin=guard.try_pin,
        locked_for=guard.locked_for,
        pin_required=locked,
        updates=(watcher.library_ready, watcher.problems_found),
    )


def _staff_info(watcher: ContentWatcher, usage: UsageStore | None,
                shown_root: Path | None = None, last_good_home: Path | None = None,
                fingerprint: Callable[[], str] | None = None,
                today: Callable[[], dt.date] = dt.date.today) -> StaffInfo:
    from kiosk.core.logs import current_log_file  # noqa: PLC0415
    from kiosk.ui.staff import CHART_DAYS, StaffInfo  # noqa: PLC0415

    status = watcher.status
    problems = [p.format() for p in status.result.problems] if status.result else []
    loaded = status.loaded_at.strftime("%Y-%m-%d %H:%M:%S") if status.loaded_at else "never"
    return StaffInfo(
        version=__version__,
        content_folder=str(status.folder),
        loaded_at=loaded,
        showing_last_good=status.showing_last_good,
        problems=problems,
        on_screen=describe_on_screen(
            shown_root, status.folder,
            newest_has_errors=status.result is not None and bool(status.result.errors),
            last_good_home=last_good_home,
        ) if shown_root is not None else "",
        daily=usage.daily_totals(CHART_DAYS, today()) if usage is not None and usage.counting
        else [],
        fingerprint=fingerprint() if fingerprint is not None else "",
        log_file=str(current_log_file() or ""),
    )
