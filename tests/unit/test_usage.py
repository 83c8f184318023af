"""Usage counts: per day, kind and key only, exported as CSV, and safe against kill -9."""

from __future__ import annotations

import io
import logging
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.core.usage import KINDS, UsageStore

REPO = Path(__file__).resolve().parents[2]
MONDAY, TUESDAY = date(2025, 3, 3), date(2025, 3, 4)


def rows(db: Path) -> list[tuple[str, str, str, int]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT day, kind, key, count FROM counts ORDER BY 1, 2, 3").fetchall()


def test_counts_are_kept_per_day_kind_and_key(tmp_path: Path) -> None:
    """Each record adds one to its (day, kind, key) count, and nothing else is stored."""
    db = tmp_path / "usage.sqlite3"
    with UsageStore(db) as store:
        for _ in range(3):
            store.record("page_view", "en/risks/1", MONDAY)
        store.record("page_view", "en/risks/2", MONDAY)
        store.record("page_view", "en/risks/1", TUESDAY)
        store.record("language", "es", TUESDAY)
        store.record("idle_reset", day=TUESDAY)
    assert rows(db) == [
        ("2025-03-03", "page_view", "en/risks/1", 3),
        ("2025-03-03", "page_view", "en/risks/2", 1),
        ("2025-03-04", "idle_reset", "", 1),
        ("2025-03-04", "language", "es", 1),
        ("2025-03-04", "page_view", "en/risks/1", 1),
    ]


def test_nothing_finer_than_a_day_is_stored(tmp_path: Path) -> None:
    """The table has no time, order or row id: it cannot rebuild one person's visit."""
    db = tmp_path / "usage.sqlite3"
    UsageStore(db).close()
    with closing(sqlite3.connect(db)) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(counts)")]
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master")]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert columns == ["day", "kind", "key", "count"]
    assert tables == ["counts"]
    assert mode == "wal"


def test_counts_survive_reopening(tmp_path: Path) -> None:
    """Counts are on disk at once; a new store on the same file adds to them."""
    db = tmp_path / "usage.sqlite3"
    with UsageStore(db) as store:
        store.record("faq_open", "en/faq/pain", MONDAY)
    with UsageStore(db) as store:
        store.record("faq_open", "en/faq/pain", MONDAY)
    assert rows(db) == [("2025-03-03", "faq_open", "en/faq/pain", 2)]


@pytest.mark.expect_log("kiosk.core.usage", "ERROR", r"unknown kind 'mouse_path'")
def test_unknown_kind_is_logged_not_raised(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A bug in a caller is logged; counting never raises into the kiosk."""
    with UsageStore(tmp_path / "usage.sqlite3") as store:
        store.record("mouse_path", "x", MONDAY)
    assert rows(tmp_path / "usage.sqlite3") == []
    assert "mouse_path" in caplog.text


@pytest.mark.expect_log("kiosk.core.usage", "ERROR", r"could not count page_view")
def test_sqlite_error_in_record_is_logged_and_swallowed(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A database error while counting (here: the table is gone) is logged, not raised."""
    db = tmp_path / "usage.sqlite3"
    store = UsageStore(db)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("DROP TABLE counts")
    with caplog.at_level(logging.ERROR, logger="kiosk.core.usage"):
        store.record("page_view", "en/a", MONDAY)
    store.close()
    assert "could not count" in caplog.text


def test_csv_export(tmp_path: Path) -> None:
    """The export is a header and one date,kind,key,count row per count, oldest first."""
    with UsageStore(tmp_path / "usage.sqlite3") as store:
        store.record("page_view", "es/riesgos/1", TUESDAY)
        store.record("page_view", "en/what, exactly", MONDAY)
        store.record("page_view", "en/what, exactly", MONDAY)
        out = io.StringIO()
        store.export_csv(out)
    assert out.getvalue() == ("date,kind,key,count\n"
                              '2025-03-03,page_view,"en/what, exactly",2\n'
                              "2025-03-04,page_view,es/riesgos/1,1\n")


def test_csv_since_filter(tmp_path: Path) -> None:
    """--since keeps that day and later, and drops earlier days."""
    with UsageStore(tmp_path / "usage.sqlite3") as store:
        for day in (MONDAY, TUESDAY, TUESDAY + timedelta(days=1)):
            store.record("slideshow", day=day)
        out = io.StringIO()
        store.export_csv(out, since=TUESDAY)
    assert out.getvalue().splitlines() == ["date,kind,key,count", "2025-03-04,slideshow,,1",
                                           "2025-03-05,slideshow,,1"]


def test_totals_cover_the_last_days_for_every_kind(tmp_path: Path) -> None:
    """The staff panel's figures: each kind's sum over the last N days, today included."""
    today = TUESDAY
    with UsageStore(tmp_path / "usage.sqlite3") as store:
        store.record("page_view", "a", today)
        store.record("page_view", "b", today - timedelta(days=6))
        store.record("page_view", "c", today - timedelta(days=7))
        store.record("language", "es", today)
        totals = store.totals(7, today=today)
    assert totals == {**dict.fromkeys(KINDS, 0), "page_view": 2, "language": 1}


@pytest.mark.expect_log("kiosk.core.usage", "ERROR", r"was damaged .*moved it to")
def test_corrupt_file_is_moved_aside_and_a_fresh_one_started(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A file that is not a database is kept aside for IT, logged, and counting goes on."""
    db = tmp_path / "usage.sqlite3"
    db.write_bytes(b"this is not a database, just some bytes " * 200)
    with caplog.at_level(logging.ERROR, logger="kiosk.core.usage"), UsageStore(db) as store:
        store.record("page_view", "en/a", MONDAY)
    aside = list(tmp_path.glob("usage.sqlite3.corrupt-*"))
    assert len(aside) == 1
    assert aside[0].read_bytes().startswith(b"this is not a database")
    assert rows(db) == [("2025-03-03", "page_view", "en/a", 1)]
    assert "moved it to" in caplog.text


@pytest.mark.expect_log("kiosk.core.usage", "ERROR", r"was damaged .*moved it to")
def test_damaged_pages_are_found_and_moved_aside(tmp_path: Path) -> None:
    """A real database with a page overwritten fails its check and is replaced."""
    db = tmp_path / "usage.sqlite3"
    with UsageStore(db) as store:
        for number in range(2000):
            store.record("page_view", f"en/page-{number}", MONDAY)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with db.open("r+b") as raw:
        raw.seek(page_size * 3)
        raw.write(b"\xff" * page_size)
    with UsageStore(db) as store:
        store.record("page_view", "en/a", TUESDAY)
    assert list(tmp_path.glob("usage.sqlite3.corrupt-*"))
    assert rows(db) == [("2025-03-04", "page_view", "en/a", 1)]


@pytest.mark.expect_log("kiosk.core.usage", "ERROR", r"usage counting is off: .* cannot be opened")
def test_unopenable_folder_turns_counting_off_quietly(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """If no file can be made at all, counting is off and logged; the kiosk is unaffected."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="kiosk.core.usage"):
        store = UsageStore(blocker / "usage.sqlite3")
        store.record("page_view", "en/a")
        out = io.StringIO()
        store.export_csv(out)
        store.close()
    assert out.getvalue() == "date,kind,key,count\n"
    assert "usage counting is off" in caplog.text


WRITER = textwrap.dedent("""\
    import sys
    from datetime import date, timedelta
    from pathlib import Path
    from kiosk.core.usage import UsageStore

    store = UsageStore(Path(sys.argv[1]))
    first = date(2025, 1, 1)
    done = 0
    while True:
        store.record("page_view", f"en/page-{done % 7}", first + timedelta(days=done % 3))
        done += 1
        print(done, flush=True)  # after the count returned, so it is committed
    """)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX kill -9")
@pytest.mark.parametrize("round_", range(3))
def test_kill_9_while_writing_loses_at_most_the_last_count(tmp_path: Path, round_: int) -> None:
    """A writer killed with SIGKILL mid-stream leaves a sound file holding every count it
    finished (and at most the one in flight)."""
    db = tmp_path / "usage.sqlite3"
    with subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=REPO,
                          stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        finished = 0
        for line in child.stdout:
            finished = int(line)
            if finished >= 300 + 97 * round_:  # a different moment in each round
                break
        child.send_signal(signal.SIGKILL)
        finished = max([finished, *(int(line) for line in child.stdout)])
        assert child.wait() == -signal.SIGKILL
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT SUM(count) FROM counts").fetchone()[0]
    attempted = finished + 1
    assert finished <= stored <= attempted
    with UsageStore(db) as store:  # and the kiosk carries on counting in it
        store.record("page_view", "en/after", MONDAY)
    assert ("2025-03-03", "page_view", "en/after", 1) in rows(db)


def test_daily_totals_give_each_of_the_last_days_oldest_first_with_zeros(tmp_path: Path) -> None:
    """The staff panel's chart: one entry per day ending `today`, each kind's total over its
    keys; a day with no use is all zeros; older and later days are left out."""
    db = tmp_path / "usage.sqlite3"
    today = date(2025, 3, 16)
    with UsageStore(db) as store:
        store.record("page_view", "en/a/1", today - timedelta(days=14))  # one day too old
        for key in ("en/a/1", "en/a/2", "en/a/2"):
            store.record("page_view", key, today - timedelta(days=13))  # the first day shown
        store.record("faq_open", "en/faq/x", today - timedelta(days=13))
        store.record("page_view", "en/a/1", today)
        store.record("language", "es", today)
        store.record("page_view", "en/a/1", today + timedelta(days=1))  # a clock put back
    with UsageStore(db) as store:
        days = store.daily_totals(14, today)
        assert store.counting
    assert [day for day, _ in days] == [today - timedelta(days=13 - n) for n in range(14)]
    assert days[0][1] == {**dict.fromkeys(KINDS, 0), "page_view": 3, "faq_open": 1}
    assert all(counts == dict.fromkeys(KINDS, 0) for _, counts in days[1:13])
    assert days[13][1] == {**dict.fromkeys(KINDS, 0), "page_view": 1, "language": 1}


@pytest.mark.expect_log("kiosk.core.usage", "ERROR", "usage counting is off")
def test_daily_totals_of_a_store_that_could_not_open_are_zeros(tmp_path: Path) -> None:
    """No file (a folder that cannot be made): the days are there, all zero, and the store
    says it is not counting."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    store = UsageStore(blocker / "usage.sqlite3")
    assert not store.counting
    days = store.daily_totals(3, date(2025, 1, 2))
    assert [d for d, _ in days] == [date(2024, 12, 31), date(2025, 1, 1), date(2025, 1, 2)]
    assert all(sum(counts.values()) == 0 for _, counts in days)
