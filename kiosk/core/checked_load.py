"""The load the content watcher hands to the window: the library from a quick load in this
process, and the full check (pictures, reading grades, lengths) from `kiosk check` run as its
own process.

Why another process: grading reading ease needs the pronouncing dictionary and hyphenation
patterns, about 12 MB that would stay in the kiosk for months after one check; and a check of a
thousand pages is a second of pure Python that would share the interpreter lock with the
patient's screen. The check's process takes both away and exits. Should it fail to run,
the check is done here instead, as before: a slower check, never a missing one.
"""

from __future__ import annotations

import json
import logging
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from kiosk.content import LoadResult, Problem, Severity, load_library
from kiosk.core import paths

log = logging.getLogger(__name__)
CHECK_TIMEOUT_S = 120.0  # a thousand pages take about a second


def load_checked(folder: Path, default_language: str = "en", *,
                 values: Mapping[str, str] | None = None) -> LoadResult:
    """`values`: the clinic's values (`Settings.clinic_values()`), filled into the library
    shown. The check's process is not given them: its errors do not depend on them. The notes
    that do (a value the content uses but kiosk.toml does not set) come from the quick load."""
    folder = Path(folder).absolute()
    quick = load_library(folder, default_language, quick=True, values=values)
    if not quick.ok or quick.library is None:
        return quick  # broken before any page is rendered: nothing more to learn
    problems = _check_elsewhere(folder, default_language)
    if problems is None:
        return load_library(folder, default_language, values=values)
    problems += tuple(note for note in quick.notes if note not in problems)
    ok = not any(p.severity is Severity.ERROR for p in problems)
    return LoadResult(quick.library if ok else None,
                      tuple(sorted(problems, key=lambda p: p.sort_key)))


def _check_elsewhere(folder: Path, default_language: str) -> tuple[Problem, ...] | None:
    """`kiosk check --format json` on the folder, its problems relative to the folder; None if
    it could not be run or said something unexpected (logged)."""
    command = paths.own_command("check", str(folder), "--format", "json",
                                "--language", default_language)
    try:
        done = subprocess.run(command, capture_output=True, timeout=CHECK_TIMEOUT_S,
                              check=False, stdin=subprocess.DEVNULL,
                              env=paths.own_environment())
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("the content check could not run as its own process (%s); checking here",
                    exc)
        return None
    if done.returncode == -signal.SIGTERM:
        # Stopped along with the kiosk's process group (a service stop, `timeout`): not a fault
        # of the check, so not a warning; the content is still checked, here.
        log.info("the content check's own process was stopped (SIGTERM); checking here")
        return None
    try:
        if done.returncode not in (0, 1):
            raise ValueError(f"exit code {done.returncode}")
        report = json.loads(done.stdout.decode("utf-8"))
        return tuple(_problem(folder, raw) for raw in report["problems"])
    except (ValueError, KeyError, TypeError) as exc:
        tail = done.stderr.decode("utf-8", "replace")[-500:]
        log.warning("the content check's own process failed (%s); checking here. %s", exc, tail)
        return None


def _problem(folder: Path, raw: dict[str, object]) -> Problem:
    where = Path(str(raw["path"]))
    try:
        relative = where.relative_to(folder).as_posix() or "."
    except ValueError:
        relative = where.as_posix()
    line = raw["line"]
    return Problem(relative, line if isinstance(line, int) else 0,
                   Severity(str(raw["severity"])), str(raw["message"]))
