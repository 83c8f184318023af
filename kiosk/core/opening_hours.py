"""Opening hours: `"Mon-Fri 07:30-18:00; Sat 08:00-12:00"` read into a schedule, and the pure
questions the kiosk asks of it (open now? when does that change?). The time is always passed
in, never read here, so the answers can be tested for any day, DST change included.

A range may not run past midnight ("Fri 22:00-02:00"): it is refused with the two ranges to
write instead, because a day's hours that belong to the next day are easy to misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EXAMPLE = '"Mon-Fri 07:30-18:00; Sat 08:00-12:00"'
DAY_MINUTES = 24 * 60
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

Ranges = tuple[tuple[int, int], ...]  # (start, end) minutes of the day, end up to 1440


class OpeningHoursError(ValueError):
    """What is wrong with an opening-hours text: the bad part and how to write it."""


@dataclass(frozen=True)
class Schedule:
    """Open minutes per weekday (Monday first); `days` None means always open."""

    days: tuple[Ranges, ...] | None

    @property
    def always_open(self) -> bool:
        return self.days is None


ALWAYS = Schedule(None)


def parse(text: str) -> Schedule:
    """The schedule a text describes; "" is always open. Raises OpeningHoursError."""
    if not text.strip():
        return ALWAYS
    days: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    for group in text.split(";"):
        if not group.strip():
            continue
        match = re.match(r"^\s*([^\d]*?)\s*(\d.*?)\s*$", group)
        if match is None or not match.group(1):
            raise OpeningHoursError(f'"{group.strip()}" needs day names and then times, '
                                    'like "Mon-Fri 07:30-18:00"')
        ranges = [_time_range(part) for part in match.group(2).split(",")]
        for day in _day_list(match.group(1)):
            days[day].extend(ranges)
    if not any(days):
        raise OpeningHoursError("no opening times found")
    return Schedule(tuple(_merged(ranges) for ranges in days))


def _day_list(text: str) -> list[int]:
    chosen: list[int] = []
    for item in text.split(","):
        ends = [_day(part) for part in item.split("-")]
        if len(ends) == 1:
            chosen.append(ends[0])
        elif len(ends) == 2:
            first, last = ends  # "Sat-Mon" wraps round the week
            chosen.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
        else:
            raise OpeningHoursError(f'"{item.strip()}" is not a day or a range of days, '
                                    'like "Mon" or "Mon-Fri"')
    return chosen


def _day(word: str) -> int:
    name = word.strip().lower()
    for number, (short, full) in enumerate(zip(DAYS, _FULL, strict=True)):
        if name in (short.lower(), full):
            return number
    raise OpeningHoursError(f'"{word.strip()}" is not a day: write Mon, Tue, Wed, Thu, Fri, '
                            "Sat or Sun")


def _time_range(text: str) -> tuple[int, int]:
    parts = [p.strip() for p in text.split("-")]
    if len(parts) != 2:
        raise OpeningHoursError(f'"{text.strip()}" is not a time range: write it like '
                                '"07:30-18:00"')
    start, end = (_minutes(p, allow_end=i == 1) for i, p in enumerate(parts))
    if end <= start:
        if end < start:
            raise OpeningHoursError(
                f'"{text.strip()}" runs past midnight, which is not allowed: end the day at '
                f'24:00 and start the next at 00:00, like "Fri {parts[0]}-24:00; '
                f'Sat 00:00-{parts[1]}"')
        raise OpeningHoursError(f'"{text.strip()}" ends when it starts')
    return start, end


def _minutes(text: str, allow_end: bool) -> int:
    match = _TIME.match(text)
    if match is not None:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if minutes < 60 and (hours < 24 or (allow_end and hours == 24 and minutes == 0)):
            return hours * 60 + minutes
    raise OpeningHoursError(f'"{text}" is not a time: write 24-hour times like "07:30" '
                            '(24:00 only as an end)')


def _merged(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def is_open(schedule: Schedule, when: datetime) -> bool:
    """Whether the clinic is open at `when`, read as a wall clock (its own time zone)."""
    if schedule.days is None:
        return True
    minute = when.hour * 60 + when.minute
    return any(start <= minute < end for start, end in schedule.days[when.weekday()])


def next_change(schedule: Schedule, when: datetime) -> datetime | None:
    """The next wall-clock time after `when` at which `is_open` changes, in `when`'s time
    zone; None when it never does (always open). A boundary that falls in a DST gap is the
    zone's reading of that wall time, so a caller's re-check still finds it."""
    if schedule.days is None:
        return None
    now_open = is_open(schedule, when)
    for ahead in range(8):
        day = when.date() + timedelta(days=ahead)
        for start, end in schedule.days[day.weekday()]:
            for minute in (start, end):
                moment = _at(day, minute, when)
                if moment > when and is_open(schedule, moment) != now_open:
                    return moment
    return None


def _at(day: date, minute: int, like: datetime) -> datetime:
    base = datetime.combine(day, time(0), tzinfo=like.tzinfo)
    if minute >= DAY_MINUTES:
        return base + timedelta(days=1)  # wall-clock arithmetic: midnight of the next day
    return base.replace(hour=minute // 60, minute=minute % 60)


def describe(moment: datetime) -> str:
    """A time as the log says it: "Mon 07:30"."""
    return f"{DAYS[moment.weekday()]} {moment:%H:%M}"
