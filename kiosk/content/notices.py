"""Scheduled notices: a short message staff put on the home screen for a window of time
("The clinic is closed on 24 December").

Each notice is a Markdown file in a language's `notices/` folder, with `from:` and `until:` in
its front matter (local time, minute precision; a date alone means the whole day) and one or
two plain sentences below. The window is half-open, [starts, ends): `until: 2026-12-26 23:59`
covers the minute 23:59, and `until: 2026-12-26` the whole day, so both end at midnight.

Qt-free: the home screen asks `active` what to show now and `next_change` when to look again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from kiosk.content.frontmatter import FrontMatter
from kiosk.content.model import Notice, Problem, Severity

KEYS = frozenset({"from", "until"})
FOLDER = "notices"
MAX_CHARS = 200  # one or two sentences: a banner, not a page
FAR_AHEAD = dt.timedelta(days=366)  # a start further away than this is most likely a typo
_WHEN = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$")
_EXAMPLE = {"from": "`from: 2026-12-24 08:00`", "until": "`until: 2026-12-26 18:00`"}

Report = Callable[[Path, int, Severity, str], None]


def read_when(raw: str, *, end: bool) -> tuple[dt.datetime | None, str]:
    """A `from:`/`until:` value as the first minute it covers (`end`: the first minute after
    it), or None and the fix in plain words."""
    match = _WHEN.match(raw.strip())
    if not match:
        return None, ("is not a date and time the kiosk can read. Write year-month-day and, "
                      "if you need one, a 24-hour time, like `2026-12-24 13:30` or "
                      "`2026-12-24` (the whole day).")
    year, month, day, hour, minute = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None, ("is not a real date. Check the day and the month, written as "
                      "year-month-day, like `2026-12-24`.")
    if hour is None:
        start = dt.datetime.combine(date, dt.time())
        return (start + dt.timedelta(days=1) if end else start), ""
    if int(hour) > 23 or int(minute) > 59:
        return None, ("is not a real time. Write a 24-hour time from `00:00` to `23:59`, like "
                      "`2026-12-24 13:30`.")
    when = dt.datetime.combine(date, dt.time(int(hour), int(minute)))
    return (when + dt.timedelta(minutes=1) if end else when), ""


def read_notice(report: Report, path: Path, fm: FrontMatter, text: str, *, language: str,
                today: dt.date) -> Notice | None:
    """The notice in `path` (front matter `fm`, its words `text` already filled with the
    clinic's values), every problem reported with its line; None when it cannot be shown."""
    window: dict[str, dt.datetime] = {}
    for key in ("from", "until"):
        raw = fm.values.get(key)
        if raw is None:
            if key not in fm.misspelt and not fm.broken:
                report(path, 1, Severity.ERROR, f"this notice has no `{key}:` line, so the "
                       f"kiosk does not know when to show it. Add {_EXAMPLE[key]} between the "
                       "`---` lines (a date alone means the whole day).")
            continue
        when, fix = read_when(raw, end=key == "until")
        if when is None:
            report(path, fm.lines[key], Severity.ERROR, f"`{key}: {raw[:30]}` {fix}")
        else:
            window[key] = when
    words = " ".join(text.split())
    if not words and not fm.broken:
        report(path, fm.body_line, Severity.ERROR, "this notice has no text. Write one or two "
               "sentences below the `---` lines, or delete the file.")
    elif len(words) > MAX_CHARS:
        report(path, fm.body_line, Severity.WARNING, f"the notice is {len(words)} characters; "
               f"keep it to {MAX_CHARS} or fewer (one or two sentences) so it fits above the "
               "topics. Put the details in a page instead.")
    starts, ends = window.get("from"), window.get("until")
    if starts is None or ends is None or not words:
        return None
    if ends <= starts:
        report(path, fm.lines["until"], Severity.ERROR, f"`until: {fm.values['until']}` is "
               f"before `from: {fm.values['from']}`. `until` is when the notice stops showing: "
               "after `from`. Check the two dates.")
        return None
    midnight = dt.datetime.combine(today, dt.time())
    if ends <= midnight:
        report(path, fm.lines["until"], Severity.NOTE, f"expired: this notice ended on "
               f"{(ends - dt.timedelta(minutes=1)).date().isoformat()} and no longer shows. "
               "Delete the file.")
    elif starts - midnight > FAR_AHEAD:
        report(path, fm.lines["from"], Severity.WARNING, f"this notice starts on "
               f"{starts.date().isoformat()}, more than a year from now. Check the year (a "
               "typo?); if it is right, nothing to do.")
    return Notice(id=path.stem.lower(), text=words, starts=starts, ends=ends,
                  source=path, language=language)


def active(notices: tuple[Notice, ...], now: dt.datetime) -> tuple[Notice, ...]:
    """The notices to show at `now`, in their files' order."""
    return tuple(n for n in notices if n.starts <= now < n.ends)


def next_change(notices: tuple[Notice, ...], now: dt.datetime) -> dt.datetime | None:
    """The next moment after `now` when a notice starts or ends; None when none will."""
    moments = [m for n in notices for m in (n.starts, n.ends) if m > now]
    return min(moments, default=None)


def same_window(a: Notice, b: Notice) -> bool:
    return (a.starts, a.ends) == (b.starts, b.ends)


def merge(own: tuple[Notice, ...], default: tuple[Notice, ...], code: str, default_code: str,
          root: Path) -> tuple[tuple[Notice, ...], list[Problem]]:
    """A translation's notices with the default language's it lacks, shown in the default
    language (a closure matters to every patient, translated or not), in file-name order.
    Paired by file name, as pages are; a pair whose windows differ is a warning."""
    problems: list[Problem] = []
    mine = {n.id: n for n in own}
    theirs = {n.id: n for n in default}
    for notice in default:
        twin = mine.get(notice.id)
        source = notice.source.relative_to(root).as_posix()
        if twin is None:
            problems.append(Problem(
                f"{code}/{FOLDER}/{notice.source.name}", 0, Severity.NOTE,
                f"the notice `{source}` has no `{code}` translation, so it shows in "
                f"`{default_code}` on the `{code}` home screen. Copy it here and translate it."))
        elif not same_window(notice, twin):
            problems.append(Problem(
                twin.source.relative_to(root).as_posix(), 0, Severity.WARNING,
                f"this notice's `from:`/`until:` differ from `{source}`, so the languages show "
                "it at different times. Copy the two dates from that file."))
    for notice in own:
        if notice.id not in theirs:
            problems.append(Problem(
                notice.source.relative_to(root).as_posix(), 0, Severity.WARNING,
                f"this notice has no `{default_code}` version "
                f"(`{default_code}/{FOLDER}/{notice.source.name}`), so it shows only in "
                f"`{code}`. Add the `{default_code}` one with the same file name, or check the "
                "file's name."))
    merged = {**theirs, **mine}
    return tuple(merged[key] for key in sorted(merged)), problems
