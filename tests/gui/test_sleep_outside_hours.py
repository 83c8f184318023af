"""Opening hours on a real kiosk, with the time passed in: closed, it is black, forgets the
visit and runs nothing; a first touch wakes it to home and presses nothing; it sleeps again
after `wake_minutes`; opening time wakes it. The display commands really run (`touch`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from kiosk.ui.sleep import OpeningHours

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kiosk.ui.factory import Kiosk

HOURS = "Mon-Fri 07:30-18:00; Sat 08:00-12:00"
MONDAY_EVENING = datetime(2026, 11, 30, 20, 0)  # a Monday, after closing
WAIT_MS = 20000  # generous: only waits for a started `touch` to finish; times nothing


class Clock:
    """The time the kiosk is told; the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def hours_of(kiosk: Kiosk) -> OpeningHours:
    assert kiosk.hours is not None
    return kiosk.hours


def asleep(hours: OpeningHours) -> bool:
    """Read afresh each time (a plain attribute read in an assert narrows it for mypy)."""
    return hours.asleep


def is_black(kiosk: Kiosk) -> bool:
    picture = kiosk.window.grab().toImage()
    w, h = picture.width(), picture.height()
    spots = [(x * w // 4, y * h // 4) for x in (1, 2, 3) for y in (1, 2, 3)] + [(0, 0)]
    return all(picture.pixelColor(x, y) == QColor(Qt.GlobalColor.black) for x, y in spots)


def display_switch(tmp_path: Path) -> dict[str, str]:
    """Settings whose display commands leave a file behind, so a test sees they ran."""
    return {"sleep_command": f"touch {tmp_path / 'display-off'}",
            "wake_command": f"touch {tmp_path / 'display-on'}"}


def test_closed_at_start_the_kiosk_is_black_and_runs_no_timers(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui.sleep")
    kiosk = kiosk_factory(make_content(), opening_hours=HOURS, clock=Clock(MONDAY_EVENING),
                          slideshow_after_s=60, idle_timeout_s=90, **display_switch(tmp_path))
    hours = hours_of(kiosk)
    assert asleep(hours) and hours.cover.isVisible()
    assert is_black(kiosk)
    assert not kiosk.slideshow.running and not kiosk.slideshow.idle_timer.isActive()
    assert not kiosk.idle.idle.isActive() and not kiosk.idle.tick.isActive()
    # Only what wakes it: the timer for Tuesday 07:30 (11.5 hours away) and the re-check.
    assert hours.change_timer.isActive()
    assert hours.change_timer.interval() == 11.5 * 3600 * 1000
    assert not hours.wake_timer.isActive()
    assert "asleep until Tue 07:30" in caplog.messages
    qtbot.waitUntil((tmp_path / "display-off").exists, timeout=WAIT_MS)
    assert not (tmp_path / "display-on").exists()


def test_always_on_without_opening_hours(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    kiosk = kiosk_factory(make_content(), clock=Clock(MONDAY_EVENING))
    assert kiosk.hours is None and not is_black(kiosk)


def test_a_touch_wakes_it_to_home_and_presses_nothing_then_it_sleeps_again(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui.sleep")
    clock = Clock(MONDAY_EVENING)
    kiosk = kiosk_factory(make_content(), opening_hours=HOURS, clock=clock, wake_minutes=10,
                          **display_switch(tmp_path))
    hours, window = hours_of(kiosk), kiosk.window
    home = window.home
    assert home is not None and asleep(hours)
    # The finger lands where the first topic's tile is, under the black cover.
    qtbot.mouseClick(home.tiles[0], Qt.MouseButton.LeftButton)
    assert not asleep(hours) and not hours.cover.isVisible()
    assert window.location.screen == "home"  # the tile was not pressed
    assert not is_black(kiosk)
    assert "awake: touched, for 10 minutes" in caplog.messages
    qtbot.waitUntil((tmp_path / "display-on").exists, timeout=WAIT_MS)
    # Awake, a touch is an ordinary one again.
    qtbot.mouseClick(home.tiles[0], Qt.MouseButton.LeftButton)
    assert window.location.screen == "section"
    # A touch keeps it awake another 10 minutes: 6 minutes later, and 6 more, it is still on.
    clock.now += timedelta(minutes=6)
    qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
    clock.now += timedelta(minutes=6)
    hours.wake_timer.timeout.emit()
    assert not asleep(hours)
    # Ten minutes after the last touch it sleeps, and the visit is forgotten.
    clock.now += timedelta(minutes=4)
    hours.wake_timer.timeout.emit()
    assert asleep(hours) and is_black(kiosk)
    assert window.location.screen == "home"
    assert caplog.messages.count("asleep until Tue 07:30") == 2


def test_opening_time_wakes_it_and_closing_time_sends_it_to_sleep(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.ui.sleep")
    clock = Clock(MONDAY_EVENING)
    kiosk = kiosk_factory(make_content(), opening_hours=HOURS, clock=clock,
                          slideshow_after_s=60, **display_switch(tmp_path))
    hours = hours_of(kiosk)
    clock.now = datetime(2026, 12, 1, 7, 30)  # Tuesday's opening
    hours.change_timer.timeout.emit()
    assert not asleep(hours) and not is_black(kiosk)
    assert "awake: opening hours" in caplog.messages
    assert kiosk.slideshow.idle_timer.isActive()  # home again: the slideshow counts down
    assert hours.change_timer.interval() == 10.5 * 3600 * 1000  # until 18:00
    qtbot.waitUntil((tmp_path / "display-on").exists, timeout=WAIT_MS)
    # A touch while open is only a touch: no wake period starts.
    home = kiosk.window.home
    assert home is not None
    qtbot.mouseClick(home.tiles[0], Qt.MouseButton.LeftButton)
    assert kiosk.window.location.screen == "section"
    assert hours.woken_until is None
    clock.now = datetime(2026, 12, 1, 18, 0)
    hours.change_timer.timeout.emit()
    assert asleep(hours) and kiosk.window.location.screen == "home"
    assert not kiosk.slideshow.idle_timer.isActive()
    assert "asleep until Wed 07:30" in caplog.messages


def test_the_re_check_corrects_a_timer_a_clock_change_made_wrong(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """The clock was put forward past opening time: the next re-check wakes it, not the timer
    set for a time already gone."""
    clock = Clock(MONDAY_EVENING)
    kiosk = kiosk_factory(make_content(), opening_hours=HOURS, clock=clock)
    hours = hours_of(kiosk)
    clock.now = datetime(2026, 12, 1, 9, 0)
    hours.recheck.timeout.emit()
    assert not asleep(hours)


@pytest.mark.needs("libpulse")
def test_closing_time_stops_read_aloud(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    clock = Clock(datetime(2026, 11, 30, 17, 55))
    kiosk = kiosk_factory(make_content(), opening_hours=HOURS, clock=clock,
                          speech_engine="mock")
    speaker = kiosk.window.listen_bar.speaker
    assert speaker is not None
    home = kiosk.window.home
    assert home is not None
    qtbot.mouseClick(home.tiles[0], Qt.MouseButton.LeftButton)  # a visit starts the worker
    assert speaker.pid != 0
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    listen = kiosk.window.listen_bar.listen
    qtbot.mouseClick(listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    clock.now = datetime(2026, 11, 30, 18, 0)
    hours_of(kiosk).change_timer.timeout.emit()
    assert speaker.pid == 0 and speaker.state == "idle"
    assert kiosk.window.location.screen == "home"


@pytest.mark.expect_log("kiosk.ui.display_power", "WARNING",
                        r"^could not run no-such-display-tool --off to turn the display")
def test_a_display_command_that_cannot_run_is_logged_once_and_the_kiosk_still_sleeps(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock(MONDAY_EVENING)
    kiosk = kiosk_factory(make_content(), opening_hours=HOURS, clock=clock,
                          sleep_command="no-such-display-tool --off")
    hours = hours_of(kiosk)
    assert asleep(hours) and is_black(kiosk)
    clock.now = datetime(2026, 12, 1, 7, 30)
    hours.change_timer.timeout.emit()
    clock.now = datetime(2026, 12, 1, 18, 0)
    hours.change_timer.timeout.emit()  # the second night: the same failure, not logged again
    assert asleep(hours)
    failures = [r for r in caplog.records if r.name == "kiosk.ui.display_power"]
    assert len(failures) == 1
