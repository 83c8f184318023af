"""The systemd watchdog's pings, sent by a timer in the Qt event loop: only a UI thread that
still turns its loop sends them, so a frozen screen goes quiet and systemd restarts the
kiosk. (A ping from a thread of its own would keep a hung kiosk alive.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.core.sd_notify import Notifier

if TYPE_CHECKING:
    from kiosk.app.watcher import ContentWatcher
    from kiosk.content.model import LoadResult
    from kiosk.ui.router import Location, Router


class WatchdogPings(QObject):
    """WATCHDOG=1 every `interval_ms` while started."""

    def __init__(self, notifier: Notifier, interval_ms: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(notifier.ping)

    def start(self) -> None:
        self.notifier.ping()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


def ready_and_watched(notifier: Notifier, router: Router, watcher: ContentWatcher,
                      parent: QObject) -> WatchdogPings | None:
    """Called once the first frame is on screen: READY=1 (systemd's start-up is over and its
    watchdog counts from now), the status line kept up to date, and the pings started. The
    pings are returned, or None when systemd set no watchdog for this process."""
    status = StatusLine(notifier, parent)
    status.where = "showing " + " ".join(router.location.describe().split())
    notifier.ready(status.text())
    router.location_changed.connect(status.showing)
    watcher.library_ready.connect(status.content_loaded)
    watcher.problems_found.connect(status.content_failed)
    return watch_the_ui_thread(notifier, parent)


def watch_the_ui_thread(notifier: Notifier, parent: QObject) -> WatchdogPings | None:
    """Pings, started now; None when systemd set no watchdog for this process."""
    interval = notifier.ping_interval_ms
    if interval is None:
        return None
    pings = WatchdogPings(notifier, interval, parent)
    pings.start()
    return pings


class StatusLine(QObject):
    """The one line `systemctl status` shows: where the kiosk is and how its content fared,
    e.g. "showing home; content check failed (2 errors), last good content on screen". One
    datagram per change, nothing more."""

    def __init__(self, notifier: Notifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.where = "starting"
        self.content = ""

    def showing(self, location: Location) -> None:
        self.where = "showing " + " ".join(location.describe().split())
        self._send()

    def content_loaded(self, _library: object = None) -> None:
        self.content = ""
        self._send()

    def content_failed(self, result: LoadResult) -> None:
        count = len(result.errors)
        self.content = (f"content check failed ({count} error{'' if count == 1 else 's'}), "
                        "last good content on screen")
        self._send()

    def text(self) -> str:
        return "; ".join(part for part in (self.where, self.content) if part)

    def _send(self) -> None:
        self.notifier.status(self.text())
