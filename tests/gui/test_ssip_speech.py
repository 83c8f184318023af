"""Read aloud on Linux by default: `kiosk speech-worker` talking SSIP to a real speech-dispatcher
with espeak-ng (kiosk/core/ssip_worker.py), each test with a speech-dispatcher of its own
(helpers/speech_dispatcher.py) so that killing or stopping it touches no other test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest

from helpers.speech_dispatcher import PrivateSpeechDispatcher, private_speech_dispatcher
from kiosk.core import paths
from kiosk.ui.speech import Speaker, worker_command

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="speech-dispatcher is Linux's")
# Speech ends only once its sound has played: a sound server (a null sink will do) is needed.
needs_speech = pytest.mark.needs("speech-dispatcher", "espeak-ng", "pulse-server")
WAIT_S = 30  # generous, for a loaded machine; nothing here times anything
LONG = " ".join(f"This is sentence number {n} of a long page." for n in range(1, 40))


@pytest.fixture
def daemon() -> Iterator[PrivateSpeechDispatcher]:
    with private_speech_dispatcher() as private:
        yield private


class Worker:
    """`kiosk speech-worker` as the kiosk starts it, spoken to in its JSON lines."""

    def __init__(self, env: dict[str, str], engine: str = "") -> None:
        self.process = subprocess.Popen(worker_command(engine, 0.5), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=env)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout

    def send(self, **command: object) -> None:
        self.stdin.write(json.dumps(command).encode() + b"\n")
        self.stdin.flush()

    def event(self) -> dict[str, Any]:
        line = self.stdout.readline()
        assert line, f"the worker ended: {self.stderr()}"
        event = json.loads(line)
        assert isinstance(event, dict)
        return event

    def state(self) -> object:
        event = self.event()
        assert event["event"] == "state", event
        return event["state"]

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        assert self.process.stderr is not None
        return self.process.stderr.read().decode(errors="replace")[-2000:]

    def end(self) -> int:
        self.stdin.close()
        code = self.process.wait(timeout=WAIT_S)
        self.stdout.close()
        assert self.process.stderr is not None
        self.process.stderr.close()
        return code


def worker_env(daemon: PrivateSpeechDispatcher) -> dict[str, str]:
    return daemon.env(paths.own_environment())


@needs_speech
def test_the_default_worker_on_linux_is_ssip_with_american_english_and_spanish(
    daemon: PrivateSpeechDispatcher,
) -> None:
    """With no engine named, the worker starts speech-dispatcher, reports voices for English
    and Spanish with their names (American English, not espeak-ng's first, Caribbean), reads a
    page to its end, loads no Qt at all, and leaves cleanly when its input closes."""
    worker = Worker(worker_env(daemon))
    ready = worker.event()
    assert ready["event"] == "ready" and ready["engine"] == "ssip", ready
    voices, names = ready["voices"], ready["voice_names"]
    assert isinstance(voices, list) and isinstance(names, dict)
    assert {"en", "es"} <= set(voices) and set(names) == set(voices)
    assert names["en"] == "English (America)" and names["es"] == "Spanish (Latin America)"
    assert daemon.pids(), "the worker did not start speech-dispatcher"
    maps = Path(f"/proc/{worker.process.pid}/maps").read_text()
    assert "libQt6" not in maps and "PySide6" not in maps
    worker.send(cmd="say", text="Hello. This page is short.", lang="en")
    assert worker.state() == "speaking"
    assert worker.state() == "idle"  # read to the end
    worker.send(cmd="say", text="Hola. Esta página es corta.", lang="es")
    assert worker.state() == "speaking"
    assert worker.state() == "idle"
    assert worker.end() == 0


@needs_speech
def test_the_voices_are_kept_for_the_next_visit_and_checked_at_its_end(
    daemon: PrivateSpeechDispatcher,
) -> None:
    """The first worker lists the voices and keeps its choice; the next one says "ready" with
    the kept voices without listing (a patient's first Listen is spoken ~0.3 s sooner), and
    once its visit is over checks them against speech-dispatcher's list, so a voice that is gone
    is forgotten for the visit after."""
    kept = paths.speech_voices_file()
    assert not kept.exists()
    first = Worker(worker_env(daemon))
    assert first.event()["event"] == "ready"
    assert first.end() == 0
    remembered = json.loads(kept.read_text(encoding="utf-8"))
    assert remembered["voices"]["en"] == ["English (America)", "en-US"]
    remembered["voices"]["xx"] = ["A voice since removed", "xx"]
    kept.write_text(json.dumps(remembered), encoding="utf-8")
    second = Worker(worker_env(daemon))
    ready = second.event()
    assert "xx" in ready["voices"]  # taken from the file: nothing listed
    assert second.end() == 0
    assert "xx" not in json.loads(kept.read_text(encoding="utf-8"))["voices"]
    third = Worker(worker_env(daemon))
    ready = third.event()
    assert "xx" not in ready["voices"] and {"en", "es"} <= set(ready["voices"])
    assert third.end() == 0


@needs_speech
def test_stop_volume_pause_and_resume_leave_speech_dispatcher_working(
    daemon: PrivateSpeechDispatcher,
) -> None:
    """Stop silences at once; pause then resume reads on (SSIP's own PAUSE would wedge
    speech-dispatcher for every client: the worker stops and starts again at the sentence);
    afterwards a new page is still read to its end."""
    worker = Worker(worker_env(daemon))
    assert worker.event()["event"] == "ready"
    worker.send(cmd="volume", value=0.3)
    worker.send(cmd="say", text=LONG, lang="en")
    assert worker.state() == "speaking"
    worker.send(cmd="stop")
    assert worker.state() == "idle"
    worker.send(cmd="say", text=LONG, lang="en")
    assert worker.state() == "speaking"
    worker.send(cmd="pause")
    assert worker.state() == "paused"
    worker.send(cmd="resume")
    assert worker.state() == "speaking"
    worker.send(cmd="stop")
    assert worker.state() == "idle"
    worker.send(cmd="say", text="Still working.", lang="en")
    assert worker.state() == "speaking"
    assert worker.state() == "idle"
    assert worker.end() == 0


@needs_speech
def test_a_killed_speech_dispatcher_is_noticed_mid_sentence(
    daemon: PrivateSpeechDispatcher,
) -> None:
    """speech-dispatcher gone while reading: the worker says so at once (not final: a new
    worker starts a new speech-dispatcher) and quits."""
    worker = Worker(worker_env(daemon))
    assert worker.event()["event"] == "ready"
    worker.send(cmd="say", text=LONG, lang="en")
    assert worker.state() == "speaking"
    daemon.kill()
    failed = worker.event()
    assert failed["event"] == "failed" and failed["final"] is False
    assert "speech-dispatcher" in str(failed["reason"])
    assert worker.process.wait(timeout=WAIT_S) == 1
    worker.end()


@needs_speech
def test_a_stuck_speech_dispatcher_is_a_failure_not_a_hang(
    daemon: PrivateSpeechDispatcher,
) -> None:
    """speech-dispatcher stopped (SIGSTOP) and then told to stop reading: no answer comes, and
    the worker reports a failure instead of waiting for ever."""
    worker = Worker(worker_env(daemon))
    assert worker.event()["event"] == "ready"
    worker.send(cmd="say", text=LONG, lang="en")
    assert worker.state() == "speaking"
    stopped = daemon.pids()
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    try:
        worker.send(cmd="stop")
        failed = worker.event()
        assert failed["event"] == "failed" and failed["final"] is False
        assert "no answer" in str(failed["reason"])
        assert worker.process.wait(timeout=WAIT_S) == 1
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
    worker.end()


def test_no_speech_dispatcher_program_is_a_final_failure(
    daemon: PrivateSpeechDispatcher, tmp_path: Path,
) -> None:
    """Nothing listening and no `speech-dispatcher` to start: read aloud is off for good, with
    the reason, and the worker is not worth starting again."""
    env = worker_env(daemon)
    env["PATH"] = str(tmp_path)  # the worker runs by its full path; speech-dispatcher is not
    worker = Worker(env, engine="ssip")
    failed = worker.event()
    assert failed == {"event": "failed", "final": True, "reason": failed["reason"]}
    assert "speech-dispatcher is not installed" in str(failed["reason"])
    assert worker.process.wait(timeout=WAIT_S) == 1
    worker.end()


@needs_speech
def test_the_kiosk_reads_aloud_through_ssip(
    qtbot: QtBot, qapp: object, daemon: PrivateSpeechDispatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kiosk's side (Speaker) with the default engine: voices for both languages, speech,
    pause, resume and stop, as the Listen bar uses them."""
    for key, value in daemon.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    speaker = Speaker("", 0.5)
    try:
        speaker.wake()
        qtbot.waitUntil(lambda: speaker.available, timeout=WAIT_S * 1000)
        assert speaker.engine_name == "ssip"
        assert speaker.can_speak("en") and speaker.can_speak("es")
        speaker.speak(LONG, "en")
        qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_S * 1000)
        speaker.pause()
        qtbot.waitUntil(lambda: speaker.state == "paused", timeout=WAIT_S * 1000)
        speaker.resume()
        qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=WAIT_S * 1000)
        speaker.stop()
        qtbot.waitUntil(lambda: speaker.state == "idle", timeout=WAIT_S * 1000)
    finally:
        speaker.shutdown()
