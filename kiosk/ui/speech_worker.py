"""`kiosk speech-worker` with a QtTextToSpeech engine: the read-aloud engine in a process of its
own (speech.py says why). On Linux the default is kiosk/core/ssip_worker.py instead, which
speaks the same protocol; kiosk/cli/speech_worker.py chooses.

The kiosk starts it and talks to it in newline-delimited JSON, one object per line, in ASCII:

- on its standard input, commands: `{"cmd": "say", "text": "…", "lang": "en"}`, `{"cmd":
  "pause"}`, `{"cmd": "resume"}`, `{"cmd": "stop"}`, `{"cmd": "volume", "value": 0.8}`;
- on its standard output, events: `{"event": "ready", "engine": "speechd", "voices": ["en",
  "es"], "voice_names": {"en": "English (America)", "es": "Spanish (Latin America)"}}` once the
  engine is open (`voice_names`, optional: the voice the engine picks for each language, for
  the installer's check screen); `{"event": "failed", "reason": "…", "final": true}` if it
  cannot be (`final`: trying again will not help), after which the worker exits; and `{"event":
  "state", "state": "idle" | "speaking" | "paused"}` whenever the engine's state changes.

Anything else it has to say (Qt's warnings, a traceback) goes to standard error, which the kiosk
keeps the tail of for its log. It quits when its standard input closes, which is also what
happens when the kiosk is gone however it ended: a worker is never left behind. It imports
QtCore and QtTextToSpeech only, no widgets and no content, to stay small.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import IO, Any, NoReturn

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTimer, Signal, Slot

from kiosk.core.worker_commands import leave_soon, protocol_output, read_commands

# The test engine is only used when asked for by name.
TEST_ENGINES = frozenset({"mock"})

class _Commands(QObject):
    """Reads standard input on a plain thread and hands each command to the main thread. A
    thread, not a socket notifier, because Windows cannot watch a pipe that way; it touches no
    Qt object but this one's signals, which Qt queues to the main thread."""

    received = Signal(object)
    closed = Signal()

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self.stream = stream
        self.reader = threading.Thread(target=self._read, name="speech-commands", daemon=True)

    def start(self) -> None:
        self.reader.start()

    def _read(self) -> None:
        read_commands(self.stream, self.received.emit)
        self.closed.emit()
        leave_soon()


class Worker(QObject):
    """Owns the QTextToSpeech object; turns commands into calls and changes into events."""

    def __init__(self, app: QCoreApplication, wanted: str, volume: float,
                 out: IO[bytes]) -> None:
        super().__init__()
        self.app = app
        self.wanted = wanted
        self.volume = max(0.0, min(1.0, volume))
        self.out = out
        self.tts: Any = None
        self.locales: dict[str, Any] = {}
        self.state = "idle"

    def send(self, event: dict[str, object]) -> None:
        try:
            self.out.write(json.dumps(event, ensure_ascii=True).encode("ascii") + b"\n")
        except OSError:  # the kiosk is gone (a broken pipe): nobody left to speak for
            self.app.exit(0)

    def fail(self, reason: str, final: bool) -> None:
        self.send({"event": "failed", "reason": reason, "final": final})
        self.app.exit(1)

    @Slot()
    def open(self) -> None:
        """The engine choice: a named engine must exist; "" means the platform's first engine
        that is not a test engine."""
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module
        except ImportError as exc:
            self.fail(f"QtTextToSpeech is not available ({exc})", final=True)
            return
        engines = list(QTextToSpeech.availableEngines())
        if self.wanted:
            choice = self.wanted if self.wanted in engines else ""
        else:
            choice = next((e for e in engines if e not in TEST_ENGINES), "")
        if not choice:
            named = f" named {self.wanted!r}" if self.wanted else ""
            self.fail(f"no speech engine{named} (engines found: {', '.join(engines) or 'none'})"
                      "; on Linux install speech-dispatcher and espeak-ng", final=True)
            return
        tts = QTextToSpeech(choice)  # no parent: dropping `self.tts` closes it
        if tts.state() == QTextToSpeech.State.Error:
            self.fail(f"the {choice} speech engine failed to start: {tts.errorString()}",
                      final=False)
            return
        self.tts = tts
        tts.setVolume(self.volume)
        tts.stateChanged.connect(self._changed)
        for locale in tts.availableLocales():
            self.locales.setdefault(QLocale.languageToCode(locale.language()), locale)
        self.send({"event": "ready", "engine": choice, "voices": sorted(self.locales),
                   "voice_names": self._voice_names(tts)})

    def _voice_names(self, tts: Any) -> dict[str, str]:
        """The voice the engine picks for each language, as `say` will set it (about 40 ms
        for espeak-ng's hundred languages through speech-dispatcher)."""
        names: dict[str, str] = {}
        for code, locale in sorted(self.locales.items()):
            tts.setLocale(locale)
            name = tts.voice().name()
            if name:
                names[code] = name
        return names

    def _changed(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415

        if state == QTextToSpeech.State.Error:
            # The engine broke after it opened (its service died, say): a fresh worker may do
            # better, so the kiosk starts another.
            self.fail(f"the speech engine stopped working: {self.tts.errorString()}",
                      final=False)
            return
        name = {QTextToSpeech.State.Speaking: "speaking",
                QTextToSpeech.State.Synthesizing: "speaking",
                QTextToSpeech.State.Paused: "paused"}.get(state, "idle")
        if name != self.state:
            self.state = name
            self.send({"event": "state", "state": name})

    @Slot(object)
    def run(self, command: dict[str, Any]) -> None:
        action = command.get("cmd")
        if action == "volume":
            self.volume = max(0.0, min(1.0, float(command.get("value", self.volume))))
            if self.tts is not None:
                self.tts.setVolume(self.volume)
            return
        tts = self.tts
        if tts is None:
            return  # not open (yet): the kiosk only asks to speak once it has heard "ready"
        if action == "say":
            language = str(command.get("lang", ""))
            if language in self.locales:
                tts.stop()
                tts.setLocale(self.locales[language])
                tts.say(str(command.get("text", "")))
        elif action == "pause":
            tts.pause()
        elif action == "resume":
            tts.resume()
        elif action == "stop":
            tts.stop()
        else:
            print(f"speech worker: unknown command {action!r}", file=sys.stderr)


def main(engine: str, volume: float) -> NoReturn:
    # The kiosk alone decides when this process ends, by closing its input. Ctrl+C in a
    # terminal and systemd's SIGTERM reach every process of the kiosk at once; the kiosk then
    # quits cleanly and this worker with it, rather than vanishing first and being reported.
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    out = protocol_output()
    app = QCoreApplication([sys.argv[0] if sys.argv else "kiosk", "speech-worker"])
    worker = Worker(app, engine, volume, out)
    commands = _Commands(sys.stdin.buffer)
    commands.received.connect(worker.run)
    commands.closed.connect(app.quit)
    commands.start()
    QTimer.singleShot(0, worker.open)
    code = app.exec()
    worker.tts = None  # close the engine (and its connection to a speech service)
    # Leave at once: the reader thread may still be blocked on standard input, and the
    # interpreter's shutdown would wait on (or abort over) its lock.
    sys.stderr.flush()
    os._exit(code)
