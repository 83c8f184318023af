"""Live content: notices edits in the content folder, loads them off the UI thread, and hands
over a new library only if it loaded without errors — otherwise the last good one stays.

File events (QFileSystemWatcher) make edits show within about a second; a slow periodic scan
catches what events miss (network shares, a folder swapped in by rename). A folder being
written (rsync --delay-updates, Syncthing) is never shown half-written: a load only counts if
the folder's fingerprint is the same before and after it, and stayed still for a moment first.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import LoadResult, load_library, names
from kiosk.core.metrics import content_fingerprint

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
MAX_FINGERPRINT_ENTRIES = 20_000


def fingerprint(root: Path) -> Fingerprint:
    """Names, sizes and modification times of everything that could be content."""
    entries: list[tuple[str, int, int]] = []
    try:
        root_stat = root.stat()
    except OSError:
        return ()
    entries.append((".", 0, root_stat.st_ino))  # a folder swapped in by rename is new
    for relative, st in names.content_files(root):
        entries.append((relative, st.st_size, st.st_mtime_ns))
        if len(entries) > MAX_FINGERPRINT_ENTRIES:
            break
    return tuple(entries)


@dataclass(frozen=True)
class Status:
    """What staff (and the log) need to know about the content on screen."""

    folder: Path
    loaded_at: dt.datetime | None
    result: LoadResult | None  # the newest load, good or not
    showing_last_good: bool  # True when the newest load had errors and was not shown


class ContentWatcher(QObject):
    library_ready = Signal(object)  # a Library that loaded without errors
    problems_found = Signal(object)  # a LoadResult with errors; the old library stays
    _loaded = Signal(object, object)  # (LoadResult, Fingerprint before) from the worker

    def __init__(
        self,
        folder: Path,
        default_language: str = "en",
        debounce_ms: int = 300,
        settle_ms: int = 200,
        scan_interval_s: float = 5.0,
        loader: Callable[[Path, str], LoadResult] | None = None,
        keep: Callable[[Path, Callable[[], bool]], object] | None = None,
    ) -> None:
        """`keep(folder, unchanged)`: called on the load thread each time the folder passes
        (the kiosk keeps its last good copy: kiosk/core/last_good.py); `unchanged()` says
        whether the folder is still the one that was checked."""
        super().__init__()
        self.folder = Path(folder).absolute()
        self.default_language = default_language
        self.settle_ms = settle_ms
        self.loader = loader or load_library
        self.keep = keep
        self.current: Fingerprint = ()  # what was last loaded; set by start()
        self.status = Status(self.folder, dt.datetime.now(), None, False)
        self._loading = False
        self._again = False
        # Made by start(): watching every file is work the kiosk's first frame can do without.
        self._watcher: QFileSystemWatcher | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._settle)
        self._scan = QTimer(self)
        self._scan.setInterval(max(500, round(scan_interval_s * 1000)))
        self._scan.timeout.connect(self._periodic_scan)
        self._loaded.connect(self._finish)
        self._stopped = False

    def start(self, check_now: bool = False) -> None:
        """Begin watching the folder as it is now.

        `check_now`: also load it fully at once, off the UI thread. The kiosk starts on a
        quick load (pictures and reading grades unchecked); this first full load either
        confirms it (`library_ready` with an equal library) or finds errors (`problems_found`).
        """
        now = fingerprint(self.folder)
        self.current = () if check_now else now
        self._watch_all()
        self._scan.start()
        if check_now:
            self._start_load(now)

    def stop(self) -> None:
        self._stopped = True
        self._scan.stop()
        self._debounce.stop()

    def reload_now(self) -> None:
        """Staff asked for it: load even if nothing seems to have changed."""
        self.current = ()
        self._debounce.start(0)

    # -- noticing changes -----------------------------------------------------------------
    def _watch_all(self) -> None:
        """Watch every folder (new files) and file (edits in place); and the parent, so a
        content folder replaced by rename is noticed."""
        if self._watcher is None:
            self._watcher = QFileSystemWatcher(self)
            self._watcher.directoryChanged.connect(self._changed)
            self._watcher.fileChanged.connect(self._changed)
        old = self._watcher.directories() + self._watcher.files()
        if old:
            self._watcher.removePaths(old)
        paths = [str(self.folder.parent)]
        if self.folder.is_dir():
            for folder, dirs, files in os.walk(self.folder):
                dirs[:] = [d for d in dirs if not names.is_leftover(d)]
                paths.append(folder)
                paths.extend(os.path.join(folder, f) for f in files
                             if f.endswith(".md") and not names.is_leftover(f))
                if len(paths) > 4000:  # the OS limits watches; the periodic scan covers the rest
                    break
        self._watcher.addPaths(paths)

    def _changed(self, _path: str) -> None:
        self._debounce.start()

    def _periodic_scan(self) -> None:
        if not self._loading and fingerprint(self.folder) != self.current:
            log.info("content change found by the periodic scan")
            self._debounce.start()

    # -- loading off the UI thread ------------------------------------------------------------
    def _settle(self) -> None:
        """Wait until the folder holds still, so a sync in progress is not loaded."""
        first = fingerprint(self.folder)
        if first == self.current:
            self._watch_all()
            return
        QTimer.singleShot(self.settle_ms, lambda: self._start_load(first))

    def _start_load(self, before: Fingerprint) -> None:
        if fingerprint(self.folder) != before:
            self._debounce.start()  # still changing: wait for it to settle
            return
        if self._loading:
            self._again = True
            return
        self._loading = True
        thread = threading.Thread(target=self._load, args=(before,), name="content-load",
                                  daemon=True)
        thread.start()

    def _load(self, before: Fingerprint) -> None:
        try:
            result = self.loader(self.folder, self.default_language)
        except Exception:  # a bug in the loader must not stop live content for good
            log.exception("loading %s failed", self.folder)
            result = None
        if self._stopped:
            return  # the kiosk is quitting: nobody is left to tell
        if self.keep is not None and result is not None and result.ok:
            self._keep(before)
        try:
            self._loaded.emit(result, before)
        except RuntimeError:
            # The kiosk quit while this thread loaded, and Qt has deleted the watcher.
            log.debug("content loaded after the watcher was deleted; dropped")

    def _keep(self, before: Fingerprint) -> None:
        """Still on the load thread: copying a big folder must not stall the screen."""
        assert self.keep is not None
        try:
            self.keep(self.folder, lambda: fingerprint(self.folder) == before)
        except Exception:  # a full disk must not stop live content
            log.warning("could not keep a last good copy of %s", self.folder, exc_info=True)

    def _finish(self, result: LoadResult | None, before: Fingerprint) -> None:
        self._loading = False
        self._watch_all()
        if fingerprint(self.folder) != before or self._again:
            # Changed while loading: what we loaded may be half old, half new.
            self._again = False
            self._debounce.start()
            return
        self.current = before
        if result is None:
            return
        if result.ok and result.library is not None:
            # The fingerprint says which content is on screen, as the metrics file and `kiosk
            # status` name it (files' names and bytes): a sync (rsync, Syncthing) can be checked
            # to have landed whole against the master copy's (docs/deployment.md).
            log.info("content reloaded from %s (%d warning(s)); fingerprint %s", self.folder,
                     len(result.warnings), content_fingerprint(self.folder))
            for problem in result.warnings:
                log.warning("content: %s", problem.format())
            for problem in result.notes:  # a review coming up: for staff, not a fault
                log.info("content: %s", problem.format())
            # The status keeps the problems, not a second copy of the library on screen.
            self.status = Status(self.folder, dt.datetime.now(),
                                 LoadResult(None, result.problems), False)
            self.library_ready.emit(result.library)
        else:
            log.error("content in %s has %d error(s); still showing the last good content",
                      self.folder, len(result.errors))
            for problem in result.problems:
                log.error("content: %s", problem.format())
            self.status = Status(self.folder, self.status.loaded_at, result, True)
            self.problems_found.emit(result)
