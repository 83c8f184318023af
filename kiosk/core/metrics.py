"""What the running kiosk tells IT: a `Snapshot` of numbers, formatted for Prometheus (the
text exposition format, for node_exporter's textfile collector) and kept as `status.json` in
the state folder for `kiosk status`.

Privacy: a snapshot holds counts, times, sizes and ids (a version, a content fingerprint)
only; no page text, no titles, nothing a patient did beyond how many times.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.content import names
from kiosk.content.model import Library
from kiosk.content.sha256 import sha256
from kiosk.core import last_good

SOURCES = ("folder", "last_good", "bundled")
STATUS_NAME = "status.json"


@dataclass(frozen=True)
class Snapshot:
    version: str
    start_time: float  # Unix seconds
    content_fingerprint: str  # `content_fingerprint()`: equal content, equal id, on any PC
    content_source: str  # one of SOURCES
    content_errors: int  # of the content folder's newest load
    content_warnings: int
    pages_overdue_review: int
    last_touch_time: float  # Unix seconds; 0: no touch since start
    visits_today: int
    page_views_today: int
    idle_resets_today: int
    read_aloud_available: bool
    resident_memory_bytes: int
    screen_width: int
    screen_height: int
    screen_rotation: int  # degrees
    asleep: bool = False


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def format_metrics(snapshot: Snapshot) -> str:
    """The Prometheus text format: a HELP and TYPE line for each, base units, `kiosk_`."""
    s = snapshot
    rows: list[tuple[str, str, str, float, str]] = [
        ("up", "gauge", "1 while the kiosk runs; 0 written when it stops cleanly.", 1, ""),
        ("start_time_seconds", "gauge", "When the kiosk started, in Unix seconds.",
         s.start_time, ""),
        ("info", "gauge", "The kiosk's version.", 1, f'version="{_escape(s.version)}"'),
        ("content_info", "gauge", "The content on screen: its fingerprint and whether it is "
         "the content folder, its last good copy or the bundled content.", 1,
         f'fingerprint="{_escape(s.content_fingerprint)}",source="{_escape(s.content_source)}"'),
        ("content_errors", "gauge", "Errors in the content folder's newest load.",
         s.content_errors, ""),
        ("content_warnings", "gauge", "Warnings in the content folder's newest load.",
         s.content_warnings, ""),
        ("pages_overdue_review", "gauge", "Pages and answers on screen past their review_by "
         "date.", s.pages_overdue_review, ""),
        ("last_touch_time_seconds", "gauge", "The last touch, in Unix seconds (0: none since "
         "start).", s.last_touch_time, ""),
        ("visits_today", "gauge", "Visits started today (since start, if it started today).",
         s.visits_today, ""),
        ("page_views_today", "gauge", "Pages viewed today (since start, if it started today).",
         s.page_views_today, ""),
        ("idle_resets_today", "gauge", "Visits ended by the idle reset today.",
         s.idle_resets_today, ""),
        ("read_aloud_available", "gauge", "1 if read aloud has a speech engine.",
         int(s.read_aloud_available), ""),
        ("resident_memory_bytes", "gauge", "The kiosk's resident memory in bytes.",
         s.resident_memory_bytes, ""),
        ("screen_width_pixels", "gauge", "The screen's width in pixels.", s.screen_width, ""),
        ("screen_height_pixels", "gauge", "The screen's height in pixels.", s.screen_height, ""),
        ("screen_rotation_degrees", "gauge", "The configured rotation in degrees.",
         s.screen_rotation, ""),
        ("asleep", "gauge", "1 while the kiosk sleeps outside opening hours.", int(s.asleep),
         ""),
    ]
    lines: list[str] = []
    for name, kind, help_text, value, labels in rows:
        full = f"kiosk_{name}"
        lines.append(f"# HELP {full} {help_text}")
        lines.append(f"# TYPE {full} {kind}")
        shown = repr(float(value)) if isinstance(value, float) and not value.is_integer() \
            else str(int(value))
        lines.append(f"{full}{{{labels}}} {shown}" if labels else f"{full} {shown}")
    return "\n".join(lines) + "\n"


def stopped_metrics(version: str) -> str:
    """What a clean stop leaves behind: up 0, so an alert need not wait for the file to age."""
    return ("# HELP kiosk_up 1 while the kiosk runs; 0 written when it stops cleanly.\n"
            "# TYPE kiosk_up gauge\nkiosk_up 0\n"
            "# HELP kiosk_info The kiosk's version.\n# TYPE kiosk_info gauge\n"
            f'kiosk_info{{version="{_escape(version)}"}} 1\n')


def status_record(snapshot: Snapshot, pid: int, why: str) -> dict[str, object]:
    """status.json for `kiosk status`: the snapshot, the pid and why this content shows."""
    return {"pid": pid, **asdict(snapshot), "content_why": why}


def content_fingerprint(root: Path) -> str:
    """Names and bytes of the content files (not their times): the same content copied to
    any screen gives the same id, so IT can compare it with the version it expects."""
    digest = sha256()
    for relative, _ in names.content_files(root):
        digest.update(relative.encode("utf-8", "surrogatepass") + b"\0")
        try:
            digest.update(Path(root, relative).read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def content_source(root: Path, folder: Path, last_good_home: Path) -> str:
    """Which of SOURCES the library loaded from `root` is, for the content folder `folder`."""
    if Path(root).resolve() == Path(folder).resolve():
        return "folder"
    if last_good.is_copy(last_good_home, root) is not None:
        return "last_good"
    return "bundled"


def overdue_pages(library: Library, today: dt.date) -> int:
    """Pages and answers (each language's own) whose `review_by` has passed."""
    count = 0
    for lang in library.languages:
        items = [p for s in lang.sections for p in s.pages] + list(lang.faq)
        count += sum(1 for p in items if p.language == lang.code
                     and p.review_by is not None and p.review_by < today)
    return count


def resident_memory_bytes() -> int:
    """Resident memory now (Linux: /proc/self/statm), else the peak the OS reports."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):  # no /proc, or no sysconf
        pass
    try:
        import resource  # noqa: PLC0415 - Unix only: the module must import on Windows too
    except ImportError:
        return 0  # Windows: not measured here
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024
