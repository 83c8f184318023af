"""Read aloud's worker runs only during a visit: none while the kiosk waits on home, one from a
visit's first touch, gone again at the idle reset; Listen shows at once and a press made while
the engine opens is spoken when it is ready. Real kiosk, real worker, Qt's mock engine."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from helpers.pages import DATES
from helpers.processes import is_alive, workers_of

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kiosk.ui.factory import Kiosk
    from kiosk.ui.speech import Speaker

WAIT_MS = 20000  # generous: a loaded machine starts Python slowly; nothing here times anything
SPANISH = {
    "es/_index.md": "---\ntitle: Quiosco de prueba\nwelcome: Toque un tema.\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primer tema\n---\n",
    "es/10-first/10-one.md": f"---\ntitle: Página uno\n{DATES}---\nUsted lee la página uno.\n",
}

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads processes from /proc"),
    pytest.mark.needs("libpulse"),
]


def speaker_of(kiosk: Kiosk) -> Speaker:
    speaker = kiosk.window.listen_bar.speaker
    assert speaker is not None
    return speaker


def first_tile_tapped(qtbot: QtBot, kiosk: Kiosk) -> None:
    """A patient's first touch: the first topic's tile, through the kiosk's input filters."""
    home = kiosk.window.home
    assert home is not None
    qtbot.mouseClick(home.tiles[0], Qt.MouseButton.LeftButton)


def test_no_worker_runs_until_a_visit_begins_and_none_after_the_idle_reset(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    speaker = speaker_of(kiosk)
    qtbot.wait(1000)  # past when the kiosk used to start its worker (500 ms after the window)
    assert workers_of(os.getpid()) == [] and speaker.pid == 0
    first_tile_tapped(qtbot, kiosk)
    assert speaker.pid in workers_of(os.getpid())
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    listen = kiosk.window.listen_bar.listen
    assert listen.isVisible() and listen.accessibleName() == "Listen"
    qtbot.mouseClick(listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    worker = speaker.pid
    kiosk.idle._reset()  # the countdown ran out: the visit is over
    assert kiosk.window.router.location.screen.name == "HOME"
    assert speaker.pid == 0 and speaker.state == "idle"
    qtbot.waitUntil(lambda: not is_alive(worker), timeout=WAIT_MS)  # reaped: not even a zombie
    assert workers_of(os.getpid()) == []


def test_the_next_visit_starts_a_fresh_worker_and_listen_still_speaks(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    speaker = speaker_of(kiosk)
    first_tile_tapped(qtbot, kiosk)
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    first = speaker.pid
    kiosk.idle._reset()
    qtbot.waitUntil(lambda: not is_alive(first), timeout=WAIT_MS)
    first_tile_tapped(qtbot, kiosk)
    assert speaker.pid not in (0, first)
    # The voices of the last worker are remembered: Listen is there before the engine is.
    assert kiosk.window.listen_bar.listen.isVisible()
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    qtbot.mouseClick(kiosk.window.listen_bar.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)


def test_idle_on_home_without_a_reset_also_ends_the_worker(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A patient who only touched home (nothing to forget, so no reset) still leaves no worker
    behind once the kiosk has been idle on home."""
    kiosk = kiosk_factory(make_content(), speech_engine="mock", idle_timeout_s=3600)
    speaker = speaker_of(kiosk)
    home = kiosk.window.home
    assert home is not None
    qtbot.mouseClick(home, Qt.MouseButton.LeftButton)  # a touch on home, between the tiles
    worker = speaker.pid
    assert worker in workers_of(os.getpid())
    kiosk.idle.idle.timeout.emit()  # the idle time has passed, on home
    assert not kiosk.window.router.visit_changed() and speaker.pid == 0
    qtbot.waitUntil(lambda: not is_alive(worker), timeout=WAIT_MS)


def test_listen_pressed_while_the_engine_opens_is_spoken_when_it_is_ready(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    speaker = speaker_of(kiosk)
    bar = kiosk.window.listen_bar
    first_tile_tapped(qtbot, kiosk)
    assert not speaker.available  # the worker has only just started
    assert bar.listen.isVisible()
    qtbot.mouseClick(bar.listen, Qt.MouseButton.LeftButton)
    assert speaker.state == "starting"
    assert bar.listen.text() == "Starting…" and bar.stop_button.isVisible()
    qtbot.mouseClick(bar.listen, Qt.MouseButton.LeftButton)  # a second press changes nothing
    assert speaker.state == "starting"
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    assert bar.listen.accessibleName() == "Pause"


def test_stop_while_the_engine_opens_cancels_the_reading(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    speaker = speaker_of(kiosk)
    bar = kiosk.window.listen_bar
    heard: list[str] = []
    speaker.state_changed.connect(heard.append)
    first_tile_tapped(qtbot, kiosk)
    qtbot.mouseClick(bar.listen, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.stop_button, Qt.MouseButton.LeftButton)
    assert speaker.state == "idle" and not bar.stop_button.isVisible()
    assert bar.listen.accessibleName() == "Listen"
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    qtbot.wait(300)
    assert "speaking" not in heard


def test_the_slideshow_wakes_no_worker(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Pages shown by the slideshow to an empty room start nothing: no one can press Listen."""
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    kiosk.slideshow.start()
    qtbot.waitUntil(kiosk.window.pager.isVisible, timeout=WAIT_MS)
    assert speaker_of(kiosk).pid == 0 and workers_of(os.getpid()) == []


def test_a_language_the_last_worker_had_no_voice_for_shows_no_listen(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Qt's mock engine speaks English only: once a worker has said so, a Spanish page in a
    later visit shows no Listen even while that visit's worker starts."""
    kiosk = kiosk_factory(make_content(SPANISH), speech_engine="mock")
    speaker = speaker_of(kiosk)
    first_tile_tapped(qtbot, kiosk)
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    kiosk.idle._reset()
    window = kiosk.window
    window.router.choose_language("es")
    window.router.open_section("first", animate=False)
    assert speaker.starting and not window.listen_bar.listen.isVisible()
