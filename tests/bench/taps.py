"""Tap to frame: from a synthetic press/release on the real button to the next frame painted.

    python tests/bench/taps.py --target kiosk|bare [--taps 200] [--json FILE]

Offscreen (a 1920×1080 offscreen screen), in this process, window at 1920×1080. A tap is
QTest.mouseClick on the real widget: a press and a release that go through Qt's real input
path (the window system interface, hit testing, the application's event filters, the button's
clicked signal and the kiosk's slots).
The clock stops when the frame after the tap has been painted: an application event filter,
armed when the tap's handlers return, notes the first Paint event after that, and the time is
taken when the event-loop pass that delivered it returns, i.e. after the whole repaint and the
backing store's flush. Nothing is forced: the repaint is the one Qt schedules itself.

- kiosk, "next page": the pager's Next button, over every page of every section (a tap on a
  section's last page would leave the section, so the pager is put back on page 1 first,
  untimed);
- kiosk, "open an FAQ answer": a question button on the FAQ menu (scrolled into view and
  painted first, untimed), every question in turn.
The kiosk runs with its default 180 ms cross-fade. Only the first frame counts, not the end of
the fade; between taps the fade is run to its end and painted (untimed), so each tap starts from
a still screen, as a patient's tap does.
- bare: a tap on the bare window's QTextBrowser whose handler puts the next page's HTML in it:
  the least a page turn can cost in PySide6.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BUNDLED, median, offscreen_platform, percentile, write_json

SIZE = (1920, 1080)
os.environ["QT_QPA_PLATFORM"] = offscreen_platform(*SIZE)

from PySide6.QtCore import QEvent, QObject, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


class PaintWatch(QObject):
    """Notes whether a widget was painted since `arm()`. Armed only once the tap's handlers
    have returned: Paint events sent while they run come from QWidget.grab() (the fade's
    snapshot renders the old screen into a pixmap), not from a frame reaching the window;
    the window's own repaint happens later, when Qt delivers the UpdateRequest it posted."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self.painted = False

    def disarm(self) -> None:
        self.armed = self.painted = False

    def arm(self) -> None:
        self.armed, self.painted = True, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.armed and not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def settle(app: QApplication, seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def timed_tap(app: QApplication, watch: PaintWatch, widget: QWidget) -> tuple[float, float]:
    """(ms to the end of the tap's handlers, ms to the next frame painted)."""
    watch.disarm()
    started = time.perf_counter()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    handled = time.perf_counter()
    watch.arm()
    while not watch.painted and time.perf_counter() - started < 2.0:
        app.processEvents()
    done = time.perf_counter()
    return (handled - started) * 1000, (done - started) * 1000


def summary(samples: list[tuple[float, float]], missed: int = 0) -> dict[str, object]:
    frames = [frame for _, frame in samples]
    handlers = [handled for handled, _ in samples]
    return {
        "taps": len(samples), "missed": missed,
        "p50_ms": percentile(frames, 50), "p95_ms": percentile(frames, 95),
        "max_ms": max(frames) if frames else None, "median_ms": median(frames),
        "handler_p50_ms": percentile(handlers, 50), "handler_p95_ms": percentile(handlers, 95),
    }


def bench_bare(app: QApplication, taps: int, warmup: int) -> dict[str, object]:
    from bare_window import page_htmls
    from PySide6.QtWidgets import QTextBrowser

    pages = page_htmls()
    browser = QTextBrowser()
    browser.setHtml(pages[0])
    browser.resize(*SIZE)
    browser.show()
    turned = [0]

    class NextOnRelease(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.MouseButtonRelease:
                turned[0] += 1
                browser.setHtml(pages[turned[0] % len(pages)])
            return False

    turner = NextOnRelease()
    browser.viewport().installEventFilter(turner)
    watch = PaintWatch()
    app.installEventFilter(watch)
    settle(app, 0.3)
    samples = []
    for number in range(warmup + taps):
        sample = timed_tap(app, watch, browser.viewport())
        settle(app, 0.002)
        if number >= warmup:
            samples.append(sample)
    result = summary(samples)
    return {"next_page": result, "open_answer": result}


def bench_kiosk(app: QApplication, taps: int, warmup: int) -> dict[str, object]:
    from kiosk.content import load_library
    from kiosk.core.config import Settings
    from kiosk.ui.factory import build_kiosk
    from kiosk.ui.theme import Metrics

    library = load_library(BUNDLED).library
    assert library is not None
    settings = Settings(slideshow_after_s=0, transition_ms=180, idle_timeout_s=0,
                        read_aloud=False)
    kiosk = build_kiosk(app, library, Metrics.for_screen(*SIZE), settings)
    window = kiosk.window
    window.resize(*SIZE)
    window.show()
    watch = PaintWatch()
    app.installEventFilter(watch)
    settle(app, 0.3)

    def finish_fade() -> None:
        animation = window.fader.animation
        if animation.state() == animation.State.Running:
            animation.setCurrentTime(animation.duration())
        settle(app, 0.002)

    sections = window.language.sections
    pages: list[tuple[str, int]] = [(s.id, i) for s in sections for i in range(len(s.pages) - 1)]

    def next_page(number: int) -> tuple[Callable[[], QWidget], Callable[[], bool]]:
        section_id, index = pages[number % len(pages)]
        if window.location.screen != "section" or window.pager.section is None or \
                window.pager.section.id != section_id or window.pager.index != index:
            window.router.open_section(section_id, index, animate=False)
            settle(app, 0.002)
        return (lambda: window.pager.next,
                lambda: window.location.index == index + 1)

    questions = [item.id for item in window.language.faq]

    def open_answer(number: int) -> tuple[Callable[[], QWidget], Callable[[], bool]]:
        window.router.open_faq(animate=False)
        menu = window.faq_menu
        assert menu is not None
        card = menu.questions[number % len(questions)]
        menu.list_area.ensureWidgetVisible(card)
        settle(app, 0.002)
        wanted = questions[number % len(questions)]
        return (lambda: card,
                lambda: window.location.screen == "answer" and window.location.item == wanted)

    results: dict[str, object] = {}
    for name, prepare in (("next_page", next_page), ("open_answer", open_answer)):
        samples, missed = [], 0
        for number in range(warmup + taps):
            target, hit = prepare(number)
            sample = timed_tap(app, watch, target())
            ok = hit()
            finish_fade()
            if number >= warmup:
                if ok:
                    samples.append(sample)
                else:
                    missed += 1
        results[name] = summary(samples, missed)
    kiosk.dispose(app)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", choices=("kiosk", "bare"), required=True)
    parser.add_argument("--taps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--json")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    bench = bench_kiosk if args.target == "kiosk" else bench_bare
    result = bench(app, args.taps, args.warmup)
    write_json(args.json, {"target": args.target, "platform": "offscreen",
                           "size": list(SIZE), **result})
    return 0


if __name__ == "__main__":
    sys.exit(main())
