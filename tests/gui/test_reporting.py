"""A real kiosk window keeps its metrics file and status.json: touches, visits, page views and
idle resets as counts and times only, and the sleep hook."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.app.reporting import TodayCounts
from kiosk.app.run import report_state
from kiosk.app.watcher import ContentWatcher
from kiosk.content import load_library
from kiosk.core.config import Settings
from kiosk.ui.factory import Kiosk


def values(text: str) -> dict[str, float]:
    return {m[1]: float(m[2]) for m in re.finditer(r"^(kiosk_[a-z_]+)(?:\{.*\})? (\S+)$", text,
                                                   re.MULTILINE)}


def test_touches_visits_and_views_reach_the_metrics_without_any_page_text(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    tmp_path: Path,
) -> None:
    folder = make_content()
    kiosk = kiosk_factory(folder)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kiosk.install_input_filters(app)
    prom = tmp_path / "textfile" / "kiosk.prom"
    settings = Settings(metrics_file=str(prom))
    watcher = ContentWatcher(folder)
    reporter = report_state(kiosk, watcher, folder, settings, tmp_path / "state")
    reporter.start()
    first = values(prom.read_text(encoding="utf-8"))
    assert first["kiosk_visits_today"] == 0
    assert first["kiosk_last_touch_time_seconds"] == 0
    assert first["kiosk_screen_width_pixels"] == 1920

    window = kiosk.window
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)  # a touch starts a visit
    # the start of a visit is written at once
    assert values(prom.read_text(encoding="utf-8"))["kiosk_visits_today"] == 1
    window.router.open_section("first")
    qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
    kiosk.idle._reset()  # the visit ends as the idle reset ends it
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton)  # the next patient
    reporter.set_asleep(True)
    text = prom.read_text(encoding="utf-8")
    now = values(text)
    assert now["kiosk_visits_today"] == 2
    assert now["kiosk_page_views_today"] == 2
    assert now["kiosk_idle_resets_today"] == 1
    assert now["kiosk_last_touch_time_seconds"] > 0
    assert now["kiosk_asleep"] == 1

    status = (tmp_path / "state" / "status.json").read_text(encoding="utf-8")
    assert json.loads(status)["visits_today"] == 2
    # Privacy: no page title or word of page text, in either file.
    library = load_library(folder).library
    assert library is not None
    words = {page.title for lang in library.languages for s in lang.sections
             for page in s.pages} | {s.title for lang in library.languages
                                     for s in lang.sections} | {"short", "test answer"}
    for shown in (text, status):
        assert not [w for w in words if w in shown]
    reporter.stop("test")
    assert values(prom.read_text(encoding="utf-8"))["kiosk_up"] == 0
    assert not (tmp_path / "state" / "status.json").exists()


def test_todays_counts_start_again_at_midnight() -> None:
    days = [dt.date(2026, 12, 1)]
    counts = TodayCounts(today=lambda: days[0])
    assert counts.touch(100.0)  # the first touch starts a visit
    assert not counts.touch(101.0)  # the next ones are the same visit
    counts.page_view()
    counts.idle_reset()
    counts.rest()
    days[0] = dt.date(2026, 12, 2)
    assert counts.touch(200.0)
    assert (counts.visits, counts.page_views, counts.idle_resets) == (1, 0, 0)
    assert counts.last_touch == 200.0


def test_kiosk_asleep_follows_the_opening_hours(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path], tmp_path: Path,
) -> None:
    """Closed at start: the metrics say asleep; at opening time, awake; at closing, asleep."""
    now = [dt.datetime(2026, 11, 30, 20, 0)]  # a Monday, after closing
    folder = make_content()
    kiosk = kiosk_factory(folder, opening_hours="Mon-Fri 07:30-18:00", clock=lambda: now[0])
    assert kiosk.hours is not None
    prom = tmp_path / "kiosk.prom"
    reporter = report_state(kiosk, ContentWatcher(folder), folder,
                            Settings(metrics_file=str(prom)), tmp_path / "state")
    reporter.start()
    assert values(prom.read_text(encoding="utf-8"))["kiosk_asleep"] == 1
    now[0] = dt.datetime(2026, 12, 1, 7, 30)  # Tuesday, opening time
    kiosk.hours.check()
    assert values(prom.read_text(encoding="utf-8"))["kiosk_asleep"] == 0
    now[0] = dt.datetime(2026, 12, 1, 18, 0)
    kiosk.hours.check()
    assert values(prom.read_text(encoding="utf-8"))["kiosk_asleep"] == 1
