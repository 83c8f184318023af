"""Usage counts for staff: how often each page, answer and language is used, per day.

Privacy by design: one row per (day, kind, key) holding a count, nothing finer: no times, no
order, nothing that could rebuild one person's visit. Counting must never break the kiosk, so
every SQLite error is logged and swallowed, and a corrupt file is moved aside for a fresh one.
WAL with synchronous=NORMAL: each count is its own transaction, and a killed process (kill -9)
loses none that were committed and never corrupts the file.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from datetime import date, timedelta
from pathlib import Path
from types import TracebackType
from typing import TextIO

from kiosk.core import paths

log = logging.getLogger(__name__)

KINDS = ("page_view", "faq_open", "language", "idle_reset", "slideshow")
CSV_HEADER = ("date", "kind", "key", "count")
MAX_KEY = 200  # keys are page ids and language codes; a longer one is a bug, not data

_SCHEMA = """CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, kind, key)) WITHOUT ROWID"""
_UPSERT = """INSERT INTO counts (day, kind, key, count) VALUES (?, ?, ?, 1)
    ON CONFLICT (day, kind, key) DO UPDATE SET count = count + 1"""
# A file that is not (or no longer) a database; busy or read-only files are left alone.
_BROKEN = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CANTOPEN"}


def default_path() -> Path:
    return paths.data_dir() / "usage.sqlite3"


class _Broken(sqlite3.DatabaseError):
    """PRAGMA quick_check found damage."""


class UsageStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as error:
            if not self._is_broken(error):
                log.error("usage counting is off: %s cannot be opened (%s)", self.path, error)
                return
            aside = self._move_aside()
            log.error("usage counts: %s was damaged (%s); moved it to %s and started a fresh "
                      "file", self.path, error, aside)
            try:
                self._db = self._open()
            except (sqlite3.Error, OSError) as again:
                log.error("usage counting is off: %s cannot be opened (%s)", self.path, again)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit: every count is its own short transaction. A short timeout: a busy file
        # (`kiosk stats` reading) must never hold up a tap for long.
        db = sqlite3.connect(self.path, timeout=1.0, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise _Broken(f"quick_check: {check[0] if check else 'no answer'}")
            db.execute(_SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def _is_broken(self, error: Exception) -> bool:
        if not self.path.exists():
            return False  # nothing to move aside: the folder itself is the problem
        return isinstance(error, _Broken) or getattr(error, "sqlite_errorname", "") in _BROKEN

    def _move_aside(self) -> Path:
        """Keep the damaged file (and its WAL, which must not meet a fresh file) for IT."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            source = self.path.with_name(self.path.name + suffix)
            if source.exists():
                source.replace(aside.with_name(aside.name + suffix))
        return aside

    def record(self, kind: str, key: str = "", day: date | None = None) -> None:
        """Add one to today's count of `kind` (and `key`, e.g. a page id). Never raises."""
        if kind not in KINDS:
            log.error("usage counts: unknown kind %r is not counted (a bug)", kind)
            return
        if self._db is None:
            return
        try:
            day_text = (day or date.today()).isoformat()
            self._db.execute(_UPSERT, (day_text, kind, str(key)[:MAX_KEY]))
        except sqlite3.Error as error:
            log.error("usage counts: could not count %s %r (%s)", kind, key, error)

    def export_csv(self, out: TextIO, since: date | None = None) -> None:
        """`date,kind,key,count` rows, oldest first, from `since` (inclusive) on."""
        import csv  # noqa: PLC0415 - only staff's export needs it

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        if self._db is None:
            return
        writer.writerows(self._db.execute(
            "SELECT day, kind, key, count FROM counts WHERE day >= ? ORDER BY day, kind, key",
            ((since or date.min).isoformat(),)))

    def totals(self, days: int = 7, today: date | None = None) -> dict[str, int]:
        """Each kind's total over the last `days` days, `today` (the real date if not given)
        included, for the staff panel."""
        result = dict.fromkeys(KINDS, 0)
        if self._db is None:
            return result
        first = (today or date.today()) - timedelta(days=max(days, 1) - 1)
        try:
            rows = self._db.execute("SELECT kind, SUM(count) FROM counts WHERE day >= ? "
                                    "GROUP BY kind", (first.isoformat(),)).fetchall()
        except sqlite3.Error as error:
            log.error("usage counts: could not read totals (%s)", error)
            return result
        result.update({kind: int(total) for kind, total in rows if kind in result})
        return result

    def daily_totals(self, days: int, today: date) -> list[tuple[date, dict[str, int]]]:
        """Each kind's total per day, for the `days` days ending `today` (included), oldest
        first; a day with no use holds zeros (the staff panel's chart). Never raises."""
        first = today - timedelta(days=max(days, 1) - 1)
        result = [(first + timedelta(days=n), dict.fromkeys(KINDS, 0))
                  for n in range(max(days, 1))]
        if self._db is None:
            return result
        try:
            rows = self._db.execute(
                "SELECT day, kind, SUM(count) FROM counts WHERE day >= ? AND day <= ? "
                "GROUP BY day, kind", (first.isoformat(), today.isoformat())).fetchall()
        except sqlite3.Error as error:
            log.error("usage counts: could not read the daily totals (%s)", error)
            return result
        by_day = {day.isoformat(): counts for day, counts in result}
        for day_text, kind, total in rows:
            counts = by_day.get(day_text)
            if counts is not None and kind in counts:
                counts[kind] = int(total)
        return result

    @property
    def counting(self) -> bool:
        """False when the file could not be opened: nothing is being counted."""
        return self._db is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> UsageStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
