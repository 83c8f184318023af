"""Read aloud: speaks a page in its own language with the platform's speech engine
(speech-dispatcher with espeak-ng on Linux, over its own protocol; SAPI/WinRT on Windows,
through QtTextToSpeech).

The engine runs in a child process, `kiosk speech-worker` (kiosk/core/ssip_worker.py on Linux,
speech_worker.py with Qt), and this module talks to it over its standard input and output.
Why a process and not the UI thread or a thread:

- Opening Qt's speech-dispatcher engine costs ~1.5–1.8 s of CPU even when the service is already
  running, because its client library reads the voice list (espeak-ng has ~7,000 voices, ~480 KB)
  one byte per read() call. On the UI thread that froze the patient's screen just after start.
- QtTextToSpeech crashed (a bus error) when opened on a QThread while the window was shown.
- A wedged speech service (seen when no audio output exists) blocks its caller for good, and a
  crashing speech plugin takes its process with it. In a worker, neither reaches the kiosk: a
  worker that dies or never reports in is logged with its last words and started again a few
  times, further apart each time.

The worker runs only while a visit may need it: `wake` starts it (the kiosk calls it on a
visit's first touch and when a page is shown) and `rest` ends it (at the idle reset, back on
home). At rest no worker holds its ~44 MB. While a woken worker opens its engine, Listen already
shows for a language it had a voice for last time (or for any, before any worker reported in),
and a press then is kept and spoken once the engine is ready ("starting"). A worker that is
being restarted after a failure, or has no voice for a language, hides Listen, and the log says
why: a patient never meets a button that does nothing.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from functools import partial

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from kiosk.core import paths

log = logging.getLogger(__name__)


def worker_command(engine: str, volume: float) -> list[str]:
    return paths.own_command("speech-worker", "--engine", engine, "--volume", f"{volume:.3f}")


def _worker_environment() -> QProcessEnvironment:
    env = QProcessEnvironment()
    for key, value in paths.own_environment().items():
        env.insert(key, value)
    return env


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Speaker(QObject):
    """The UI's handle on read-aloud. Nothing here waits on the worker: commands are written
    to its input and its events read as they arrive, so a slow or stuck engine never holds up
    the screen. No worker runs until `wake`; `rest` ends it again."""

    state_changed = Signal(str)  # "idle", "starting", "speaking", "paused"

    READY_TIMEOUT_S = 30.0  # a worker silent this long after starting is stuck: replaced
    STOP_TIMEOUT_S = 5.0  # a worker still speaking this long after "stop" is stuck: replaced
    RESTART_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 16.0)  # then read aloud stays off
    HEALTHY_AFTER_S = 60.0  # a worker that served this long earns a fresh set of restarts
    STDERR_TAIL = 2000  # characters of the worker's standard error kept for the log
    LEAVE_TIMEOUT_S = 3.0  # a rested worker still there this long after its input closed: killed

    def __init__(self, engine: str = "", volume: float = 0.8) -> None:
        super().__init__()
        self.engine_name = ""
        self.reason = "the speech engine has not started yet"
        self.voices: frozenset[str] = frozenset()
        # The voice the engine picks per language ("en": "English (America)"), for the
        # installer's check screen; empty until a worker is ready (an engine may not say).
        self.voice_names: dict[str, str] = {}
        self.volume = max(0.0, min(1.0, volume))
        self.state = "idle"
        self.wanted = engine
        self.process: QProcess | None = None
        self._stderr = ""
        self._why_stopped = ""  # set when this side ends a worker or the worker says why
        self._restart_allowed = True
        self._restarts = 0
        self._ready_at = 0.0
        self.pid = 0  # the current worker's process id, 0 when there is none
        self._closed = False
        self._said = False  # a `say` was sent and its "speaking" has not been heard yet
        self.known_voices: frozenset[str] | None = None  # the last worker's, kept across rests
        self._wanted = False  # between `wake` and `rest`
        self._waking = False  # a worker started by `wake` is opening its engine
        self._off = False  # failed for good (final, or out of restarts): stays off
        self._pending: tuple[str, str] | None = None  # (text, language) pressed while starting
        self._leaving: list[QProcess] = []  # rested workers on their way out
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.timeout.connect(self._start)
        self._ready_timer = QTimer(self)
        self._ready_timer.setSingleShot(True)
        self._ready_timer.timeout.connect(self._no_answer)
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.timeout.connect(self._not_stopped)

    # -- what the window uses -----------------------------------------------------------------
    @property
    def available(self) -> bool:
        return bool(self.engine_name)

    def can_speak(self, language: str) -> bool:
        """The engine is open and has a voice for `language`: a `say` is spoken at once."""
        return language in self.voices

    @property
    def starting(self) -> bool:
        """A worker started by `wake` is opening its engine (not one restarted after a failure)."""
        return self._waking and self.process is not None

    def offers(self, language: str) -> bool:
        """Whether Listen should show for `language`: the engine can speak it, or a visit's
        worker is starting and the last one had a voice for it (or none has reported yet)."""
        return self.can_speak(language) or (self.starting and (
            self.known_voices is None or language in self.known_voices))

    def wake(self) -> None:
        """A visit may want read aloud: start a worker unless one runs, is due to restart, or
        read aloud is off for good. Cheap when there is nothing to do (called on every touch)."""
        self._wanted = True
        if (self._closed or self._off or self.process is not None
                or self._start_timer.isActive()):
            return
        log.debug("starting the speech worker for a visit")
        self._waking = True
        self._start()

    def rest(self) -> None:
        """The visit is over (idle reset, home): end the worker without waiting for it. Its
        input is closed, which it answers by quitting; one still there after LEAVE_TIMEOUT_S is
        killed. Voices are remembered, so the next visit's Listen shows at once."""
        self._wanted = False
        self._start_timer.stop()  # a restart after a failure: the next `wake` starts afresh
        process = self.process
        if process is None:
            return
        self.stop()
        self._ready_timer.stop()
        self._stop_timer.stop()
        self.process = None
        pid, self.pid = self.pid, 0
        self._waking = False
        self._unready("read aloud rests between visits")
        self._leaving.append(process)
        if process.state() == QProcess.ProcessState.NotRunning:
            self._gone(process)
            return
        process.closeWriteChannel()
        QTimer.singleShot(round(self.LEAVE_TIMEOUT_S * 1000), self, partial(self._kill, process))
        log.debug("speech worker (pid %d) told to quit: the visit is over", pid)

    def speak(self, text: str, language: str) -> None:
        if self.can_speak(language):
            self._said = True
            self._send({"cmd": "say", "text": text, "lang": language})
        elif self.offers(language):
            # Pressed while the engine opens: said as soon as it is ready.
            self._pending = (text, language)
            self.state = "starting"
            self.state_changed.emit(self.state)

    def pause(self) -> None:
        if self.state == "speaking":
            self._send({"cmd": "pause"})

    def resume(self) -> None:
        if self.state == "paused":
            self._send({"cmd": "resume"})

    def stop(self) -> None:
        if self.state == "starting":
            # Not spoken yet: nothing to wait for (a `say` already sent is stopped below).
            self._pending = None
            self.state = "idle"
            self.state_changed.emit(self.state)
        # Also just after a `say` whose "speaking" is still on its way from the worker.
        if self.state != "idle" or self._said:
            self._said = False
            self._send({"cmd": "stop"})
            if self.process is not None and not self._stop_timer.isActive():
                self._stop_timer.start(round(self.STOP_TIMEOUT_S * 1000))

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        self._send({"cmd": "volume", "value": self.volume})

    def shutdown(self) -> None:
        """Stop speaking and end the worker: its input is closed, which it answers by quitting;
        one that does not within ~1 s is killed. Waits at most that long."""
        self.stop()
        self._closed = True
        self._start_timer.stop()
        self._ready_timer.stop()
        self._stop_timer.stop()
        process, self.process = self.process, None
        pid, self.pid = self.pid, 0
        self._unready("read aloud was shut down")
        for leaving in [*self._leaving, *([process] if process is not None else [])]:
            if leaving.state() != QProcess.ProcessState.NotRunning:
                leaving.closeWriteChannel()
                if not leaving.waitForFinished(700):
                    leaving.kill()
                    leaving.waitForFinished(300)
        self._leaving.clear()
        if process is not None:
            log.debug("speech worker (pid %d) ended", pid)

    def _kill(self, process: QProcess) -> None:
        if process in self._leaving and process.state() != QProcess.ProcessState.NotRunning:
            log.debug("a rested speech worker did not quit in %g s: killed",
                      self.LEAVE_TIMEOUT_S)
            process.kill()

    def _gone(self, process: QProcess) -> None:
        """A rested worker has quit."""
        if process in self._leaving:
            self._leaving.remove(process)
            process.deleteLater()

    # -- the worker ---------------------------------------------------------------------------
    def _start(self) -> None:
        if self._closed or not self._wanted:
            return
        program, *arguments = worker_command(self.wanted, self.volume)
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(arguments)
        process.setProcessEnvironment(_worker_environment())
        process.readyReadStandardOutput.connect(partial(self._read_events, process))
        process.readyReadStandardError.connect(partial(self._read_stderr, process))
        process.finished.connect(partial(self._finished, process))
        process.errorOccurred.connect(partial(self._error, process))
        self.process = process
        self._stderr = ""
        self._why_stopped = ""
        self._restart_allowed = True
        self._ready_at = 0.0
        process.start()
        if process is self.process:  # unless it failed to start there and then
            self.pid = process.processId()
            self._ready_timer.start(round(self.READY_TIMEOUT_S * 1000))

    def _send(self, command: dict[str, object]) -> None:
        process = self.process
        if process is not None and process.state() != QProcess.ProcessState.NotRunning:
            process.write(json.dumps(command, ensure_ascii=True).encode("ascii") + b"\n")

    def _read_events(self, process: QProcess) -> None:
        while process is self.process and process.canReadLine():
            line = bytes(process.readLine().data()).decode("utf-8", errors="replace").strip()
            try:
                event = json.loads(line)
            except ValueError:
                event = None
            if not isinstance(event, dict):
                if line:
                    log.debug("speech worker said something unexpected: %r", line[:200])
                continue
            kind = event.get("event")
            if kind == "ready":
                names = event.get("voice_names")
                self._ready(str(event.get("engine", "")),
                            [str(v) for v in event.get("voices", [])],
                            {str(k): str(v) for k, v in names.items()}
                            if isinstance(names, dict) else {})
            elif kind == "failed":
                self._failed(str(event.get("reason", "no reason given")),
                             final=bool(event.get("final", False)))
            elif kind == "state":
                self._state(str(event.get("state", "idle")))

    def _read_stderr(self, process: QProcess) -> None:
        text = bytes(process.readAllStandardError().data()).decode("utf-8", errors="replace")
        for line in text.splitlines():
            if line.strip():
                log.debug("speech worker: %s", line)
        if process is self.process:  # a rested worker's last words are not the next one's
            self._stderr = (self._stderr + text)[-self.STDERR_TAIL:]

    def _ready(self, name: str, voices: list[str],
               voice_names: dict[str, str] | None = None) -> None:
        self._ready_timer.stop()
        self._ready_at = time.monotonic()
        self._waking = False
        self.engine_name = name
        self.voices = self.known_voices = frozenset(voices)
        self.voice_names = dict(voice_names or {})
        self.reason = ""
        log.info("read aloud uses the %s speech engine (voices for: %s; worker pid %d)", name,
                 ", ".join(voices) or "none", self.pid)
        pending, self._pending = self._pending, None
        if pending is not None and self.can_speak(pending[1]):
            self._said = True  # "starting" until the worker says it is speaking
            self._send({"cmd": "say", "text": pending[0], "lang": pending[1]})
        elif self.state == "starting":
            self.state = "idle"  # no voice for it after all: Listen hides
        self.state_changed.emit(self.state)

    def _failed(self, reason: str, final: bool) -> None:
        """The worker says why it cannot speak, and then quits; `_finished` follows."""
        self._why_stopped = reason
        self._restart_allowed = not final

    def _state(self, state: str) -> None:
        if state == "idle":
            self._stop_timer.stop()
        else:
            self._said = False
        self.state = state
        self.state_changed.emit(state)

    def _no_answer(self) -> None:
        process = self.process
        if process is not None and not self.available:
            self._why_stopped = (f"the speech worker gave no answer in {self.READY_TIMEOUT_S:g} s "
                                 "(is the speech service stuck?)")
            process.kill()  # `_finished` follows

    def _not_stopped(self) -> None:
        process = self.process
        if process is not None and self.state != "idle":
            self._why_stopped = (f"the speech engine was still {self.state} "
                                 f"{self.STOP_TIMEOUT_S:g} s after it was told to stop "
                                 "(is the speech service stuck?)")
            process.kill()  # `_finished` follows

    def _error(self, process: QProcess, error: QProcess.ProcessError) -> None:
        # A worker that could not start at all gets no `finished`; a crash is told there.
        if process in self._leaving and process.state() == QProcess.ProcessState.NotRunning:
            self._gone(process)
        elif error == QProcess.ProcessError.FailedToStart and process is self.process:
            self._why_stopped = f"the speech worker could not start: {process.errorString()}"
            self._ended(process)

    def _finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        if process is not self.process:
            self._gone(process)  # rested or shut down on purpose
            return
        self._read_events(process)  # anything it said last
        self._read_stderr(process)
        if not self._why_stopped:
            if status == QProcess.ExitStatus.CrashExit:
                how = (f"was killed by {_signal_name(code)}" if sys.platform != "win32"
                       else f"crashed (code {code:#x})")
            else:
                how = f"quit with exit code {code}"
            self._why_stopped = f"the speech worker (pid {self.pid}) {how}"
        self._ended(process)

    def _ended(self, process: QProcess) -> None:
        self._waking = False  # Listen hides until a worker reports in again
        self._ready_timer.stop()
        self._stop_timer.stop()
        self.process = None
        self.pid = 0
        process.deleteLater()
        served = time.monotonic() - self._ready_at if self._ready_at else 0.0
        if served >= self.HEALTHY_AFTER_S:
            self._restarts = 0
        reason = self._why_stopped
        tail = [line.strip() for line in self._stderr.splitlines() if line.strip()][-8:]
        last_words = f"; its last output: {' | '.join(tail)[-800:]}" if tail else ""
        if not self._restart_allowed:
            self._off = True
            log.warning("read aloud is off: %s", reason)
        elif self._restarts < len(self.RESTART_DELAYS_S):
            delay = self.RESTART_DELAYS_S[self._restarts]
            self._restarts += 1
            log.warning("read aloud is off for now: %s%s; starting it again in %g s (try %d of "
                        "%d)", reason, last_words, delay, self._restarts,
                        len(self.RESTART_DELAYS_S))
            self._start_timer.start(round(delay * 1000))
        else:
            self._off = True
            log.warning("read aloud is off: %s%s; given up after %d tries, until the kiosk "
                        "restarts", reason, last_words, len(self.RESTART_DELAYS_S) + 1)
        self._unready(reason)

    def _unready(self, reason: str) -> None:
        """Hide Listen: no engine, no voices, nothing under way."""
        self.reason = reason
        self.engine_name = ""
        self.voices = frozenset()
        self.voice_names = {}
        self._said = False
        self._pending = None
        self.state = "idle"
        self.state_changed.emit(self.state)  # Listen may have shown for a worker now gone
