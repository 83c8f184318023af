"""Read aloud runs its engine in a child process (`kiosk speech-worker`): these tests start the
real worker with Qt's mock engine, kill it, stop it, and close its input."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from helpers.processes import is_alive, workers_of
from kiosk.ui.speech import Speaker, worker_command

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kiosk.ui.factory import Kiosk

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="reads processes from /proc")

# The worker loads QtTextToSpeech, which links libpulse.so.0 (with every engine, mock included).
needs_libpulse = pytest.mark.needs("libpulse")
WAIT_MS = 20000  # generous: a loaded machine starts Python slowly; nothing here times anything


@pytest.fixture
def speakers(qapp: object) -> Iterator[Callable[..., Speaker]]:
    """Make Speakers, woken as a visit wakes them; each is shut down at the end, as the kiosk
    does when it quits."""
    made: list[Speaker] = []

    def make(engine: str = "mock", kind: type[Speaker] = Speaker, **options: object) -> Speaker:
        speaker = kind(engine, **options)  # type: ignore[arg-type]
        made.append(speaker)
        speaker.wake()
        return speaker

    yield make
    for speaker in made:
        speaker.shutdown()


@needs_libpulse
def test_the_worker_reports_its_voices_and_speaks(
    qtbot: QtBot, speakers: Callable[..., Speaker]
) -> None:
    """With the mock engine: the worker reports in with its voices, and a page is spoken to the
    end: idle → speaking → idle, each change reported to the UI."""
    speaker = speakers()
    assert not speaker.available and not speaker.can_speak("en")
    assert speaker.starting and speaker.offers("en")  # no voices known yet: Listen may show
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    assert speaker.engine_name == "mock" and speaker.reason == ""
    assert speaker.can_speak("en") and not speaker.can_speak("es")
    assert speaker.pid in workers_of(os.getpid())
    seen: list[str] = []
    speaker.state_changed.connect(seen.append)
    speaker.speak("You read page one. It is short.", "en")
    qtbot.waitUntil(lambda: "speaking" in seen, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: speaker.state == "idle", timeout=WAIT_MS)
    assert seen[-1] == "idle"


@needs_libpulse
def test_pause_resume_and_stop_reach_the_worker(
    qtbot: QtBot, speakers: Callable[..., Speaker]
) -> None:
    """Pause, resume and stop are carried out by the engine in the worker."""
    speaker = speakers()
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    speaker.set_volume(0.3)
    speaker.speak(" ".join(["A long sentence for the mock engine to read."] * 40), "en")
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    speaker.pause()
    qtbot.waitUntil(lambda: speaker.state == "paused", timeout=WAIT_MS)
    speaker.resume()
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    speaker.stop()
    qtbot.waitUntil(lambda: speaker.state == "idle", timeout=WAIT_MS)
    assert speaker.volume == pytest.approx(0.3)


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"off for now: .*killed by SIGKILL")
@needs_libpulse
def test_a_killed_worker_turns_read_aloud_off_then_comes_back(
    qtbot: QtBot, speakers: Callable[..., Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    """A crashed engine takes only its worker down: read aloud is off (Listen hidden), the log
    says so, and a new worker takes over."""
    speaker = speakers()
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    first = speaker.pid
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.speech"):
        os.kill(first, signal.SIGKILL)
        qtbot.waitUntil(lambda: not speaker.available, timeout=WAIT_MS)
        assert not speaker.can_speak("en") and speaker.state == "idle"
        assert f"pid {first}" in speaker.reason and "SIGKILL" in speaker.reason
        assert "read aloud is off for now" in caplog.text and "starting it again" in caplog.text
        qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    assert speaker.pid != first and speaker.can_speak("en")
    assert not is_alive(first)


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"off for now: .*killed by SIGKILL")
@needs_libpulse
def test_a_crash_while_speaking_hides_listen_until_the_worker_is_back(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The patient sees no Listen button while there is no engine behind it, and no Stop for
    speech that ended with the worker."""
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    window, speaker = kiosk.window, kiosk.window.listen_bar.speaker
    assert speaker is not None
    window.router.open_section("first", animate=False)
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    speaker.speak(" ".join(["A long sentence for the mock engine to read."] * 40), "en")
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    assert window.listen_bar.listen.isVisible() and window.listen_bar.stop_button.isVisible()
    os.kill(speaker.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: not window.listen_bar.listen.isVisible(), timeout=WAIT_MS)
    assert not window.listen_bar.stop_button.isVisible()
    qtbot.waitUntil(window.listen_bar.listen.isVisible, timeout=WAIT_MS)
    assert window.listen_bar.listen.accessibleName() == "Listen"


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"off for now: .*gave no answer")
@needs_libpulse
def test_a_worker_that_never_reports_in_is_replaced(
    qtbot: QtBot, speakers: Callable[..., Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    """A stuck engine (here: a worker stopped with SIGSTOP before it could answer) is killed
    after the deadline and a fresh worker started."""
    stopped: list[int] = []

    class FirstWorkerStuck(Speaker):
        READY_TIMEOUT_S = 1.0

        def _start(self) -> None:
            super()._start()
            if not stopped:
                stopped.append(self.pid)
                os.kill(self.pid, signal.SIGSTOP)

    with caplog.at_level(logging.WARNING, logger="kiosk.ui.speech"):
        speaker = speakers(kind=FirstWorkerStuck)
        qtbot.waitUntil(lambda: "gave no answer" in caplog.text, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    assert stopped and speaker.pid != stopped[0] and not is_alive(stopped[0])


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"off for now: .*still speaking")
@needs_libpulse
def test_a_worker_that_will_not_stop_speaking_is_replaced(
    qtbot: QtBot, speakers: Callable[..., Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    """An engine stuck mid-sentence (here: the worker stopped with SIGSTOP) cannot be stopped;
    after the deadline its worker is killed, Listen is hidden, and a fresh one takes over."""

    class QuickStop(Speaker):
        STOP_TIMEOUT_S = 1.0

    speaker = speakers(kind=QuickStop)
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    stuck = speaker.pid
    speaker.speak(" ".join(["A long sentence for the mock engine to read."] * 40), "en")
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    os.kill(stuck, signal.SIGSTOP)
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.speech"):
        speaker.stop()
        qtbot.waitUntil(lambda: "told to stop" in caplog.text, timeout=WAIT_MS)
        assert not speaker.available and speaker.state == "idle"
        qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    assert speaker.pid != stuck and not is_alive(stuck)


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"off for now: .*could not start")
@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"is off: .*given up after 3 tries")
def test_a_worker_that_cannot_start_is_tried_again_then_given_up(
    qtbot: QtBot, speakers: Callable[..., Speaker], caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """No program to run (a broken install): each try is logged, and after the last one read
    aloud stays off, saying so."""

    class QuickRetries(Speaker):
        RESTART_DELAYS_S = (0.05, 0.05)  # type: ignore[assignment]  # two tries, not five

    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.speech"):
        speaker = speakers(kind=QuickRetries)
        qtbot.waitUntil(lambda: "given up" in caplog.text, timeout=WAIT_MS)
    assert caplog.text.count("could not start") == 3
    assert "try 2 of 2" in caplog.text and "given up after 3 tries" in caplog.text
    assert not speaker.available and "could not start" in speaker.reason


@needs_libpulse
def test_shutdown_leaves_no_child_process(
    qtbot: QtBot, speakers: Callable[..., Speaker]
) -> None:
    """After shutdown the worker is gone (not even a zombie) and read aloud is off."""
    speaker = speakers()
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    pid = speaker.pid
    speaker.speak(" ".join(["A long sentence for the mock engine to read."] * 40), "en")
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_MS)
    speaker.shutdown()
    assert not is_alive(pid)
    assert workers_of(os.getpid()) == []
    assert not speaker.available and speaker.state == "idle"
    speaker.speak("Nothing to say this to.", "en")  # harmless after shutdown


def test_no_worker_starts_until_woken_nor_after_shutdown(
    qtbot: QtBot, qapp: object
) -> None:
    """A speaker nothing has woken runs no worker; once shut down, waking it starts none."""
    speaker = Speaker("mock")
    qtbot.wait(300)
    assert speaker.pid == 0 and workers_of(os.getpid()) == []
    assert not speaker.offers("en")  # nothing starting: no Listen
    speaker.shutdown()
    speaker.wake()
    qtbot.wait(300)
    assert speaker.pid == 0 and workers_of(os.getpid()) == []


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"no speech engine named 'no-such-engine'")
@needs_libpulse
def test_an_unknown_engine_turns_read_aloud_off_with_a_reason(
    qtbot: QtBot, speakers: Callable[..., Speaker], caplog: pytest.LogCaptureFixture
) -> None:
    """A misspelt `speech_engine` is reported once, naming the engines there are, and the
    worker is not started again: it would fail the same way."""
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.speech"):
        speaker = speakers("no-such-engine")
        qtbot.waitUntil(lambda: "read aloud is off" in caplog.text, timeout=WAIT_MS)
    assert not speaker.available and not speaker.can_speak("en")
    assert "no speech engine named 'no-such-engine'" in speaker.reason
    assert "mock" in speaker.reason  # the engines that do exist
    assert "starting it again" not in caplog.text
    assert speaker.pid == 0 and workers_of(os.getpid()) == []


@needs_libpulse
def test_the_worker_quits_when_its_input_closes(tmp_path: Path) -> None:
    """The kiosk gone (its end of the pipe closed, however it ended): the worker leaves by
    itself, cleanly, and everything it wrote on standard output was protocol."""
    with subprocess.Popen(worker_command("mock", 0.5), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          cwd=tmp_path) as worker:
        assert worker.stdin is not None and worker.stdout is not None
        ready = json.loads(worker.stdout.readline())
        assert ready["event"] == "ready" and ready["engine"] == "mock"
        assert "en" in ready["voices"]
        worker.stdin.write(b'{"cmd": "say", "text": "Hello.", "lang": "en"}\n')
        worker.stdin.flush()
        assert json.loads(worker.stdout.readline()) == {"event": "state", "state": "speaking"}
        worker.stdin.close()
        assert worker.wait(timeout=30) == 0
        rest = worker.stdout.read().decode().splitlines()
    assert all("event" in json.loads(line) for line in rest)


def test_the_worker_is_not_a_listed_command() -> None:
    """`kiosk --help` does not offer the worker to people."""
    shown = subprocess.run([sys.executable, "-m", "kiosk", "--help"], capture_output=True,
                           text=True, check=True).stdout
    assert "check" in shown and "speech-worker" not in shown


@needs_libpulse
def test_rest_ends_the_worker_without_waiting_and_kills_one_that_stays(
    qtbot: QtBot, speakers: Callable[..., Speaker]
) -> None:
    """At the end of a visit the worker is told to go and the UI carries on at once; a worker
    that cannot go (here: stopped with SIGSTOP) is killed, and nothing is logged as a failure."""

    class QuickLeave(Speaker):
        LEAVE_TIMEOUT_S = 0.5

    speaker = speakers(kind=QuickLeave)
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
    stuck = speaker.pid
    os.kill(stuck, signal.SIGSTOP)
    speaker.rest()
    assert speaker.pid == 0 and not speaker.available and not speaker.offers("en")
    assert is_alive(stuck)  # rest did not wait for it
    qtbot.waitUntil(lambda: not is_alive(stuck), timeout=WAIT_MS)
    assert workers_of(os.getpid()) == []
    speaker.wake()  # the next visit
    assert speaker.pid not in (0, stuck) and speaker.offers("en")  # voices remembered
    qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_MS)
