"""The installer's check screen (from the staff panel) and the staff panel's usage chart, used as
an installer uses them: with a finger on real widgets, a real sound server and speech engine,
and usage counted in a real SQLite file."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from helpers.pages import DATES
from kiosk.app.watcher import ContentWatcher
from kiosk.core.usage import UsageStore
from kiosk.ui.factory import Kiosk, StaffAccess
from kiosk.ui.install_check import InstallCheck
from kiosk.ui.staff import StaffInfo
from kiosk.ui.theme import HIGH_CONTRAST, Palette
from kiosk.ui.touch_grid import px_per_mm

MakeContent = Callable[..., Path]
TODAY = date(2026, 6, 1)  # a Monday: the day the test kiosk lives on (conftest's FIXED_NOW)
WAIT_MS = 30000  # generous: opening speech-dispatcher takes seconds on a loaded machine
SPANISH: dict[str, str | bytes | None] = {
    "es/_index.md": "---\ntitle: Quiosco de prueba\nwelcome: Toque un tema.\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primer tema\n---\n",
    "es/10-first/10-one.md": f"---\ntitle: Página uno\n{DATES}---\nUsted lee la página uno.\n",
}


@pytest.fixture(autouse=True)
def taps_far_apart(qapp: object) -> Iterator[None]:
    """An installer's taps on one control, then another, are a second or more apart, never a
    double tap (which the kiosk drops when it lands on another widget): so are these, however
    fast the machine running them (the double-tap time is made nil, and put back after)."""
    hints = QGuiApplication.styleHints()
    saved = hints.mouseDoubleClickInterval()
    hints.setMouseDoubleClickInterval(0)
    yield
    hints.setMouseDoubleClickInterval(saved)


def info() -> StaffInfo:
    return StaffInfo("9.9.9", "/srv/content", "today", False, [], {},
                     on_screen="On screen: the content folder, as it is now.",
                     fingerprint="0123456789abcdef", log_file="")


def staff(make: Callable[[], StaffInfo] = info) -> StaffAccess:
    return StaffAccess(info=make, check_pin=lambda pin: "ok", locked_for=lambda: 0.0,
                       pin_required=False)


class Finger:
    """Touches on the kiosk's touchscreen, in the window's own coordinates."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.device: QPointingDevice = QTest.createTouchDevice()

    def tap(self, widget: QWidget, point: QPoint | None = None) -> None:
        where = widget.mapTo(self.window, point if point is not None else widget.rect().center())
        QTest.touchEvent(self.window, self.device).press(0, where).commit()
        QTest.touchEvent(self.window, self.device).release(0, where).commit()
        QApplication.processEvents()

    def two(self, a: QPoint, b: QPoint) -> None:
        QTest.touchEvent(self.window, self.device).press(0, a).press(1, b).commit()
        QTest.touchEvent(self.window, self.device).release(0, a).release(1, b).commit()
        QApplication.processEvents()


def open_check(kiosk: Kiosk) -> InstallCheck:
    panel, check = kiosk.staff_panel, kiosk.check
    assert panel is not None and check is not None
    panel.open()
    Finger(kiosk.window).tap(panel.check)
    assert check.isVisible()
    return check


def near(a: QPoint, b: QPoint) -> bool:
    return (a - b).manhattanLength() <= 4


def colour_at(widget: QWidget, point: QPoint) -> str:
    return QColor(widget.grab().toImage().pixel(point)).name().upper()


def test_check_this_screen_opens_from_the_staff_panel_shows_the_facts_and_back_returns(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """The facts an installer compares with the monitor and the order: the real screen's
    size and DPI, the content folder and fingerprint, the version, where the log goes, and
    that read aloud is off; Back shows the staff panel again."""
    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff())
    check = open_check(kiosk)
    screen = kiosk.window.screen()
    size = screen.geometry().size()
    facts = check.facts.text()
    assert f"Size: {size.width()} × {size.height()} px" in facts
    assert f"{screen.physicalDotsPerInch():.0f} physical" in facts
    assert "Content folder: /srv/content" in facts
    assert "Content fingerprint: 0123456789abcdef" in facts
    assert "Version: 9.9.9" in facts and "Log file: not written to a file" in facts
    assert "Read aloud: off in the settings" in facts
    assert check.geometry() == kiosk.window.rect()  # the whole screen, over the panel
    Finger(kiosk.window).tap(check.language_buttons["en"])
    assert check.speech_status.text() == "Read aloud is off in the settings."
    Finger(kiosk.window).tap(check.back)
    assert not check.isVisible()
    assert kiosk.staff_panel is not None and kiosk.staff_panel.isVisible()


