"""The installer's check screen (from the staff panel) and the staff panel's usage chart, used as
an installer uses them: with a finger on real widgets, a real sound server and speech engine,
and usage counted in a real SQLite file."""

from __future__ import annotations

import math
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from helpers.double_tap import double_tap_interval
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
    with double_tap_interval(0):
        yield


def info() -> StaffInfo:
    return StaffInfo("9.9.9", "/srv/content", "today", False, [],
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
    panel = kiosk.staff_panel
    assert panel is not None
    panel.open()
    Finger(kiosk.window).tap(panel.check)
    check = kiosk.check
    assert check is not None and check.isVisible()
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
    assert kiosk.check is None  # made when first asked for: not part of every kiosk's start
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


@pytest.mark.needs("paplay", "pulse-server")
def test_the_sound_test_plays_a_real_stream_on_the_chosen_side(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Left plays through the sound server (the player's stream is listed by `pactl`), its
    tone at the volume the installer chose, and the screen says when it has been played.
    Closing the check screen leaves no file behind."""
    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff())
    check = open_check(kiosk)
    player = check.player
    name = player.output_name()
    assert name in ("pw-play", "paplay", "aplay")
    assert check.sound_status.text() == f"Sound test: a tone on one side at a time ({name})."
    finger = Finger(kiosk.window)
    assert check.level.text() == "Volume 80 %"
    finger.tap(check.louder)
    assert check.level.text() == "Volume 90 %"
    finger.tap(check.side_buttons["left"])
    assert check.sound_status.text() == f"Playing a tone on the left speaker ({name})."
    assert player.process is not None and player.folder is not None
    folder = Path(player.folder.name)
    pid = player.process.processId()

    def our_stream() -> bool:
        listing = subprocess.run(["pactl", "list", "sink-inputs"], capture_output=True,
                                 text=True, timeout=10, check=False).stdout
        return f'application.process.id = "{pid}"' in listing

    qtbot.waitUntil(our_stream, timeout=WAIT_MS)
    left, right = peaks(folder / "tone-left.wav")
    assert left == pytest.approx(0.9 * 32767, rel=0.01) and right == 0
    qtbot.waitUntil(lambda: check.sound_status.text() == "Played a tone on the left channel.",
                    timeout=WAIT_MS)
    finger.tap(check.back)
    assert not folder.exists()


def peaks(wav: Path) -> tuple[int, int]:
    """The loudest sample on the left and on the right of a 16-bit stereo WAV file."""
    import struct
    import wave

    with wave.open(str(wav), "rb") as tone:
        assert (tone.getnchannels(), tone.getsampwidth(), tone.getframerate()) == (2, 2, 48000)
        frames = list(struct.iter_unpack("<hh", tone.readframes(tone.getnframes())))
    return max(abs(f[0]) for f in frames), max(abs(f[1]) for f in frames)


def test_the_tone_is_on_one_channel_only(tmp_path: Path) -> None:
    """Left is silent on the right, right silent on the left, both on both: in the WAV file
    the player plays, read back."""
    from kiosk.ui.sound_test import write_tone

    for channel, left, right in (("left", True, False), ("right", False, True),
                                 ("both", True, True)):
        wav = tmp_path / f"{channel}.wav"
        write_tone(wav, channel, 0.8, seconds=0.05)
        loudest = peaks(wav)
        assert (loudest[0] > 0, loudest[1] > 0) == (left, right)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["both.wav", "left.wav", "right.wav"]


def test_the_volume_is_in_the_tone_itself(tmp_path: Path) -> None:
    """An outside player has no volume of ours: half the volume is half the amplitude, and
    none is silence."""
    from kiosk.ui.sound_test import write_tone

    loudest = {}
    for volume in (0.0, 0.4, 0.8):
        write_tone(tmp_path / "tone.wav", "both", volume, seconds=0.05)
        loudest[volume] = peaks(tmp_path / "tone.wav")
    assert loudest[0.0] == (0, 0)
    assert loudest[0.4][0] == pytest.approx(loudest[0.8][0] / 2, rel=0.01)
    assert loudest[0.8][0] == pytest.approx(0.8 * 32767, rel=0.01)


@pytest.mark.needs("paplay")
def test_with_no_sound_server_the_sound_test_says_so(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """paplay with a sound server that does not exist: "No sound output found", with what
    paplay said; stopping leaves no file behind."""
    from kiosk.ui.sound_test import TonePlayer

    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse-socket")
    player = TonePlayer(players=(("paplay", ()),))
    player.play("left")
    assert player.status == "Playing a tone on the left speaker (paplay)."
    assert player.folder is not None
    folder = Path(player.folder.name)
    qtbot.waitUntil(lambda: not player.playing, timeout=WAIT_MS)
    assert player.status == ("No sound output found (paplay: Connection failure: "
                             "Connection refused).")
    player.stop()
    assert not folder.exists()


@pytest.mark.needs("paplay", "pulse-server")
def test_back_while_a_tone_plays_silences_it_and_leaves_no_file(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Back in the middle of a tone: the player is killed, the tone is never said to have
    played, and its folder is gone; Right after that plays again."""
    import os

    kiosk = kiosk_factory(make_content(), size=(1280, 800), staff=staff())
    check = open_check(kiosk)
    finger = Finger(kiosk.window)
    finger.tap(check.side_buttons["both"])
    player = check.player
    process, folder = player.process, player.folder
    assert process is not None and folder is not None
    pid = process.processId()
    finger.tap(check.back)
    assert not Path(folder.name).exists() and not player.playing
    assert player.process is None
    player.dispose()  # reaps the killed player, as the kiosk does when it ends
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, not even a zombie
    assert not check.sound_status.text().startswith("Played")
    check.open()
    finger.tap(check.side_buttons["right"])
    assert check.sound_status.text().startswith("Playing a tone on the right speaker")
    check.close_check()


def test_with_no_player_installed_the_sound_test_names_the_packages(tmp_path: Path) -> None:
    """A search path with none of pw-play, paplay or aplay: a plain message naming the
    packages that provide one, nothing played and no file written."""
    from kiosk.ui.sound_test import NO_PLAYER, TonePlayer

    player = TonePlayer(search_path=str(tmp_path))
    seen: list[str] = []
    player.status_changed.connect(seen.append)
    assert player.output_name() == ""
    player.play("right")
    assert seen == [NO_PLAYER]
    assert "pipewire-bin, pulseaudio-utils or alsa-utils" in NO_PLAYER
    assert not player.playing and player.folder is None
    assert list(tmp_path.iterdir()) == []


def program(folder: Path, name: str, script: str) -> None:
    """A stand-in player: a real program that misbehaves as a broken one would."""
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


@pytest.mark.expect_log("kiosk.ui.sound_test", "WARNING", r"hung and was killed")
@pytest.mark.expect_log("kiosk.ui.sound_test", "WARNING", r"broken exited with 2")
def test_a_player_that_hangs_or_fails_is_named_with_what_went_wrong(
    qtbot: QtBot, tmp_path: Path,
) -> None:
    """A player still running long after the tone is killed, and the screen says so; one
    that fails says its first line of errors."""
    from kiosk.ui.sound_test import TonePlayer

    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    program(bin_folder, "stuck", "exec sleep 600")
    program(bin_folder, "broken", 'echo "unsupported sample format" >&2\necho more >&2\nexit 2')
    stuck = TonePlayer(players=(("stuck", ()),), search_path=str(bin_folder), hang_ms=300)
    stuck.play("both")
    assert stuck.status == "Playing a tone on both speakers (stuck)."
    qtbot.waitUntil(lambda: not stuck.playing, timeout=WAIT_MS)
    assert stuck.status == ("The sound test stopped stuck: it was still running after 0.3 "
                            "seconds. Check the sound output.")
    stuck.stop()
    broken = TonePlayer(players=(("broken", ()),), search_path=str(bin_folder))
    broken.play("right")
    qtbot.waitUntil(lambda: not broken.playing, timeout=WAIT_MS)
    assert broken.status == ("The sound test's player could not play the tone (broken: "
                             "unsupported sample format).")
    broken.stop()


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
