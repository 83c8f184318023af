"""`kiosk preview`: the kiosk as a chosen screen shows it, in a window staff can close, with the
content check's problems beside it and live reload (docs/staff-guide.md).

The kiosk inside is built as `run.build` builds it, for the chosen screen size rather than the
monitor's, and kept as the kiosk keeps its content (`follow_first_check`); what differs is only
what would get in a staff member's way: no lockdown, no PIN (the corner gesture opens the staff
panel directly), no idle reset or slideshow, no usage counts, no instance lock, and logging to
the terminal instead of the kiosk's log file.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.config import Settings, content_folder, find_config, load_settings
from kiosk.core.content_choice import NoContentError
from kiosk.core.exitcodes import Exit
from kiosk.core.logs import setup_logging

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.app.watcher import ContentWatcher
    from kiosk.content.model import Library
    from kiosk.ui.factory import Kiosk
    from kiosk.ui.preview import PreviewWindow

log = logging.getLogger(__name__)


@dataclass
class Preview:
    window: PreviewWindow
    kiosk: Kiosk
    watcher: ContentWatcher

    def shut_down(self, app: QApplication) -> None:
        self.watcher.stop()
        self.kiosk.dispose(app)
        self.window.close()
        self.window.deleteLater()
        app.processEvents()


def run_preview(args: argparse.Namespace) -> int:
    config_path = find_config(args.config)
    settings, problems = load_settings(config_path)
    setup_logging(settings.log_level, None)  # the terminal only: the kiosk's log is the kiosk's
    for problem in problems:
        log.warning("config: %s", problem.format())
    from kiosk.app.run import first_library, make_application  # noqa: PLC0415

    app, stopper = make_application()
    folder = content_folder(args.preview_content or args.content, settings)
    try:
        library = first_library(folder, settings)
    except NoContentError as exc:
        log.critical("%s", exc)
        print(f"kiosk preview: cannot start: {exc}", file=sys.stderr)
        return Exit.FATAL
    from PySide6.QtCore import QSize, QTimer  # noqa: PLC0415

    from kiosk.app.run import content_loader  # noqa: PLC0415
    from kiosk.app.watcher import ContentWatcher  # noqa: PLC0415

    width, height = args.screen
    watcher = ContentWatcher(folder, settings.default_language,
                             loader=content_loader(settings))
    preview = build_preview(app, library, folder, settings, (width, height), watcher,
                            quit_preview=lambda: stopper.stop(Exit.OK))
    log.info("preview of a %dx%d screen, content %s", width, height, folder)
    available = preview.window.screen().availableGeometry().size()
    preview.window.fit_to(available - QSize(16, 48))  # room for the window's frame and title
    preview.window.show()
    QTimer.singleShot(0, lambda: watcher.start(check_now=True))
    code = stopper.code if stopper.code is not None else app.exec()
    preview.shut_down(app)
    return code


def build_preview(app: QApplication, library: Library, folder: Path, settings: Settings,
                  size: tuple[int, int], watcher: ContentWatcher,
                  quit_preview: Callable[[], None] | None = None) -> Preview:
    """The preview window around a kiosk laid out for `size`, following `watcher` (not
    started here). Its kiosk is what `kiosk_factory` makes in the tests, at the same size."""
    from PySide6.QtCore import QSize  # noqa: PLC0415

    from kiosk.app.run import follow_first_check, staff_access  # noqa: PLC0415
    from kiosk.ui.factory import build_kiosk  # noqa: PLC0415
    from kiosk.ui.preview import PreviewWindow  # noqa: PLC0415
    from kiosk.ui.theme import Metrics  # noqa: PLC0415

    # What happens over time on an unattended kiosk would only get in the way here.
    settings = dataclasses.replace(settings, idle_timeout_s=0, slideshow_after_s=0)
    metrics = Metrics.for_screen(size[0], size[1], None, settings.text_scale)
    staff = staff_access(settings, False, watcher, None)
    kiosk = build_kiosk(app, library, metrics, settings, staff=staff)
    router = kiosk.window.router
    follow_first_check(watcher, router, folder, settings.default_language,
                       values=settings.clinic_values())
    window = PreviewWindow(kiosk.window, router, QSize(*size), watcher.folder)
    kiosk.window.show()

    def checked(*_: object) -> None:
        status = watcher.status
        problems = status.result.problems if status.result is not None else ()
        window.show_check(problems, status.showing_last_good,
                          stand_in=router.library.root != watcher.folder)

    watcher.library_ready.connect(checked)
    watcher.problems_found.connect(checked)
    if kiosk.staff_panel is not None:
        kiosk.staff_panel.reload_requested.connect(watcher.reload_now)
        kiosk.staff_panel.quit_requested.connect(quit_preview or window.close)
    return Preview(window, kiosk, watcher)