def test_a_touch_lands_a_marker_where_it_touched_and_says_how_far_off_it_was(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """A tap a little right of and below the top-left cross: a mark drawn right there, its
    place in screen pixels, "top left" and the distance in mm by the screen's DPI. Two fingers
    at once are both drawn. Done goes back to the check screen."""
    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff())
    window = kiosk.window
    check = open_check(kiosk)
    finger = Finger(window)
    finger.tap(check.touch_button)
    grid = check.grid
    assert grid.isVisible() and grid.geometry() == window.rect()
    cross = next(t for t in grid.targets() if t.name == "top left").where
    spot = cross.toPoint() + QPoint(30, 40)
    assert colour_at(grid, spot) != Palette().focus.upper()
    finger.tap(grid, spot)
    assert len(grid.marks) == 1
    landed = grid.marks[0].where.toPoint()
    assert near(landed, spot)  # a touch point is a small area: its centre, within 1 mm
    assert colour_at(grid, landed) == Palette().focus.upper()  # the mark's dot, right there
    per_mm, _ = px_per_mm(window.screen().physicalDotsPerInch())
    mark = grid.marks[0].where
    off = math.hypot(mark.x() - cross.x(), mark.y() - cross.y()) / per_mm
    assert 10 < off < 15  # 50 px from the cross at about 4 px per mm
    x, y = grid.marks[0].on_screen
    assert near(QPoint(x, y), window.mapToGlobal(spot) - window.screen().geometry().topLeft())
    assert grid.readout().startswith(
        f"Last touch: {x}, {y} px on the screen, {off:.1f} mm from the top left cross.")
    finger.two(QPoint(600, 300), QPoint(900, 500))
    assert len(grid.marks) == 3
    assert near(grid.marks[1].where.toPoint(), QPoint(600, 300))
    assert near(grid.marks[2].where.toPoint(), QPoint(900, 500))
    assert "Touches: 3. Most fingers at once: 2." in grid.readout()
    finger.tap(grid.done_button)
    assert not grid.isVisible() and check.isVisible()


