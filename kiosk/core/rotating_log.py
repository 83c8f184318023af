"""A log file that rotates by size: kiosk.log, then kiosk.log.1 … kiosk.log.N, oldest dropped.

What `logging.handlers.RotatingFileHandler` does, in the kiosk's own few lines, because
importing `logging.handlers` brings socket, pickle, queue and struct with it: about 1.2 MB
held all day and 14 ms at start for handlers the kiosk never uses.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path


class RotatingLog(logging.FileHandler):
    """Appends to `path`; a record that would take the file past `max_bytes` first moves it to
    `path.1` (and `.1` to `.2`, …, up to `backups`), so the logs never hold more than about
    (backups + 1) × max_bytes, however long the kiosk runs."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_after(record):
                self._rotate()
        except OSError:  # a folder gone read-only: say so, and keep writing where we can
            self.handleError(record)
        super().emit(record)

    def _full_after(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        position = self.stream.tell()
        # An empty file takes the record whatever its size: rotating would not make room.
        size = len(self.format(record).encode("utf-8", "replace")) + 1  # and its newline
        return bool(position) and position + size > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{number + 1}")
        if self.backups > 0:
            os.replace(base, f"{base}.1")
        else:
            os.truncate(base, 0)
        self.stream = self._open()
