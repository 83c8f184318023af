"""Helpers shared by the benchmark scripts: processes, /proc readings and statistics.

Memory and CPU are read from Linux's /proc (psutil is not a dependency):
- peak RSS: `VmHWM` in /proc/PID/status, the process's resident-set high-water mark;
- RSS now: `VmRSS` in the same file;
- CPU: the sum over the process's threads of /proc/PID/task/TID/schedstat's first field
  (nanoseconds on a CPU); where schedstat is missing, utime + stime (fields 14 and 15) of
  /proc/PID/stat, in clock ticks (os.sysconf("SC_CLK_TCK"), 100 per second on Linux). Both
  count every thread; schedstat is finer than a tick, which matters for an idle process.
  Threads that ended between two readings drop out of the schedstat sum, so the kiosk's
  short-lived threads (content loads) are counted by stat instead: both are reported.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parents[1]
BUNDLED = REPO / "content"
PYTHON = sys.executable
PYCACHE = Path(tempfile.gettempdir()) / "kiosk-bench-pycache"


# -- what probe.py writes (run.py reads it) -------------------------------------------------------

class Stalls(TypedDict):
    """`--stalls`: the UI thread's longest gap between two ticks of a 10 ms timer."""

    seconds: float
    interval_ms: int
    longest_gap_ms: float
    at_s_after_first_frame: float
    gaps_over_50_ms: int
    worst_gaps: list[list[float]]  # [gap ms, seconds after the first frame], longest first


class TimerInfo(TypedDict):
    """A QTimer object alive on the home screen."""

    owner: str  # its parent's class name, or ""
    attribute: str  # the parent's attribute holding it, or ""
    object_name: str
    interval_ms: int
    active: bool
    single_shot: bool
    remaining_ms: int


class ReceiverCount(TypedDict):
    events: int
    per_second: float


class TimerEvents(TypedDict):
    """`--census`: the Timer events the UI thread delivered, per receiver."""

    seconds: float
    per_receiver: dict[str, ReceiverCount]


class ProbeReport(TypedDict, total=False):
    """probe.py's JSON: each key is there once the probe has got that far."""

    started: float  # time.monotonic()
    first_frame: float  # time.monotonic()
    stalls: Stalls
    home_peak_rss_mb: float
    home_rss_mb: float
    timers: list[TimerInfo]
    timer_events: TimerEvents
    walk: dict[str, object]  # what --walk visited, or why it skipped
    walk_peak_rss_mb: float
    walk_rss_mb: float


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmHWM, VmRSS … from /proc/PID/status, in kB; {} once the process is gone."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key.startswith("Vm"):
                    values[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return values


def peak_rss_mb(pid: int | str = "self") -> float | None:
    kb = proc_status(pid).get("VmHWM")
    return None if kb is None else kb / 1024


def descendants(pid: int) -> list[int]:
    """Every process started by `pid`, and by those, from /proc/PID/task/*/children."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children", encoding="ascii") as kids:
                    children = [int(c) for c in kids.read().split()]
            except (OSError, ValueError):
                continue
            found.extend(children)
            todo.extend(children)
    return found


def _mapped_paths(pid: int | str, suffix: str) -> set[str]:
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as maps:
            return {line.split(maxsplit=5)[5].rstrip() for line in maps
                    if line.rstrip().endswith(suffix) and len(line.split(maxsplit=5)) == 6}
    except OSError:  # gone, or not ours to read
        return set()


def sharers_of(pid: int, library: str, exclude: set[int]) -> list[int]:
    """Other processes (not `exclude`) that map the very file `pid` maps as `library`.

    PSS splits a shared page among every process that maps it, wherever they came from: a
    stale kiosk or bare window left running elsewhere on the machine lowers both programs'
    PSS, the bare window's by a larger share (once a 52 MB reading became 37 MB and the ratio
    1.48× became 1.76×). The bench reports such processes rather than guessing around them."""
    paths = _mapped_paths(pid, library)
    if not paths:
        return []
    return [int(entry) for entry in os.listdir("/proc")
            if entry.isdigit() and int(entry) not in exclude | {pid}
            and _mapped_paths(entry, library) & paths]


def pss_mb(pid: int | str = "self") -> float | None:
    """Proportional set size: resident memory with each shared page split among its sharers,
    so a kiosk and its worker processes add up without counting their shared Qt twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def rss_mb(pid: int | str = "self") -> float | None:
    kb = proc_status(pid).get("VmRSS")
    return None if kb is None else kb / 1024


def cpu_seconds_fine(pid: int | str = "self") -> float | None:
    """CPU time of the process's live threads so far, from schedstat (nanoseconds)."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="ascii") as stat:
                total += int(stat.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


def cpu_seconds(pid: int | str = "self") -> float | None:
    """User + system CPU time of a whole process (all its threads, live or ended) so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            text = stat.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name may hold spaces: skip past it
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of stat(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def offscreen_platform(width: int = 1920, height: int = 1080) -> str:
    """QT_QPA_PLATFORM for an offscreen screen of this size (the default one is 800×800, and
    a press outside the screen is dropped by QScroller's press-delay handler, which looks the
    widget up by global position)."""
    config = Path(tempfile.gettempdir()) / f"kiosk-bench-screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{
        "name": "bench", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1.0}]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100), as latency reports usually give it."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def isolated_env(home: Path, display: str | None = None) -> dict[str, str]:
    """An environment whose config, logs, usage database and instance lock all live in `home`:
    no kiosk.toml of the user's is read, nothing is written outside, and two kiosks with
    different homes do not see each other's lock. Python keeps compiled modules in a private
    cache (PYTHONPYCACHEPREFIX), as an installed kiosk has them: a machine-wide
    PYTHONDONTWRITEBYTECODE would otherwise make every start compile the kiosk from source."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "PYTHONDONTWRITEBYTECODE")}
    for name in ("config", "state", "data", "cache", "run"):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "run").chmod(0o700)
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "run"), PYTHONPYCACHEPREFIX=str(PYCACHE))
    if display:
        env["DISPLAY"] = display
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_json(args: Sequence[str], timeout: float,
             env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a benchmark script that prints one JSON object as its last line of output.

    Any: each script's report has its own shape (its write_json call), not declared here."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "result.json"
        run_env = dict(env or os.environ)
        run_env.setdefault("QT_QPA_PLATFORM", "offscreen")
        proc = subprocess.run([PYTHON, *args, "--json", str(out)], env=run_env, cwd=REPO,
                              capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode != 0 or not out.exists():
            tail = (proc.stderr or proc.stdout)[-2000:]
            raise RuntimeError(f"{args[0]} exited {proc.returncode}:\n{tail}")
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        result.setdefault("stderr_tail", proc.stderr[-1500:] if proc.stderr else "")
        return result


def write_json(path: str | None, data: object) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if path:
        Path(path).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
