"""Runs a Qt program (the kiosk, or the bare window) unchanged, with measuring added from
outside its code:

    python tests/bench/probe.py --out FILE [options] -- -m kiosk --windowed --content content
    python tests/bench/probe.py --out FILE [options] -- tests/bench/bare_window.py

How: before the program runs, `PySide6.QtWidgets.QApplication` is replaced by a subclass whose
constructor also installs an application event filter. The program's own code is untouched; it
builds its QApplication as always (the kiosk imports QApplication inside `app.run`, so it gets
the subclass). The filter notes the first Paint event of a top-level window (the first frame),
then removes itself. After `--settle` seconds the probe does what it was asked, in the
program's own event loop, and writes one JSON object to FILE:

- always: the first frame's time (time.monotonic(), comparable with the parent's clock),
  VmHWM and VmRSS (/proc/self/status);
- `--census S`: every QTimer object alive (found through the garbage collector, so timers
  that are not children of the window, such as the content watcher's and the idle reset's,
  are included) with its interval and state; and, for S seconds, every Timer event the main
  thread delivers, per receiver (this also catches Qt's internal timers, which have no Python
  object): how often each fired;
- `--walk`: visits every page and every FAQ answer in every language through the window's
  own navigation methods, painting each (QWidget.repaint), then goes home; VmHWM after;
- `--stalls S`: for S seconds from the first frame, a 10 ms timer on the UI thread notes the
  longest gap between two of its ticks: the longest time a tap would have waited for the UI
  thread at all (the settle period starts after it);
- `--profile FILE`: a cProfile of the run from the start to the first frame.

Then it quits the program the way the kiosk's staff panel does (QCoreApplication.exit(0)).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import runpy
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ProbeReport, TimerInfo, proc_status

if TYPE_CHECKING:  # the probe imports Qt (and finds the kiosk's window) only at run time
    from PySide6.QtCore import QObject

    from kiosk.ui.window import KioskWindow


def parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    if "--" not in argv:
        raise SystemExit("usage: probe.py [options] -- PROGRAM ARGS")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="probe.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--settle", type=float, default=2.0)
    parser.add_argument("--census", type=float, default=0.0)
    parser.add_argument("--walk", action="store_true")
    parser.add_argument("--stalls", type=float, default=0.0)
    parser.add_argument("--profile")
    parser.add_argument("--stay", action="store_true", help="do not quit when done")
    return parser.parse_args(argv[:split]), argv[split + 1:]


class Probe:
    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.report: ProbeReport = {"started": time.monotonic()}
        self.profiler: cProfile.Profile | None = None
        self.filter: QObject | None = None

    def install(self) -> None:
        from PySide6 import QtWidgets
        from PySide6.QtCore import QEvent, QObject

        probe = self

        class FirstFrame(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint \
                        and isinstance(watched, QtWidgets.QWidget) and watched.isWindow():
                    probe.first_frame()
                return False

        class ProbeApplication(QtWidgets.QApplication):
            # QApplication's own signature (argv, and Qt properties as keywords of several
            # types), so that it can stand in for it.
            def __init__(self, *args: Sequence[str], **properties: Any) -> None:
                super().__init__(*args, **properties)
                probe.filter = FirstFrame(self)
                self.installEventFilter(probe.filter)

        # Replacing the class in its module is the point (the program's own QApplication(...)
        # then makes a ProbeApplication); mypy treats a class as read-only.
        QtWidgets.QApplication = ProbeApplication  # type: ignore[misc]

    def first_frame(self) -> None:
        if "first_frame" in self.report:
            return
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        self.report["first_frame"] = time.monotonic()
        if self.profiler is not None:
            self.profiler.disable()
            self.profiler.dump_stats(self.options.profile)
        app = QApplication.instance()
        assert app is not None
        if self.filter is not None:
            app.removeEventFilter(self.filter)
        if self.options.stalls > 0:
            self.watch_stalls(self.options.stalls)
        else:
            QTimer.singleShot(round(self.options.settle * 1000), self.after_settle)

    def watch_stalls(self, seconds: float) -> None:
        from PySide6.QtCore import QTimer

        ticker = QTimer()
        ticker.setInterval(10)
        started = last = time.monotonic()
        gaps: list[tuple[float, float]] = []

        def tick() -> None:
            nonlocal last
            now = time.monotonic()
            gaps.append((now - last, now - started))
            last = now
            if now - started >= seconds:
                ticker.stop()
                worst = max(gaps, default=(0.0, 0.0))
                self.report["stalls"] = {
                    "seconds": seconds, "interval_ms": 10,
                    "longest_gap_ms": worst[0] * 1000, "at_s_after_first_frame": worst[1],
                    "gaps_over_50_ms": sum(1 for g, _ in gaps if g > 0.05),
                    "worst_gaps": [[round(g * 1000, 1), round(t, 3)]
                                   for g, t in sorted(gaps, reverse=True)[:5]]}
                QTimer.singleShot(round(self.options.settle * 1000), self.after_settle)

        ticker.timeout.connect(tick)
        ticker.start()
        self.ticker = ticker

    # -- what happens on the home screen, settled ----------------------------------------------
    def after_settle(self) -> None:
        status = proc_status()
        self.report["home_peak_rss_mb"] = status.get("VmHWM", 0) / 1024
        self.report["home_rss_mb"] = status.get("VmRSS", 0) / 1024
        self.report["timers"] = self.timer_objects()
        if self.options.census > 0:
            self.count_timer_events(self.options.census, self.after_census)
        else:
            self.after_census()

    def after_census(self) -> None:
        if self.options.walk:
            self.report["walk"] = self.walk()
            status = proc_status()
            self.report["walk_peak_rss_mb"] = status.get("VmHWM", 0) / 1024
            self.report["walk_rss_mb"] = status.get("VmRSS", 0) / 1024
        self.finish()

    def finish(self) -> None:
        from PySide6.QtCore import QCoreApplication

        Path(self.options.out).write_text(json.dumps(self.report, indent=2), encoding="utf-8")
        if not self.options.stay:
            QCoreApplication.exit(0)

    @staticmethod
    def timer_objects() -> list[TimerInfo]:
        from PySide6.QtCore import QTimer

        found: list[TimerInfo] = []
        for obj in gc.get_objects():
            if not isinstance(obj, QTimer):
                continue
            try:
                owner: QObject | None = obj.parent()
                owner_name = type(owner).__name__ if owner is not None else ""
                # Which Python attribute holds it, for a readable name.
                holder = ""
                if owner is not None:
                    for name, value in vars(owner).items():
                        if value is obj:
                            holder = name
                found.append({
                    "owner": owner_name, "attribute": holder,
                    "object_name": obj.objectName(), "interval_ms": obj.interval(),
                    "active": obj.isActive(), "single_shot": obj.isSingleShot(),
                    "remaining_ms": obj.remainingTime(),
                })
            except RuntimeError:  # its C++ object is gone
                continue
        return found

    def count_timer_events(self, seconds: float, then: Callable[[], None]) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        counts: dict[str, int] = {}
        ender = QTimer()  # the census's own timer, not counted
        ender.setSingleShot(True)

        class Counter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Timer and watched is not ender:
                    key = type(watched).__name__
                    if isinstance(watched, QTimer):
                        owner = watched.parent()
                        key = f"QTimer({watched.interval()} ms) of " \
                              f"{type(owner).__name__ if owner is not None else 'nothing'}"
                    elif watched.objectName():
                        key += f" {watched.objectName()!r}"
                    counts[key] = counts.get(key, 0) + 1
                return False

        app = QApplication.instance()
        assert app is not None
        counter = Counter()
        app.installEventFilter(counter)
        started = time.monotonic()

        def done() -> None:
            app.removeEventFilter(counter)
            elapsed = time.monotonic() - started
            self.report["timer_events"] = {
                "seconds": elapsed,
                "per_receiver": {k: {"events": v, "per_second": v / elapsed}
                                 for k, v in sorted(counts.items(), key=lambda kv: -kv[1])},
            }
            then()

        ender.timeout.connect(done)
        ender.start(round(seconds * 1000))
        self.ender = ender

    def walk(self) -> dict[str, object]:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        assert app is not None
        windows = [w for w in QApplication.topLevelWidgets()
                   if type(w).__name__ == "KioskWindow"]
        if not windows:
            return {"skipped": "no KioskWindow (the bare window has nothing to visit)"}
        window = cast("KioskWindow", windows[0])  # by its class name: the probe imports no kiosk
        visited = {"languages": 0, "pages": 0, "answers": 0}
        started = time.monotonic()
        for language in window.library.languages:
            visited["languages"] += 1
            window.router.choose_language(language.code)
            for section in language.sections:
                for index in range(len(section.pages)):
                    window.router.open_section(section.id, index, animate=False)
                    window.repaint()
                    app.processEvents()
                    visited["pages"] += 1
            if language.faq:
                window.router.open_faq(animate=False)
                window.repaint()
                for item in language.faq:
                    window.router.open_answer(item.id, animate=False)
                    window.repaint()
                    app.processEvents()
                    visited["answers"] += 1
        window.router.reset_visit()
        window.repaint()
        app.processEvents()
        return {**visited, "seconds": time.monotonic() - started}


def main() -> None:
    options, program = parse(sys.argv[1:])
    probe = Probe(options)
    probe.install()
    if options.profile:
        probe.profiler = cProfile.Profile()
        probe.profiler.enable()
    if program[0] == "-m":
        sys.argv = [program[1], *program[2:]]
        runpy.run_module(program[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = program
        sys.path[0] = str(Path(program[0]).resolve().parent)
        runpy.run_path(program[0], run_name="__main__")


if __name__ == "__main__":
    main()
