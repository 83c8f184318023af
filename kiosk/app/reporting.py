"""Keeps the metrics file (Prometheus) and status.json (`kiosk status`) true while the kiosk
runs: rewritten on a change (content loaded, a visit starting, sleep) and every minute by a
timer, never per touch: a touch only notes its time."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.content.model import Library
from kiosk.core import metrics
from kiosk.core.atomic_file import write_atomically
from kiosk.core.metrics import Snapshot

log = logging.getLogger(__name__)

REFRESH_MS = 60_000


class TodayCounts:
    """Visits, page views and idle resets since local midnight, in memory (counted since
    start on the day the kiosk started): counts only, like kiosk/core/usage.py."""

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._today = today
        self._day = today()
        self.visits = self.page_views = self.idle_resets = 0
        self.last_touch = 0.0
        self._at_rest = True  # the next touch starts a visit

    def _roll(self) -> None:
        if self._today() != self._day:
            self._day = self._today()
            self.visits = self.page_views = self.idle_resets = 0

    def touch(self, now: float) -> bool:
        """A touch at `now`; True if it started a visit."""
        self._roll()
        self.last_touch = now
        if self._at_rest:
            self._at_rest = False
            self.visits += 1
            return True
        return False

    def rest(self) -> None:
        self._at_rest = True

    def page_view(self) -> None:
        self._roll()
        self.page_views += 1

    def idle_reset(self) -> None:
        self._roll()
        self.idle_resets += 1


class Reporter(QObject):
    """`gather()` makes a Snapshot and says why this content shows; `refresh` writes it to
    `metrics_file` (None: off) and to `status_file`."""

    def __init__(self, gather: Callable[[], tuple[Snapshot, str]], metrics_file: Path | None,
                 status_file: Path, interval_ms: int = REFRESH_MS) -> None:
        super().__init__()
        self.gather = gather
        self.metrics_file = metrics_file
        self.status_file = status_file
        self._failed: set[Path] = set()
        self.asleep = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def set_asleep(self, asleep: bool) -> None:
        """The hook for sleeping outside opening hours: kiosk_asleep follows it at once."""
        self.asleep = asleep
        self.refresh()

    def refresh(self) -> None:
        snapshot, why = self.gather()
        snapshot = replace(snapshot, asleep=self.asleep)
        if self.metrics_file is not None:
            self._write(self.metrics_file, metrics.format_metrics(snapshot))
        self._write(self.status_file, _json(metrics.status_record(snapshot, os.getpid(), why)))

    def stop(self, version: str) -> None:
        """A clean stop: up 0 in the metrics, and no status file (`kiosk status`: not
        running)."""
        self._timer.stop()
        if self.metrics_file is not None:
            self._write(self.metrics_file, metrics.stopped_metrics(version))
        self.status_file.unlink(missing_ok=True)

    def _write(self, path: Path, text: str) -> None:
        try:
            write_atomically(path, text)
        except OSError as error:
            if path not in self._failed:  # once, not every minute
                self._failed.add(path)
                log.error("cannot write %s (%s); check the folder exists and the kiosk's user "
                          "may write to it", path, error)
            return
        self._failed.discard(path)


def _json(record: dict[str, object]) -> str:
    return json.dumps(record, indent=2) + "\n"


class ContentId:
    """The fingerprint of the library on screen, computed once per library (it reads every
    content file), not once per refresh."""

    def __init__(self) -> None:
        self._library: Library | None = None
        self._id = ""

    def of(self, library: Library) -> str:
        if library is not self._library:
            self._library = library
            self._id = metrics.content_fingerprint(library.root)
        return self._id