def test_taps_on_the_top_right_cross_are_not_the_staff_gesture(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """The top-right cross lies in the staff corner: five quick taps on it only leave five
    marks; no PIN pad comes up over the grid."""
    access = StaffAccess(info=info, check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=access, locked=True)
    assert kiosk.pin_pad is not None and kiosk.corner is not None
    check = open_check(kiosk)
    check.touch_button.click()
    cross = next(t for t in check.grid.targets() if t.name == "top right").where.toPoint()
    assert kiosk.corner.in_corner(cross)
    finger = Finger(kiosk.window)
    for _ in range(5):
        finger.tap(check.grid, cross)
    assert len(check.grid.marks) == 5 and "top right cross" in check.grid.readout()
    assert not kiosk.pin_pad.isVisible() and check.grid.isVisible()


def test_the_check_screen_follows_the_high_contrast_theme_and_a_new_screen(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Chosen by the last patient, high contrast stays for the grid; a screen laid out again
    (turned to portrait) shows the new sizes in the facts of the open check screen."""
    from kiosk.ui.theme import Metrics

    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff())
    kiosk.window.router.set_high_contrast(True)
    check = open_check(kiosk)
    check.touch_button.click()
    assert colour_at(check.grid, QPoint(5, 300)) == HIGH_CONTRAST.background.upper()
    check.grid.done_button.click()
    kiosk.window.resize(1080, 1920)
    kiosk.window.set_screen_metrics(Metrics.for_screen(1080, 1920))
    assert "Laid out for: 1080 × 1920 px" in check.facts.text()


@pytest.mark.needs("libpulse", "pulse-server")
def test_the_sound_test_plays_a_real_stream_on_the_chosen_side(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Left plays through the sound server (its stream is listed by `pactl`), at the volume
    the installer chose, and the screen says when it has been played."""
    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff())
    check = open_check(kiosk)
    finger = Finger(kiosk.window)
    assert check.level.text() == "Volume 80 %"
    finger.tap(check.louder)
    assert check.level.text() == "Volume 90 %"
    finger.tap(check.side_buttons["left"])
    assert check.sound_status.text().startswith("Playing a tone on the left speaker")

    def our_stream() -> bool:
        listing = subprocess.run(["pactl", "list", "sink-inputs"], capture_output=True,
                                 text=True, timeout=10, check=False).stdout
        return f'application.process.id = "{os.getpid()}"' in listing

    qtbot.waitUntil(our_stream, timeout=WAIT_MS)
    assert check.player.sink is not None
    assert check.player.sink.volume() == pytest.approx(0.9, abs=0.01)
    qtbot.waitUntil(lambda: check.sound_status.text() == "Played a tone on the left channel.",
                    timeout=WAIT_MS)


def test_the_tone_is_on_one_channel_only() -> None:
    """Left is silent on the right, right silent on the left, both on both."""
    import struct

    from kiosk.ui.sound_test import tone

    for channel, left, right in (("left", True, False), ("right", False, True),
                                 ("both", True, True)):
        data = tone(channel, seconds=0.05)
        frames = list(struct.iter_unpack("<hh", data))
        assert len(frames) == 2400
        assert any(frame[0] for frame in frames) is left
        assert any(frame[1] for frame in frames) is right


@pytest.mark.needs("libpulse")
def test_the_worker_names_the_voice_it_picks_for_each_language(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """With Qt's test engine: the check screen lists the voice found for English."""
    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff(),
                          speech_engine="mock")
    check = open_check(kiosk)
    speaker = kiosk.window.listen_bar.speaker
    assert speaker is not None
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    assert speaker.voice_names.get("en")
    assert f"English: {speaker.voice_names['en']}" in check.facts.text()


@pytest.mark.needs("libpulse", "speech-dispatcher", "espeak-ng", "pulse-server")
def test_a_sentence_is_spoken_in_each_content_language_with_the_real_engine(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """speech-dispatcher with espeak-ng: one button per content language, the voices found
    named on the screen, and each sentence spoken to its end."""
    kiosk = kiosk_factory(make_content(SPANISH), size=(1280, 800), staff=staff(),
                          speech_engine="speechd")
    check = open_check(kiosk)
    speaker = kiosk.window.listen_bar.speaker
    assert speaker is not None
    assert list(check.language_buttons) == ["en", "es"]
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    assert speaker.engine_name == "speechd"
    facts = check.facts.text()
    assert f"English: {speaker.voice_names['en']}" in facts
    assert f"Español: {speaker.voice_names['es']}" in facts
    assert check.speech_status.text() == "Read aloud: a voice for English, Español."
    finger = Finger(kiosk.window)
    seen: list[str] = []
    speaker.state_changed.connect(seen.append)
    for code in ("en", "es"):
        seen.clear()
        finger.tap(check.language_buttons[code])
        assert check.speech_status.text().startswith("Saying a sentence in")
        qtbot.waitUntil(lambda: "speaking" in seen, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: speaker.state == "idle", timeout=WAIT_MS)


def test_the_chart_shows_the_last_14_days_from_the_usage_file(
    tmp_path: Path, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Counted in a real SQLite file: the 14 days ending today, each with its own counts, a
    day with none at zero, and nothing from the day before them."""
    from kiosk.app.run import staff_access
    from kiosk.core.config import Settings

    folder = make_content()
    store = UsageStore(tmp_path / "usage.sqlite3")
    try:
        store.record("page_view", "first/1", TODAY - timedelta(days=14))  # too old
        for _ in range(3):
            store.record("page_view", "first/1", TODAY - timedelta(days=13))
        store.record("faq_open", "faq/a", TODAY - timedelta(days=13))
        for _ in range(5):
            store.record("page_view", "first/2", TODAY)
        access = staff_access(Settings(), False, ContentWatcher(folder), store,
                              today=lambda: TODAY)
        assert access is not None
        kiosk = kiosk_factory(folder, staff=access)
        panel = kiosk.staff_panel
        assert panel is not None
        panel.open()
        chart = panel.chart
        assert [day for day, _ in chart.days] == [TODAY - timedelta(days=13 - n)
                                                 for n in range(14)]
        said = chart.accessibleDescription()
        assert said.startswith("Last 14 days, Tue 19 May to Mon 01 Jun.")
        assert "Tue 19 May: 3 page views, 1 questions opened." in said
        assert "Wed 20 May: 0 page views, 0 questions opened." in said
        assert "Mon 01 Jun: 5 page views, 0 questions opened." in said
        assert "18 May" not in said
        assert chart.totals() == {"page_view": 8, "faq_open": 1}
        # Page views are drawn in the theme's button colour.
        image = chart.grab().toImage()
        colours = {QColor(image.pixel(x, y)).name().upper()
                   for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
        assert Palette().primary.upper() in colours
    finally:
        store.close()


def test_without_usage_counting_the_chart_says_so(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Usage counting off: no bars, and the words say why."""
    from kiosk.app.run import staff_access
    from kiosk.core.config import Settings

    folder = make_content()
    access = staff_access(Settings(), False, ContentWatcher(folder), None)
    assert access is not None
    kiosk = kiosk_factory(folder, staff=access)
    assert kiosk.staff_panel is not None
    kiosk.staff_panel.open()
    assert kiosk.staff_panel.chart.days == []
    assert kiosk.staff_panel.chart.accessibleDescription() == "Usage counting is off."


def test_the_chart_uses_the_high_contrast_colours(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """In high contrast the bars are the theme's yellow on black."""
    days = [(TODAY - timedelta(days=13 - n), {"page_view": n, "faq_open": n // 2})
            for n in range(14)]
    kiosk = kiosk_factory(make_content(), staff=staff(
        lambda: StaffInfo("1", "/c", "now", False, daily=days)))
    kiosk.window.router.set_high_contrast(True)
    assert kiosk.staff_panel is not None
    kiosk.staff_panel.open()
    image = kiosk.staff_panel.chart.grab().toImage()
    colours = {QColor(image.pixel(x, y)).name().upper()
               for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert HIGH_CONTRAST.primary.upper() in colours
    assert Palette().primary.upper() not in colours


NO_SERVER_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from kiosk.content import load_library
from kiosk.core.config import Settings
from kiosk.ui.factory import StaffAccess, build_kiosk
from kiosk.ui.staff import StaffInfo
from kiosk.ui.theme import Metrics

app = QApplication([])
library = load_library(Path(sys.argv[1])).library
staff = StaffAccess(info=lambda: StaffInfo("1", sys.argv[1], "now", False),
                    check_pin=lambda pin: "ok", locked_for=lambda: 0.0, pin_required=False)
kiosk = build_kiosk(app, library, Metrics.for_screen(1280, 800),
                    Settings(read_aloud=False, slideshow_after_s=0), staff=staff)
kiosk.window.show()
kiosk.staff_panel.open()
kiosk.staff_panel.check.click()
print(kiosk.check.sound_status.text())
kiosk.check.side_buttons["left"].click()
print(kiosk.check.sound_status.text())
kiosk.dispose(app)
"""


@pytest.mark.needs("libpulse")
def test_with_no_sound_server_the_check_screen_says_so(make_content: MakeContent) -> None:
    """A kiosk whose sound server is gone (here: one that does not exist) says "No sound
    output found" when the check screen opens and when Left is tapped, and plays nothing."""
    env = {**os.environ, "PULSE_SERVER": "unix:/nonexistent/pulse-socket",
           "PIPEWIRE_REMOTE": "/nonexistent/pipewire-socket", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", NO_SERVER_SCRIPT, str(make_content())],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["Sound test: No sound output found.",
                                            "No sound output found."]
