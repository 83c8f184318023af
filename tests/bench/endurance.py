"""Endurance: thousands of random taps over every screen, with idle resets and live reloads
mixed in; does memory grow, and is any error logged?

    python tests/bench/endurance.py [--taps 20000] [--seed 1] [--json FILE]

Offscreen, in this process, at 1920×1080, on a copy of the bundled content (English and
Spanish) with the default 180 ms cross-fade and Qt's "mock" speech engine, so Listen, Pause and
Stop are among the buttons. A tap is QTest.mouseClick on a button chosen at random among those a
finger could reach: visible, enabled, and the topmost widget at their centre (so nothing under
an open panel is pressed). Every screen's buttons are reached that way: home tiles, languages,
text size and contrast, page turns, the FAQ, answers, Back, Home, Listen. Between taps the fade
is run to its end. Mixed in:
- every 250 taps, an idle reset as the idle timer does it (IdleReset._reset: the visit is
  forgotten, home shows);
- every 500 taps, a live reload: a page is edited on disk, the folder is loaded afresh
  (load_library) and the new library handed to the window (KioskWindow.set_library), as the
  content watcher does.

Memory is VmRSS (/proc/self/status) after a garbage collection, sampled every 500 taps; the
growth counted is from the end of the warm-up (the first 10% of taps, at least 500; half of
a short run) to the end.
Errors: a logging handler counts records at ERROR or above (the kiosk's crash hook and Qt's
routed messages log there), and sys.excepthook (where PySide6 sends exceptions raised in
slots) is replaced by a counter.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BUNDLED, offscreen_platform, rss_mb, write_json

SIZE = (1920, 1080)
os.environ["QT_QPA_PLATFORM"] = offscreen_platform(*SIZE)

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget  # noqa: E402


class ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}"[:300])


@dataclass
class Progress:
    """What the taps have done so far (the event-loop callbacks below update it)."""

    tap: int = 0
    resets: int = 0
    reloads: int = 0
    warm_rss: float | None = None  # MB, at the end of the warm-up


def reachable(window: QWidget) -> list[QAbstractButton]:
    """Buttons a finger could press now: shown, enabled, and on top at their centre."""
    found = []
    for b in window.findChildren(QAbstractButton):
        if not (b.isVisible() and b.isEnabled()):
            continue
        centre = b.mapTo(window, b.rect().center())
        if not window.rect().contains(centre):
            continue
        top = window.childAt(centre)
        while top is not None and top is not b:
            top = top.parentWidget()
        if top is b:
            found.append(b)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--taps", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset-every", type=int, default=250)
    parser.add_argument("--reload-every", type=int, default=500)
    parser.add_argument("--json")
    args = parser.parse_args()

    app = QApplication(sys.argv[:1])
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    logging.getLogger().setLevel(logging.INFO)
    for handler in logging.getLogger().handlers:
        if handler is not errors:
            handler.setLevel(logging.WARNING)  # INFO lines ("showing …") are not wanted here
    exceptions: list[str] = []

    def count_exception(kind: type[BaseException], value: BaseException, tb: object) -> None:
        exceptions.append(f"{kind.__name__}: {value}"[:300])

    sys.excepthook = count_exception

    from kiosk.app.qt_log import route_qt_messages
    from kiosk.content import load_library
    from kiosk.core.config import Settings
    from kiosk.ui.factory import build_kiosk
    from kiosk.ui.theme import Metrics

    route_qt_messages()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kiosk-endurance-") as tmp:
        folder = Path(tmp) / "content"
        shutil.copytree(BUNDLED, folder)
        edited = sorted(folder.glob("en/*/[0-9]*.md"))[0]
        original = edited.read_text(encoding="utf-8")
        result = load_library(folder)
        assert result.library is not None
        settings = Settings(slideshow_after_s=0, transition_ms=180, idle_timeout_s=0,
                            speech_engine="mock")
        kiosk = build_kiosk(app, result.library, Metrics.for_screen(*SIZE), settings)
        window = kiosk.window
        window.resize(*SIZE)
        window.show()
        deadline = time.monotonic() + 10
        speaker = window.listen_bar.speaker
        if speaker is not None:
            speaker.wake()  # as a visit's first touch does; each idle reset rests it again
        while speaker is not None and not speaker.available and time.monotonic() < deadline:
            app.processEvents()

        def finish_fade() -> None:
            animation = window.fader.animation
            if animation.state() == animation.State.Running:
                animation.setCurrentTime(animation.duration())

        warmup = args.taps // 2 if args.taps < 1000 else max(500, args.taps // 10)
        state = Progress()
        samples: list[tuple[int, float]] = []
        screens: dict[str, int] = {}
        pressed: dict[str, int] = {}

        def step() -> None:
            """One tap per pass of the event loop, as on a real kiosk: between two taps Qt
            paints, runs timers and deletes what was deleteLater()'d (rebuilt screens)."""
            finish_fade()
            tap = state.tap = state.tap + 1
            buttons = reachable(window)
            if buttons:
                target = rng.choice(buttons)
                name = (target.accessibleName() or target.text() or type(target).__name__)[:40]
                pressed[name] = pressed.get(name, 0) + 1
                QTest.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(
                    target.width() // 2, target.height() // 2))
            else:
                window.router.reset_visit()
            screens[window.location.screen] = screens.get(window.location.screen, 0) + 1
            if tap % args.reset_every == 0:
                kiosk.idle._reset()
                state.resets += 1
            if tap % args.reload_every == 0:
                edited.write_text(original + f"\nEdit number {tap}.\n", encoding="utf-8")
                fresh = load_library(folder)
                if fresh.library is not None and fresh.ok:
                    window.router.set_library(fresh.library)
                    state.reloads += 1
            if tap == warmup or tap % 500 == 0 or tap == args.taps:
                QTimer.singleShot(0, lambda: measure(tap))
                return
            QTimer.singleShot(0, step)

        def measure(tap: int) -> None:
            gc.collect()
            now = rss_mb() or 0.0
            samples.append((tap, now))
            if tap == warmup:
                state.warm_rss = now
            QTimer.singleShot(0, step if tap < args.taps else app.quit)

        started = time.monotonic()
        QTimer.singleShot(0, step)
        app.exec()
        resets, reloads, warm_rss = state.resets, state.reloads, state.warm_rss
        elapsed = time.monotonic() - started
        kiosk.dispose(app)
    end_rss = samples[-1][1] if samples else 0.0
    growth = end_rss - (warm_rss if warm_rss is not None else end_rss)
    write_json(args.json, {
        "taps": args.taps, "seconds": elapsed, "warmup_taps": warmup,
        "rss_warm_mb": warm_rss, "rss_end_mb": end_rss, "growth_mb": growth,
        "rss_samples": samples, "idle_resets": resets, "live_reloads": reloads,
        "errors_logged": len(errors.records), "exceptions": len(exceptions),
        "first_errors": errors.records[:5], "first_exceptions": exceptions[:5],
        "screens_after_tap": screens, "distinct_buttons": len(pressed),
        "most_pressed": dict(sorted(pressed.items(), key=lambda kv: -kv[1])[:12]),
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
