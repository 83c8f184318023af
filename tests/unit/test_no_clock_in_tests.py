"""No test reads today's date (or the time of day) from the clock: a test that passes today must
pass on any day. Code that needs a date takes it as a parameter, and the tests name one."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
# Benchmarks stamp their reports with the real time on purpose; they assert nothing about it.
EXEMPT = (TESTS / "bench",)

# (object, attribute) called with no arguments: each is "now" from the clock.
CLOCK_CALLS = {
    ("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
    ("time", "ctime"),
}


def _name(node: ast.expr) -> str:
    """`date` for `date`, `dt.date` and `datetime.date`: the last part of a dotted name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def clock_reads(source: str, filename: str) -> list[tuple[int, str]]:
    """(line, call) for every call that reads the current date or time from the clock."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        call = (_name(node.func.value), node.func.attr)
        # datetime.now(tz) is still now; time.gmtime(0) and time.strftime(f, t) are not.
        now_anyway = call == ("datetime", "now")
        strftime_now = call == ("time", "strftime") and len(node.args) < 2
        if (call in CLOCK_CALLS and (not node.args or now_anyway)) or strftime_now:
            found.append((node.lineno, f"{call[0]}.{call[1]}()"))
    return sorted(found)


def test_no_test_reads_the_date_from_the_clock() -> None:
    """date.today(), datetime.now(), time.time() and friends appear in no test, helper or
    fixture (monotonic clocks for waiting are fine): each one found is named with its line."""
    offending = []
    for path in sorted(TESTS.rglob("*.py")):
        if any(path.is_relative_to(folder) for folder in EXEMPT):
            continue
        for line, call in clock_reads(path.read_text(encoding="utf-8"), str(path)):
            offending.append(f"{path.relative_to(TESTS.parent)}:{line}: {call}")
    assert offending == []


def test_the_guard_sees_each_way_of_reading_the_clock() -> None:
    """The guard itself: it finds the usual spellings and leaves fixed dates and monotonic
    clocks alone."""
    source = "\n".join([
        "import datetime as dt, time",
        "from datetime import date, datetime",
        "a = date.today()",
        "b = dt.date.today()",
        "c = datetime.now()",
        "d = dt.datetime.now(dt.UTC)",  # with a time zone it is still now
        "e = time.time() + 2",
        "f = time.strftime('%Y')",
        "g = date(2027, 1, 15)",
        "h = time.monotonic()",
        "i = time.strftime('%Y', time.gmtime(0))",
        "j = datetime.fromisoformat('2027-01-15')",
    ])
    assert [line for line, _ in clock_reads(source, "example.py")] == [3, 4, 5, 6, 7, 8]
