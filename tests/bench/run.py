"""The kiosk's benchmarks: is it fast, light and steady? One command, a table and a JSON report.

    python tests/bench/run.py [--quick] [--json FILE]

Every figure is set against a reference measured in the same run on the same machine: a bare
PySide6 full-screen window holding a QTextBrowser and nothing else (bare_window.py, started as
its own process). See README.md in this folder for what each figure means and how it is taken.
Nothing here asserts a duration: the report says which targets hold, and the exit status is 0
unless a measurement itself failed to run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # tests/: the shared helpers

import xdamage
from common import (
    BENCH,
    BUNDLED,
    PYTHON,
    REPO,
    ProbeReport,
    cpu_seconds,
    cpu_seconds_fine,
    descendants,
    isolated_env,
    median,
    peak_rss_mb,
    pss_mb,
    rss_mb,
    run_json,
    sharers_of,
)

from helpers.speech_dispatcher import pulse_server

FROZEN = REPO / "dist" / "kiosk" / "kiosk"  # run.py --frozen changes it
TAP_TARGET_MS = 16.0
STARTUP_LIMIT = 1.7  # × the bare window's first frame
TREE_PSS_LIMIT = 1.3  # × the bare window's PSS: the kiosk and its children at rest on home
LISTEN_LIMIT_S = 1.0  # a patient's first Listen to speech starting


# -- the plan -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    quick: bool
    startup_runs: int
    settle_s: float
    rest_s: float
    census_s: float
    taps: int
    endurance_taps: int
    scale_pages: int
    scale_faq: int
    package: bool

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(quick=True, startup_runs=3, settle_s=2.0, rest_s=10.0, census_s=5.0,
                       taps=40, endurance_taps=300, scale_pages=200, scale_faq=40,
                       package=False)
        return cls(quick=False, startup_runs=7, settle_s=3.0, rest_s=30.0, census_s=15.0,
                   taps=200, endurance_taps=20_000, scale_pages=1000, scale_faq=200,
                   package=True)


@dataclass
class Figure:
    key: str
    label: str
    unit: str
    kiosk: float | None
    bare: float | None
    target: str  # in words, for the table
    passed: bool | None
    ratio: float | None = None
    note: str = ""

    def row(self) -> dict[str, object]:
        return {"key": self.key, "label": self.label, "unit": self.unit, "kiosk": self.kiosk,
                "bare": self.bare, "ratio": self.ratio, "target": self.target,
                "pass": self.passed, "note": self.note}


def ratio_figure(key: str, label: str, unit: str, kiosk: float | None, bare: float | None,
                 limit: float | None, note: str = "") -> Figure:
    ratio = kiosk / bare if kiosk is not None and bare else None
    passed = None if ratio is None or limit is None else ratio <= limit
    target = f"≤ {limit:g}× bare" if limit is not None else "(reported)"
    return Figure(key, label, unit, kiosk, bare, target, passed, ratio, note)


def absolute_figure(key: str, label: str, unit: str, kiosk: float | None, bare: float | None,
                    limit: float | None, note: str = "") -> Figure:
    ratio = kiosk / bare if kiosk is not None and bare else None
    passed = None if kiosk is None or limit is None else kiosk <= limit
    target = f"≤ {limit:g} {unit}" if limit is not None else "(reported)"
    return Figure(key, label, unit, kiosk, bare, target, passed, ratio, note)


@dataclass
class Report:
    plan: Plan
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per section; in details too

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)


# -- running programs -----------------------------------------------------------------------------

@dataclass
class Program:
    name: str
    argv: list[str]
    home: Path  # XDG folders: config, logs, usage counts, instance lock

    def env(self, display: str | None) -> dict[str, str]:
        return isolated_env(self.home, display)


@dataclass
class Launch:
    """One start of a program: first frame, memory once settled, how it ended."""

    program: str
    first_frame_ms: float | None = None
    peak_rss_mb: float | None = None
    rss_mb: float | None = None
    exit_code: int | None = None
    crashed: bool = False
    log_tail: str = ""
    pss_mb: float | None = None  # the program's own, once settled
    children: int = 0  # processes it started that were still running then (speech worker)
    children_rss_mb: float | None = None
    children_pss_mb: float | None = None
    sharers: int = 0  # other processes mapping the same Qt library then (they lower PSS)


class Displays:
    """Private Xvfb servers (1920×1080), one per concurrent program, stopped at the end."""

    def __init__(self) -> None:
        self.servers: list[subprocess.Popen[bytes]] = []

    def new(self) -> str | None:
        started = xdamage.start_xvfb()
        if started is None:
            return None
        server, name = started
        self.servers.append(server)
        return name

    def close(self) -> None:
        for server in self.servers:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=10)


def stop(process: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM, as a supervisor stops the kiosk; SIGKILL if it has not gone in 15 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=5)


def log_tail(path: Path, chars: int = 1500) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def launch(program: Program, display: str | None, settle_s: float,
           during: Callable[[subprocess.Popen[bytes]], object] | None = None) -> Launch:
    """Start `program`, time its first frame, let it settle, read its memory, stop it.

    With a display: the first frame is seen from outside, through X DAMAGE (xdamage.py), and
    the clock starts just before the process is created. Without one (no Xvfb), the program
    runs offscreen under probe.py, whose event filter sees the first Paint event; the clock
    still starts in this process, and both sides read the same system-wide monotonic clock.
    """
    result = Launch(program.name)
    program.home.mkdir(parents=True, exist_ok=True)
    errlog = program.home / f"{program.name}.log"
    probe_out = program.home / "probe.json"
    argv = program.argv
    if display is None:
        probe_out.unlink(missing_ok=True)
        argv = [PYTHON, str(BENCH / "probe.py"), "--out", str(probe_out), "--settle",
                str(settle_s), "--stay", "--", *program.argv[1:]] \
            if program.argv[0] == PYTHON else program.argv
    watcher = xdamage.FirstFrameWatcher(display) if display else None
    try:
        with errlog.open("wb") as err:
            started = time.monotonic()
            process = subprocess.Popen(argv, env=program.env(display), cwd=REPO,
                                       stdout=subprocess.DEVNULL, stderr=err)

            def alive() -> bool:
                return process.poll() is None

            if watcher is not None:
                frame = watcher.wait(90, alive)
            else:
                frame = None
                deadline = time.monotonic() + 90 + settle_s
                while alive() and time.monotonic() < deadline and not probe_out.exists():
                    time.sleep(0.05)
                if probe_out.exists():
                    frame = float(json.loads(probe_out.read_text())["first_frame"])
            if frame is not None:
                result.first_frame_ms = (frame - started) * 1000
                if watcher is not None:
                    time.sleep(settle_s)
                if during is not None and alive():
                    during(process)
                result.peak_rss_mb = peak_rss_mb(process.pid)
                result.rss_mb = rss_mb(process.pid)
                result.pss_mb = pss_mb(process.pid)
                kids = descendants(process.pid)
                result.children = len(kids)
                result.children_rss_mb = sum(rss_mb(k) or 0.0 for k in kids)
                result.children_pss_mb = sum(pss_mb(k) or 0.0 for k in kids)
                result.sharers = len(sharers_of(process.pid, "/libQt6Core.so.6",
                                                {os.getpid(), *kids}))
            still_running = alive()
            result.exit_code = stop(process)
    finally:
        if watcher is not None:
            watcher.close()
    result.crashed = not still_running or result.first_frame_ms is None or \
        result.exit_code not in (0, -signal.SIGTERM)
    if result.crashed:
        result.log_tail = log_tail(errlog)
    return result


def launches(programs: list[Program], display: str | None, runs: int, settle_s: float,
             progress: Callable[[str], None]) -> dict[str, list[Launch]]:
    """`runs` good starts of each program, interleaved (so drift on a shared machine hits all
    alike), after one unmeasured warm-up start each (disk caches, .pyc files). A start that
    crashes is recorded and retried, up to `runs` extra times per program."""
    good: dict[str, list[Launch]] = {p.name: [] for p in programs}
    crashed: dict[str, list[Launch]] = {p.name: [] for p in programs}
    for program in programs:
        launch(program, display, 0.5)
    for round_number in range(runs * 2):
        for program in programs:
            if len(good[program.name]) >= runs or len(crashed[program.name]) > runs:
                continue
            one = launch(program, display, settle_s)
            (crashed if one.crashed else good)[program.name].append(one)
            progress(f"start-up {program.name} #{round_number + 1}: "
                     f"{one.first_frame_ms or float('nan'):.0f} ms"
                     + (" (crashed)" if one.crashed else ""))
    return {**{f"{k}": v for k, v in good.items()},
            **{f"{k}:crashed": v for k, v in crashed.items()}}


# -- the benchmarks -------------------------------------------------------------------------------

def kiosk_program(name: str, home: Path, content: Path, config: Path | None = None,
                  frozen: Path | None = None) -> Program:
    args = ["--windowed", "--content", str(content)]
    if config is not None:
        args += ["--config", str(config)]
    argv = [str(frozen), *args] if frozen else [PYTHON, "-m", "kiosk", *args]
    return Program(name, argv, home)


def probe_run(home: Path, display: str | None, options: list[str], program: list[str],
              timeout: float = 300) -> ProbeReport | None:
    """Run a program under probe.py (see there); its report, or None if it wrote none."""
    home.mkdir(parents=True, exist_ok=True)
    out = home / "probe.json"
    out.unlink(missing_ok=True)
    argv = [PYTHON, str(BENCH / "probe.py"), "--out", str(out), *options, "--", *program]
    with (home / "probe.log").open("wb") as err:
        subprocess.run(argv, env=isolated_env(home, display), cwd=REPO,
                       stdout=subprocess.DEVNULL, stderr=err, timeout=timeout, check=False)
    if out.exists():
        report: ProbeReport = json.loads(out.read_text())
        return report
    return None


def frozen_is_stale(frozen: Path) -> str | None:
    """Why the packaged kiosk at `frozen` is not the current source, or None if it is."""
    sys.path.insert(0, str(REPO))
    import build_spec  # the project root's build script

    return build_spec.stale_reason(frozen.parent)


def bench_startup_and_memory(report: Report, work: Path, display: str | None,
                             scale_folder: Path | None, frozen: Path,
                             progress: Callable[[str], None]) -> None:
    plan = report.plan
    programs = [
        Program("bare", [PYTHON, str(BENCH / "bare_window.py")], work / "bare"),
        kiosk_program("kiosk", work / "kiosk", BUNDLED),
    ]
    stale = frozen_is_stale(frozen) if frozen.exists() else None
    if stale:
        # A build from older sources times older code (this once reported 9× for a fast build).
        progress(f"not timing {frozen}: {stale}")
        report.details["startup_frozen_skipped"] = stale
    elif frozen.exists() and display is not None:
        programs.append(kiosk_program("kiosk_frozen", work / "frozen", BUNDLED, frozen=frozen))
    if scale_folder is not None:
        programs.append(kiosk_program("kiosk_scale", work / "scale", scale_folder))
    runs = launches(programs, display, plan.startup_runs, plan.settle_s, progress)

    def med(name: str, attr: str) -> float | None:
        values = [getattr(r, attr) for r in runs.get(name, []) if getattr(r, attr) is not None]
        return median(values) if values else None

    method = ("X DAMAGE on Xvfb: process created → first drawing in its window" if display
              else "offscreen, probe.py: process created → first Paint of the window")
    report.details["startup"] = {
        "method": method, "runs": plan.startup_runs,
        "first_frame_ms": {name: [round(r.first_frame_ms or 0, 1) for r in rs]
                           for name, rs in runs.items() if not name.endswith(":crashed")},
        "crashes": {name.split(":")[0]: [{"exit_code": r.exit_code, "log_tail": r.log_tail}
                                         for r in rs]
                    for name, rs in runs.items() if name.endswith(":crashed") and rs},
        "peak_rss_mb": {name: [round(r.peak_rss_mb or 0, 1) for r in rs]
                        for name, rs in runs.items() if not name.endswith(":crashed")},
    }
    crashes = {name.split(":")[0]: len(rs) for name, rs in runs.items()
               if name.endswith(":crashed") and rs}
    bare_ms = med("bare", "first_frame_ms")
    note = f"median of {plan.startup_runs}; " + (
        f"crashed starts (retried): {crashes}" if crashes else "no crashed starts")
    report.add(ratio_figure("startup_source", "Start-up to first frame (source)", "ms",
                            med("kiosk", "first_frame_ms"), bare_ms, STARTUP_LIMIT, note))
    if "kiosk_frozen" in runs:
        report.add(ratio_figure("startup_frozen", "Start-up to first frame (dist/kiosk)", "ms",
                                med("kiosk_frozen", "first_frame_ms"), bare_ms, STARTUP_LIMIT,
                                note))
    if scale_folder is not None:
        scale = med("kiosk_scale", "first_frame_ms")
        bundled = med("kiosk", "first_frame_ms")
        figure = ratio_figure("startup_scale", f"Start-up, {plan.scale_pages}-page content",
                              "ms", scale, None, None, "")
        figure.ratio = scale / bundled if scale and bundled else None
        figure.target = "≤ 1.3× bundled"
        figure.passed = None if figure.ratio is None or plan.quick else figure.ratio <= 1.3
        figure.note = (f"ratio to the kiosk on the bundled content ({bundled or 0:.0f} ms)"
                       + ("; quick: smaller content, not judged" if plan.quick else ""))
        report.add(figure)
    bare_mb = med("bare", "peak_rss_mb")
    report.add(ratio_figure("memory_home", "Peak RSS on the home screen", "MB",
                            med("kiosk", "peak_rss_mb"), bare_mb, 1.5,
                            f"VmHWM {plan.settle_s:g} s after the first frame"))
    report.details["bare_peak_rss_mb"] = bare_mb
    # Read aloud's worker (during a visit) and, for a moment, the content check run as child
    # processes: their memory is not the kiosk process's, but it is the kiosk's.
    children_rss = med("kiosk", "children_rss_mb")
    report.add(absolute_figure(
        "memory_children", "RSS of the kiosk's child processes", "MB", children_rss, None,
        None, f"{med('kiosk', 'children') or 0:.0f} process(es) {plan.settle_s:g} s after the "
        "first frame (at rest on home: read aloud's worker runs only during a visit)"))
    tree_pss = [r.pss_mb + (r.children_pss_mb or 0.0) for r in runs.get("kiosk", [])
                if r.pss_mb is not None]
    shared = {name: max(r.sharers for r in done) for name, done in runs.items() if done}
    report.details["pss_other_qt_processes"] = shared
    if any(shared.values()):
        progress(f"warning: other processes mapped Qt's libraries while memory was read "
                 f"({shared}): PSS splits shared pages with them, so the PSS figures are low "
                 f"and their ratio high; stop them and run again")
    report.add(ratio_figure(
        "memory_pss_total", "Whole-tree PSS at rest on home", "MB",
        median(tree_pss) if tree_pss else None, med("bare", "pss_mb"), TREE_PSS_LIMIT,
        "proportional set size (shared pages split among their sharers) of the kiosk and every "
        f"process it started, {plan.settle_s:g} s after the first frame, against the bare "
        "window's; median of the per-start sums"))

    # After visiting everything: the real program, walked in-process by probe.py, which also
    # times the longest stall of the UI thread in the first seconds after the first frame.
    walks: list[ProbeReport] = []
    bare_stalls: list[ProbeReport] = []
    walk_failures: list[str] = []
    stall_s = 4.0 if plan.quick else 6.0
    for number in range(1 if plan.quick else 2):
        walked = probe_run(work / f"walk{number}", display,
                           ["--settle", "1", "--walk", "--stalls", str(stall_s)],
                           ["-m", "kiosk", "--windowed", "--content", str(BUNDLED)])
        bare = probe_run(work / f"stall-bare{number}", display,
                         ["--settle", "0.2", "--stalls", str(stall_s)],
                         [str(BENCH / "bare_window.py")])
        if walked is None:
            report.details.setdefault("walk_failures", walk_failures)  # now: a time-out keeps it
            walk_failures.append(log_tail(work / f"walk{number}" / "probe.log"))
        else:
            walks.append(walked)
        if bare is not None:
            bare_stalls.append(bare)
    if walks:
        peak = median([float(w["walk_peak_rss_mb"]) for w in walks])
        visited = walks[0].get("walk", {})
        report.add(ratio_figure("memory_everything", "Peak RSS after every page and answer",
                                "MB", peak, bare_mb, 1.8,
                                f"visited {visited} in every language"))
        report.details["walk"] = walks
        stalls = [float(w["stalls"]["longest_gap_ms"]) for w in walks if "stalls" in w]
        bare_gap = [float(b["stalls"]["longest_gap_ms"]) for b in bare_stalls if "stalls" in b]
        worst = max(walks, key=lambda w: w["stalls"]["longest_gap_ms"] if "stalls" in w else 0)
        worst_at = worst["stalls"]["at_s_after_first_frame"] if "stalls" in worst else 0
        report.add(absolute_figure(
            "ui_stall_after_start", f"Longest UI stall, {stall_s:g} s after first frame", "ms",
            max(stalls) if stalls else None, max(bare_gap) if bare_gap else None, TAP_TARGET_MS,
            f"a tap then waits this long; worst at "
            f"{worst_at:.1f} s "
            "after the first frame (not one of the issue's targets)"))


def bench_rest(report: Report, work: Path, displays: Displays,
               progress: Callable[[str], None]) -> None:
    """CPU at rest, measured from outside (/proc/PID/stat), for the bare window and the kiosk
    with and without the slideshow, all at once on their own displays; and, in a fourth
    process, the census of timers (probe.py)."""
    plan = report.plan
    no_show = work / "rest-off" / "kiosk.toml"
    no_show.parent.mkdir(parents=True, exist_ok=True)
    no_show.write_text("slideshow_after_s = 0\n", encoding="utf-8")
    programs = [
        (Program("bare", [PYTHON, str(BENCH / "bare_window.py")], work / "rest-bare"), None),
        (kiosk_program("kiosk_no_slideshow", work / "rest-off", BUNDLED, no_show), None),
        (kiosk_program("kiosk_defaults", work / "rest-defaults", BUNDLED), None),
    ]
    display_names = [displays.new() for _ in range(len(programs) + 1)]
    cpu: dict[str, float | None] = {}
    cpu_ticks: dict[str, float | None] = {}
    rss: dict[str, float | None] = {}
    census: ProbeReport = {}
    processes = []
    settle = 5.0
    try:
        for (program, _), display in zip(programs, display_names, strict=False):
            env = program.env(display)
            err = (program.home / "rest.log").open("wb")
            processes.append((program, subprocess.Popen(program.argv, env=env, cwd=REPO,
                                                        stdout=subprocess.DEVNULL,
                                                        stderr=err), err))
        census_home = work / "rest-census"
        census_home.mkdir(parents=True, exist_ok=True)
        census_out = census_home / "census.json"
        census_argv = [PYTHON, str(BENCH / "probe.py"), "--out", str(census_out),
                       "--settle", str(settle), "--census", str(plan.rest_s), "--", "-m",
                       "kiosk", "--windowed", "--content", str(BUNDLED)]
        census_proc = subprocess.Popen(census_argv, env=isolated_env(census_home,
                                                                     display_names[-1]),
                                       cwd=REPO, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        time.sleep(settle + 3)  # all started, first frames shown, start-up work done
        before = {p.name: (cpu_seconds_fine(proc.pid), cpu_seconds(proc.pid))
                  for p, proc, _ in processes}
        started = time.monotonic()
        progress(f"at rest: measuring CPU for {plan.rest_s:g} s")
        time.sleep(plan.rest_s)
        elapsed = time.monotonic() - started
        for program, proc, _ in processes:
            fine, ticks = cpu_seconds_fine(proc.pid), cpu_seconds(proc.pid)
            fine0, ticks0 = before[program.name]
            alive = proc.poll() is None
            cpu[program.name] = (fine - fine0) / elapsed * 100 \
                if alive and fine is not None and fine0 is not None else None
            cpu_ticks[program.name] = (ticks - ticks0) / elapsed * 100 \
                if alive and ticks is not None and ticks0 is not None else None
            rss[program.name] = rss_mb(proc.pid)
        census_proc.wait(timeout=plan.rest_s + 120)
        if census_out.exists():
            census = json.loads(census_out.read_text())
    finally:
        for _, proc, err in processes:
            stop(proc)
            err.close()
    bare = cpu["bare"]
    report.add(absolute_figure("cpu_rest_no_slideshow", "CPU at rest, slideshow off",
                               "% of a core", cpu["kiosk_no_slideshow"], bare, 1.0,
                               f"{plan.rest_s:g} s on home; /proc schedstat of every thread"))
    report.add(absolute_figure("cpu_rest_defaults", "CPU at rest, default settings",
                               "% of a core", cpu["kiosk_defaults"], bare, 1.0,
                               "the slideshow waits 60 s, so it has not started yet"))
    timers = census.get("timers", [])
    events = census["timer_events"]["per_receiver"] if "timer_events" in census else {}
    running = [t for t in timers if t.get("active")]
    fast = [name for name, e in events.items() if e["per_second"] > 1.0]
    fast += [f"QTimer {t['interval_ms']} ms ({t['owner']}.{t['attribute']})" for t in running
             if t["interval_ms"] < 1000 and not t["single_shot"]]
    # A thread that ends during the window (none should, at rest) drops out of the fine
    # figure; take whichever is larger.
    for name, ticks in cpu_ticks.items():
        if ticks is not None and (cpu[name] is None or ticks > (cpu[name] or 0)):
            cpu[name] = ticks
    report.details["rest"] = {"cpu_percent": cpu, "cpu_percent_from_ticks": cpu_ticks,
                              "rss_mb": rss, "seconds": plan.rest_s,
                              "timers_running": running, "timer_events": events,
                              "faster_than_1_per_s": fast}
    report.add(Figure("timers_rest", "Timers firing > 1/s at rest", "timers",
                      float(len(fast)), None, "none", not fast and bool(census),
                      note="; ".join(fast) or f"{len(running)} running: " + ", ".join(
                          f"{t['owner']}.{t['attribute']} {t['interval_ms']} ms"
                          for t in running)))


def bench_taps(report: Report, env: dict[str, str]) -> None:
    plan = report.plan
    args = ["--taps", str(plan.taps)]
    kiosk = run_json([str(BENCH / "taps.py"), "--target", "kiosk", *args], 600, env)
    bare = run_json([str(BENCH / "taps.py"), "--target", "bare", *args], 600, env)
    report.details["taps"] = {"kiosk": kiosk, "bare": bare}
    for key, label in (("next_page", "next page"), ("open_answer", "open an FAQ answer")):
        k, b = kiosk[key], bare[key]
        report.add(absolute_figure(f"tap_{key}_p95", f"Tap to frame, {label}, p95", "ms",
                                   k["p95_ms"], b["p95_ms"], TAP_TARGET_MS,
                                   f"p50 {k['p50_ms']:.1f} ms (bare {b['p50_ms']:.1f}); "
                                   f"{k['taps']} taps, {k['missed']} missed"))


def bench_scale(report: Report, work: Path, env: dict[str, str]) -> Path:
    plan = report.plan
    folder = work / "scale-content"
    result = run_json([str(BENCH / "scale.py"), "--pages", str(plan.scale_pages), "--faq",
                       str(plan.scale_faq), "--keep", str(folder)], 600, env)
    report.details["scale"] = result
    figure = absolute_figure("scale_load", f"Load {plan.scale_pages} pages + "
                             f"{plan.scale_faq} FAQ", "s", result["first_load_s"], None,
                             None if plan.quick else 1.0,
                             f"first load in a fresh process (imports apart: "
                             f"{result['import_s']:.2f} s); warm {result['median_load_s']:.2f} s;"
                             f" {result['errors']} errors, {result['warnings']} warnings")
    report.add(figure)
    return folder / "content" if (folder / "content").is_dir() else folder


def bench_checks(report: Report, env: dict[str, str]) -> None:
    """Not speed: the kiosk's own reading grades are still the pinned ones (English as
    textstat 0.7.8 gave them; the Spanish counter against a hand-made list)."""
    result = run_json([str(BENCH / "check_syllables.py")], 600, env)
    report.details["syllables"] = result
    report.add(Figure("grades_identical", "English grades = parity fixture", "differences",
                      float(len(result["wrong_pronunciations"]) + result["grades_differing"]),
                      None, "none", bool(result["ok"]),
                      note=f"{result['dictionary_words']} dictionary words, "
                      f"{result['pages_compared']} pages compared; Spanish list "
                      f"{result['spanish_right']}/{result['spanish_words']}"))


def bench_endurance(report: Report, env: dict[str, str]) -> None:
    plan = report.plan
    result = run_json([str(BENCH / "endurance.py"), "--taps", str(plan.endurance_taps)],
                      7200, env)
    report.details["endurance"] = result
    report.add(absolute_figure("endurance_growth", f"RSS growth over {plan.endurance_taps} "
                               "taps", "MB", result["growth_mb"], None, 5.0,
                               f"after {result['warmup_taps']} warm-up taps; "
                               f"{result['idle_resets']} idle resets, "
                               f"{result['live_reloads']} live reloads"))
    problems = result["errors_logged"] + result["exceptions"]
    report.add(Figure("endurance_errors", "Errors logged during the taps", "errors",
                      float(problems), None, "none", problems == 0,
                      note="; ".join(result["first_errors"] + result["first_exceptions"])[:300]))


def bench_listen(report: Report, work: Path, progress: Callable[[str], None]) -> None:
    """listen.py, once per process so every pass starts cold: a visit's first Listen. First on
    a fresh install (nothing kept), then as every later visit meets it: with the state folder of
    an earlier visit, whose read-aloud worker kept the voices it found (an unmeasured pass fills
    it first)."""
    plan = report.plan
    pulse = pulse_server()
    count = 3 if plan.quick else 5

    def one_pass(name: str, state: Path | None) -> dict[str, object]:
        home = work / name
        home.mkdir(parents=True, exist_ok=True)
        out = home / "listen.json"
        # The session's sound server and speech service, as a kiosk's user session has them.
        env = {k: v for k, v in isolated_env(home).items() if k != "XDG_RUNTIME_DIR"}
        if "XDG_RUNTIME_DIR" in os.environ:
            env["XDG_RUNTIME_DIR"] = os.environ["XDG_RUNTIME_DIR"]
        if pulse:
            env.setdefault("PULSE_SERVER", pulse)  # found through XDG_CONFIG_HOME otherwise
        if state is not None:
            env["XDG_STATE_HOME"] = str(state)
        with (home / "listen.log").open("wb") as err:
            subprocess.run([PYTHON, str(BENCH / "listen.py"), "--out", str(out)],
                           env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                           stderr=err, timeout=300, check=False)
        return json.loads(out.read_text()) if out.exists() else {
            "error": log_tail(home / "listen.log")}

    passes: list[dict[str, object]] = []
    for number in range(count):
        passes.append(one_pass(f"listen{number}", None))
        progress(f"listen #{number + 1}: {passes[-1]}")
    kept_state = work / "listen-kept-state"
    one_pass("listen-kept-first", kept_state)  # an earlier visit: not measured
    kept: list[dict[str, object]] = []
    for number in range(count):
        kept.append(one_pass(f"listen-kept{number}", kept_state))
        progress(f"listen, voices kept, #{number + 1}: {kept[-1]}")
    report.details["listen"] = passes
    report.details["listen_kept"] = kept

    def med(key: str, runs: list[dict[str, object]]) -> float | None:
        values = [float(v) for p in runs if isinstance(v := p.get(key), (int, float))]
        return median(values) if values else None

    ready = sum(1 for p in passes if p.get("engine_ready_at_rest"))
    report.add(absolute_figure(
        "listen_first", "First Listen to speech starting", "s",
        med("first_listen_to_speech_s", passes), None, LISTEN_LIMIT_S,
        f"median of {len(passes)} cold passes, each with a state folder of its own (a fresh "
        f"install); Listen pressed as soon as it shows on the first page a tap on home opened; "
        f"speech starting = the worker reports \"speaking\"; engine already open at rest in "
        f"{ready} of {len(passes)}"))
    report.add(absolute_figure(
        "listen_first_kept", "First Listen, a later visit", "s",
        med("first_listen_to_speech_s", kept), None, LISTEN_LIMIT_S,
        f"median of {len(kept)} passes as above, sharing the state folder of an earlier "
        f"(unmeasured) visit: the voices its worker found are kept"))
    report.add(absolute_figure("listen_shown", "Tap on home to Listen shown", "s",
                               med("listen_shown_after_tap_s", passes), None, None,
                               "the cold passes"))


def bench_package(report: Report, env: dict[str, str], dist: Path) -> None:
    result = run_json([str(BENCH / "package.py"), "--dist", str(dist)], 3600, env)
    report.details["package"] = result
    if "ratio" in result:
        report.add(ratio_figure("package", "Package size (one folder)", "MB",
                                result["kiosk_bytes"] / 1e6, result["bare_bytes"] / 1e6, None,
                                "bare: naive `pyinstaller --onedir` of bare_window.py"))
    else:
        report.add(Figure("package", "Package size (one folder)", "MB", None, None,
                          "(reported)", None, note=str(result.get("skipped"))))


# -- output ---------------------------------------------------------------------------------------

def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(report: Report) -> str:
    rows = [("figure", "kiosk", "bare", "ratio", "target", "result")]
    for f in report.figures:
        digits = 2 if f.unit in ("s", "% of a core") else (0 if f.unit == "timers" else 1)
        result = {True: "pass", False: "FAIL", None: "—"}[f.passed]
        rows.append((f.label, f"{fmt(f.kiosk, digits)} {f.unit}", fmt(f.bare, digits),
                     "—" if f.ratio is None else f"{f.ratio:.2f}×", f.target, result))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def machine() -> dict[str, object]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "load_average": load}


@contextlib.contextmanager
def section(report: Report, name: str, progress: Callable[[str], None]) -> Iterator[None]:
    started = time.monotonic()
    progress(f"{name} …")
    try:
        yield
    except Exception:
        report.errors[name] = traceback.format_exc()[-3000:]
        progress(f"{name}: FAILED\n{report.errors[name]}")
    report.details.setdefault("seconds", report.seconds)
    report.seconds[name] = round(time.monotonic() - started, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs and taps, small content, no package build (CI)")
    parser.add_argument("--json", help="write the JSON report here")
    parser.add_argument("--frozen", type=Path, default=FROZEN,
                        help="the packaged kiosk to time too (default: dist/kiosk/kiosk)")
    parser.add_argument("--dist", type=Path, help="the one-folder build whose size is "
                        "reported (default: the --frozen program's folder)")
    parser.add_argument("--only", help="comma-separated sections: scale,startup,rest,listen,"
                        "taps,endurance,checks,package")
    args = parser.parse_args()
    plan = Plan.make(args.quick)
    report = Report(plan)
    only = set(args.only.split(",")) if args.only else None

    def wanted(name: str) -> bool:
        return only is None or name in only

    def progress(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    started = time.monotonic()
    displays = Displays()
    have_x = bool(shutil.which("Xvfb")) and xdamage.available()
    offscreen = isolated_env(Path(tempfile.mkdtemp(prefix="kiosk-bench-env-")))
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
            work = Path(tmp)
            display = displays.new() if have_x else None
            scale_folder = None
            if wanted("scale"):
                with section(report, "scale", progress):
                    scale_folder = bench_scale(report, work, offscreen)
            if wanted("startup"):
                with section(report, "startup", progress):
                    bench_startup_and_memory(report, work, display, scale_folder,
                                             args.frozen, progress)
            if wanted("rest"):
                with section(report, "rest", progress):
                    if have_x:
                        bench_rest(report, work, displays, progress)
                    else:
                        raise RuntimeError("needs Xvfb and libXdamage")
            if wanted("listen"):
                with section(report, "listen", progress):
                    bench_listen(report, work, progress)
            if wanted("taps"):
                with section(report, "taps", progress):
                    bench_taps(report, offscreen)
            if wanted("endurance"):
                with section(report, "endurance", progress):
                    bench_endurance(report, offscreen)
            if wanted("checks"):
                with section(report, "checks", progress):
                    bench_checks(report, offscreen)
            if wanted("package") and plan.package:
                with section(report, "package", progress):
                    bench_package(report, offscreen, args.dist or args.frozen.parent)
    finally:
        displays.close()
    if not plan.package:
        report.details["package"] = {"skipped": "--quick: no PyInstaller build"}
    data = {
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "quick": plan.quick, "seconds": round(time.monotonic() - started, 1),
        "machine": machine(), "reference": "bare PySide6 full-screen window with a "
        "QTextBrowser (tests/bench/bare_window.py), measured in the same run",
        "figures": [f.row() for f in report.figures],
        "details": report.details, "errors": report.errors,
    }
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    print(table(report))
    if report.errors:
        print(f"\nFAILED to measure: {', '.join(report.errors)}", file=sys.stderr)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
