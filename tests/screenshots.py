"""Saves screenshots of every kind of screen at the three reference sizes, for people to look at.

    python tests/screenshots.py [--content DIR] [--out screenshots/] [--now "2026-12-25 10:00"]

`--now`: the time the kiosk believes it is (scheduled notices show by it); else the clock's.

Not a test: it asserts nothing. Look at the PNGs it writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.content import load_library
from kiosk.content.model import Library
from kiosk.core import paths
from kiosk.core.config import Settings
from kiosk.ui.factory import Kiosk, StaffAccess, build_kiosk
from kiosk.ui.staff import StaffInfo
from kiosk.ui.theme import Metrics

SIZES = ((1920, 1080), (1080, 1920), (1280, 800))
CHART_END = dt.date(2026, 11, 23)
# Fourteen days of made-up use, for the staff panel's chart: quiet weekends, one busy day.
CHART_VIEWS = (14, 22, 9, 0, 0, 18, 25, 31, 12, 16, 0, 0, 7, 11)
CHART_QUESTIONS = (3, 5, 1, 0, 0, 4, 6, 9, 2, 3, 0, 0, 1, 2)


def chart_days() -> list[tuple[dt.date, dict[str, int]]]:
    return [(CHART_END - dt.timedelta(days=13 - n), {"page_view": v, "faq_open": q})
            for n, (v, q) in enumerate(zip(CHART_VIEWS, CHART_QUESTIONS, strict=True))]


def shots(kiosk: Kiosk) -> dict[str, Callable[[], object]]:
    """Every screen worth a look, each as a step that shows it."""
    window = kiosk.window
    lang = window.library.default
    first = lang.sections[0].id
    steps: dict[str, Callable[[], object]] = {"home": window.router.go_home}
    for section in lang.sections:
        for index in range(len(section.pages)):
            steps[f"{section.id}-{index + 1}"] = functools.partial(
                window.router.open_section, section.id, index, animate=False)
    steps["faq"] = lambda: window.router.open_faq(animate=False)
    if lang.faq:
        steps["answer"] = lambda: window.router.open_answer(lang.faq[0].id, animate=False)
    steps["slideshow"] = kiosk.slideshow.start

    def still_reading() -> None:
        kiosk.slideshow.stop()
        window.router.open_section(first, 1, animate=False)
        kiosk.idle._idle()

    def display_options() -> None:
        kiosk.idle.note_activity()
        window.router.go_home(animate=False)
        window.open_display_options()

    def pin_pad() -> None:
        window.display.hide()
        if kiosk.pin_pad:
            kiosk.pin_pad.open()

    def staff_panel() -> None:
        if kiosk.pin_pad:
            kiosk.pin_pad.close_pad()
        if kiosk.staff_panel:
            kiosk.staff_panel.open()

    def check_screen() -> None:
        if kiosk.staff_panel:
            kiosk.staff_panel.check.click()

    def touch_grid() -> None:
        if kiosk.check is None:
            return
        kiosk.check.touch_button.click()
        grid = kiosk.check.grid
        device = QTest.createTouchDevice()
        w, h = grid.width(), grid.height()
        # A few taps: near the top-left cross, a little off the centre, two fingers at once.
        for where in (QPoint(round(w * 0.03), round(h * 0.05)), QPoint(w // 2 + 30, h // 2 - 12)):
            QTest.touchEvent(window, device).press(0, where).commit()
            QTest.touchEvent(window, device).release(0, where).commit()
        a, b = QPoint(round(w * 0.8), round(h * 0.8)), QPoint(round(w * 0.9), round(h * 0.7))
        QTest.touchEvent(window, device).press(0, a).press(1, b).commit()
        QTest.touchEvent(window, device).release(0, a).release(1, b).commit()

    def usage_chart() -> None:
        if kiosk.check is not None:
            kiosk.check.grid.done_button.click()
            kiosk.check.back.click()

    def large_text() -> None:
        if kiosk.staff_panel:
            kiosk.staff_panel.hide()
        window.router.set_text_step(2)
        window.router.open_section(first, 0, animate=False)

    def high_contrast() -> None:
        window.router.set_text_step(0)
        window.router.set_high_contrast(True)
        window.router.open_section(first, 1, animate=False)

    def spanish_home() -> None:
        window.router.reset_visit()
        window.router.choose_language("es")

    steps["still-reading"] = still_reading
    steps["display-options"] = display_options
    steps["pin-pad"] = pin_pad
    steps["staff-panel"] = staff_panel
    steps["check_screen"] = check_screen
    steps["touch_grid"] = touch_grid
    steps["usage_chart"] = usage_chart  # saved as the chart alone, too (shoot)
    steps["large-text"] = large_text
    steps["home-large-text"] = lambda: window.router.go_home(animate=False)
    steps["high-contrast"] = high_contrast

    def staff_panel_high_contrast() -> None:
        if kiosk.staff_panel:
            kiosk.staff_panel.open()

    def home_high_contrast() -> None:
        if kiosk.staff_panel:
            kiosk.staff_panel.hide()
        window.router.go_home(animate=False)

    steps["staff-panel-high-contrast"] = staff_panel_high_contrast
    steps["home-high-contrast"] = home_high_contrast
    if lang.faq:  # an answer's link button in the high-contrast theme
        steps["answer-high-contrast"] = lambda: window.router.open_answer(lang.faq[0].id,
                                                                          animate=False)
    if len(window.library.languages) > 1:
        steps["spanish-home"] = spanish_home
        steps["spanish-page"] = lambda: window.router.open_section(first, 0, animate=False)
        steps["spanish-faq"] = lambda: window.router.open_faq(animate=False)
    return steps


def shoot(app: QApplication, library: Library, size: tuple[int, int], out: Path,
          now: dt.datetime | None = None) -> None:
    width, height = size
    staff = StaffAccess(
        info=lambda: StaffInfo("0.1.0", str(library.root), "2026-11-23 09:00:00", True,
                               ["en/faq/10-x.md:3: error: unknown key `tittle`. Did you mean "
                                "`title`?"],
                               daily=chart_days(), fingerprint="3f9a1c0d2b7e4a65",
                               log_file="/home/kiosk/.local/state/kiosk/log/kiosk.log"),
        check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
    settings = Settings(slideshow_after_s=0, transition_ms=0, idle_timeout_s=3600,
                        speech_engine="mock")
    metrics = Metrics.for_screen(width, height)
    if now is None:
        kiosk = build_kiosk(app, library, metrics, settings, staff=staff)
    else:
        at = now
        kiosk = build_kiosk(app, library, metrics, settings, staff=staff, clock=lambda: at)
    kiosk.window.resize(width, height)
    kiosk.window.show()
    # Read aloud reports in from its worker process, woken as a visit wakes it: wait, so pages
    # show their Listen button.
    speaker, deadline = kiosk.window.listen_bar.speaker, time.monotonic() + 20
    if speaker is not None:
        speaker.wake()
    while speaker is not None and not speaker.available and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for name, step in shots(kiosk).items():
        step()
        app.processEvents()
        kiosk.window.grab().save(str(out / f"{width}x{height}-{name}.png"))
        if name == "usage_chart" and kiosk.staff_panel is not None:
            kiosk.staff_panel.chart.grab().save(str(out / f"{width}x{height}-chart-alone.png"))
    kiosk.dispose(app)


def shoot_preview(app: QApplication, content: Path, size: tuple[int, int], out: Path) -> None:
    """`kiosk preview` of a copy of the content with one broken page, on a 1600×1000 monitor:
    as it opens, then after a click on the problem."""
    from PySide6.QtCore import QSize

    from kiosk.app.preview import build_preview
    from kiosk.app.watcher import ContentWatcher

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        shutil.copytree(content, folder)
        library = load_library(folder).library
        assert library is not None
        broken = sorted((folder / library.default_language).glob("*/*.md"))[1]
        text = broken.read_text(encoding="utf-8")
        broken.write_text(text.replace("title:", "tittle:", 1), encoding="utf-8")
        result = load_library(folder)
        preview = build_preview(app, library, folder, Settings(transition_ms=0, read_aloud=False),
                                size, ContentWatcher(folder))
        preview.window.fit_to(QSize(1600, 1000))
        preview.window.show()
        preview.window.show_check(result.problems, bool(result.errors))
        app.processEvents()
        width, height = size
        preview.window.grab().save(str(out / f"preview-{width}x{height}.png"))
        preview.window.open_problem(broken.relative_to(folder).as_posix())
        app.processEvents()
        preview.window.grab().save(str(out / f"preview-{width}x{height}-problem-opened.png"))
        preview.shut_down(app)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=paths.bundled_content())
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--now", type=dt.datetime.fromisoformat, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    library = load_library(args.content).library
    assert library is not None
    for size in SIZES:
        shoot(app, library, size, args.out, args.now)
        shoot_preview(app, args.content, size, args.out)
    print(f"screenshots written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
