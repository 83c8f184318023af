"""The running kiosk's status.json in its state folder, read back by `kiosk status`: is it
running (the pid alive and a kiosk), what it shows and why, and is that healthy."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.exitcodes import Exit
from kiosk.core.metrics import STATUS_NAME


def status_path(state_home: Path) -> Path:
    return state_home / STATUS_NAME


def pid_is_kiosk(pid: int) -> bool:
    """`pid` is alive and (where /proc tells) running this kiosk, not a reused pid."""
    if pid <= 0:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.parent.parent.is_dir() and Path("/proc/self").exists():  # Linux, the BSDs
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            return False
        # `python -m kiosk …`, or the packaged `kiosk` executable itself
        return b"kiosk" in words[:3] or os.path.basename(words[0]).startswith(b"kiosk")
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Verdict:
    running: bool
    record: dict[str, object]  # status.json as read ({} if none)
    code: Exit
    summary: str


def read_status(state_home: Path) -> Verdict:
    """What `kiosk status` reports, and its exit code."""
    try:
        record = json.loads(status_path(state_home).read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            raise ValueError("not an object")
    except (OSError, ValueError):
        return Verdict(False, {}, Exit.NOT_RUNNING, "no kiosk is running (no status file in "
                       f"{state_home})")
    pid = record.get("pid")
    if not isinstance(pid, int) or not pid_is_kiosk(pid):
        return Verdict(False, record, Exit.NOT_RUNNING,
                       f"no kiosk is running (the last one, pid {pid}, has stopped)")
    if record.get("content_source") != "folder":
        return Verdict(True, record, Exit.CONTENT_ERRORS,
                       "running, but NOT showing the content folder")
    if _number(record.get("content_errors")):
        return Verdict(True, record, Exit.CONTENT_ERRORS,
                       "running; the content folder's newest edit has errors and is not shown")
    return Verdict(True, record, Exit.OK, "running and healthy")


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
