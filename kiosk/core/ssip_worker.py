"""`kiosk speech-worker` on Linux: speech-dispatcher spoken to over SSIP (ssip.py), without Qt.

It speaks the same JSON protocol with the kiosk as the Qt worker (kiosk/ui/speech_worker.py
describes it), with "engine": "ssip" and, in "ready", "voice_names" (language → the voice's
name). Why not Qt's speechd engine: opening it costs ~1.8 s (libspeechd reads the 13,000-line
voice list a byte per read()), which a patient who presses Listen right after their first touch
would wait out; this worker is ready in about the time speech-dispatcher takes to start, and
holds a third of the memory (docs/decisions/read-aloud.md has the figures).

The voice list is slow (~0.3 s of speech-dispatcher's time for espeak-ng's 13,000 lines, while
the first Listen waits): the voices chosen are kept in a file (`paths.speech_voices_file`), and a
worker that finds it there for the same output modules says "ready" without listing, then checks
the list at the end of its visit, once idle, and keeps what it found for the next worker.

Pause is not SSIP's PAUSE, which wedges speech-dispatcher (the decision record): the text is
sent as SSML with an index mark before each sentence; pause cancels the speech and remembers
the sentence being read, and resume reads again from that sentence's start.

One thread does all the work, taking the kiosk's commands and speech-dispatcher's events from
one queue in the order they came; a thread reading standard input and the SSIP connection's
reader thread only feed it.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, NoReturn

from kiosk.core import paths, ssip
from kiosk.core.worker_commands import leave_soon, protocol_output, read_commands

ENGINE = "ssip"
CLIENT_NAME = "user:kiosk:read-aloud"
CHECK_TIMEOUT_S = 1.5  # the voice list checked while leaving: within worker_commands.EXIT_GRACE_S
# The voice each language prefers, best first (tags compared without case); any other voice of
# the language comes after these, in the order speech-dispatcher lists them. American English,
# not espeak-ng's first-listed en-029 (Caribbean), which Qt's engine took.
PREFERRED = {"en": ("en-US", "en"), "es": ("es-419", "es-US", "es-MX", "es")}
# A sentence ends at . ! ? or … followed by a space; a line break ends one too.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")


def choose_voices(voices: Iterable[ssip.Voice]) -> dict[str, ssip.Voice]:
    """One voice per language (its primary subtag, lower case): the voices themselves, not
    their variants (espeak-ng's "+Adam" and ~100 others), in PREFERRED's order where it has
    one, else the one whose tag is the bare language or the language of its own country ("fr",
    "fr-FR"), else the first listed."""
    by_language: dict[str, list[ssip.Voice]] = {}
    for voice in voices:
        if voice.variant.lower() in ("none", ""):
            primary = voice.language.replace("_", "-").split("-")[0].lower()
            if primary:
                by_language.setdefault(primary, []).append(voice)
    chosen = {}
    for language, candidates in by_language.items():
        order = [t.lower() for t in PREFERRED.get(language, (language, f"{language}-{language}"))]

        def rank(voice: ssip.Voice, order: list[str] = order) -> int:
            tag = voice.language.replace("_", "-").lower()
            return order.index(tag) if tag in order else len(order)

        chosen[language] = min(candidates, key=rank)  # min keeps the first of equals
    return chosen


def escape(text: str) -> str:
    """Text as SSML character data (xml.sax.saxutils would bring in urllib.request)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def ssml(parts: list[str], first: int) -> str:
    """The sentences as SSML, each with an index mark named by its number, reported as the
    speech reaches it: that is how a pause knows where to resume. One sentence a line."""
    return "<speak>\n" + "".join(
        f'<s><mark name="{first + i}"/>{escape(part)}</s>\n' for i, part in enumerate(parts)
    ) + "</speak>"


class Worker:
    """One speech-dispatcher connection serving the kiosk's commands; `run` is the whole life."""

    def __init__(self, out: IO[bytes], volume: float, where: ssip.Address | None = None,
                 kept: Path | None = None) -> None:
        self.out = out
        self.volume = max(0.0, min(1.0, volume))
        self.where = where or ssip.address()
        self.kept = kept  # the file that keeps the voices between workers (None: none)
        self.modules: list[str] = []  # speech-dispatcher's output modules: what voices it has
        self.unchecked = False  # the voices came from the file: check them before leaving
        self.inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.connection: ssip.Connection | None = None
        self.voices: dict[str, ssip.Voice] = {}
        self.state = "idle"
        self.message = 0  # the id of the message being spoken (0: none)
        self.text: list[str] = []  # its sentences, kept for resume
        self.language = ""
        self.sentence = 0  # the last sentence the speech reached
        self.set_language = ""  # what speech-dispatcher was last told, to tell it only changes

    # -- the kiosk's side ----------------------------------------------------------------------
    def send(self, event: dict[str, object]) -> None:
        try:
            self.out.write(json.dumps(event, ensure_ascii=True).encode("ascii") + b"\n")
        except OSError:  # the kiosk is gone: nobody left to speak for
            raise SystemExit(0) from None

    def read_commands(self, stream: IO[bytes]) -> None:
        """On its own thread: each JSON command into the inbox, then "eof"."""
        read_commands(stream, lambda command: self.inbox.put(("command", command)))
        self.inbox.put(("eof", None))
        leave_soon()

    # -- the loop ------------------------------------------------------------------------------
    def run(self, commands: IO[bytes]) -> int:
        """Open speech-dispatcher, say "ready", then serve until standard input closes (0) or
        the engine fails ("failed" said, 1)."""
        threading.Thread(target=self.read_commands, args=(commands,), name="speech-commands",
                         daemon=True).start()
        try:
            self.open()
        except ssip.NoServerError as exc:
            return self.fail(str(exc), final=exc.final)
        except ssip.SSIPError as exc:
            return self.fail(f"speech-dispatcher did not open: {exc}", final=False)
        while True:
            kind, item = self.inbox.get()
            try:
                if kind == "eof":
                    self.close()
                    return 0
                if kind == "closed":
                    return self.fail(f"the speech engine stopped working: {item}", final=False)
                if kind == "event":
                    self.on_event(item)
                else:
                    self.on_command(item)
            except ssip.SSIPError as exc:
                return self.fail(f"the speech engine stopped working: {exc}", final=False)

    def fail(self, reason: str, final: bool) -> int:
        self.send({"event": "failed", "reason": reason, "final": final})
        return 1

    def open(self) -> None:
        connection = ssip.connect(self.where, lambda e: self.inbox.put(("event", e)),
                                  lambda why: self.inbox.put(("closed", why)))
        self.connection = connection
        connection.command(f"SET self CLIENT_NAME {CLIENT_NAME}")
        connection.command("SET self NOTIFICATION ALL on")
        connection.command("SET self SSML_MODE on")
        connection.command(f"SET self VOLUME {self.ssip_volume()}")
        self.modules = list(connection.command("LIST OUTPUT_MODULES").lines)
        kept = self.recall()
        if kept:
            self.voices, self.unchecked = kept, True
        else:
            self.voices = choose_voices(connection.voices())
            self.remember()
        self.send({"event": "ready", "engine": ENGINE, "voices": sorted(self.voices),
                   "voice_names": {k: v.name for k, v in sorted(self.voices.items())}})

    def recall(self) -> dict[str, ssip.Voice]:
        """The voices the file keeps for these output modules ({} if none, or unreadable)."""
        if self.kept is None:
            return {}
        try:
            kept = json.loads(self.kept.read_text(encoding="utf-8"))
            if kept["output_modules"] != self.modules:
                return {}
            return {str(language): ssip.Voice(str(name), str(tag), "none")
                    for language, (name, tag) in kept["voices"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def remember(self) -> None:
        if self.kept is None:
            return
        from kiosk.core.atomic_file import write_atomically  # noqa: PLC0415 - only when written

        text = json.dumps({"output_modules": self.modules, "voices": {
            language: [voice.name, voice.language] for language, voice in self.voices.items()}},
            ensure_ascii=False, indent=1)
        try:
            write_atomically(self.kept, text + "\n")
        except OSError as exc:
            print(f"speech worker: could not keep the voice list in {self.kept}: {exc}",
                  file=sys.stderr)

    def close(self) -> None:
        """Standard input closed: silence (speech-dispatcher would read a text to its end after
        its client left), the voice list checked if it came from the file, then goodbye."""
        if self.connection is not None:
            try:
                if self.message:
                    self.connection.command("CANCEL self")
                if self.unchecked:
                    # Idle now, and nobody waits: the list, for the next worker's sake.
                    found = ssip.parse_voices(self.connection.command(
                        "LIST SYNTHESIS_VOICES", CHECK_TIMEOUT_S).lines)
                    fresh = choose_voices(found)
                    if fresh != self.voices:
                        self.voices = fresh
                        self.remember()
            except ssip.SSIPError:
                pass
            self.connection.close()

    def ssip_volume(self) -> int:
        return round(self.volume * 200) - 100  # SSIP's -100 .. 100; 0.8 → 60

    def on_command(self, command: dict[str, Any]) -> None:
        action = command.get("cmd")
        if action == "volume":
            try:
                self.volume = max(0.0, min(1.0, float(command.get("value", self.volume))))
            except (TypeError, ValueError):
                return
            self.ssip_command(f"SET self VOLUME {self.ssip_volume()}")  # from the next text on
        elif action == "say":
            language = str(command.get("lang", ""))
            if language in self.voices:
                self.speak(sentences(str(command.get("text", ""))), language, 0)
        elif action == "pause":
            if self.state == "speaking":
                self.cancel()
                self.changed("paused")
        elif action == "resume":
            if self.state == "paused":
                self.speak(self.text, self.language, self.sentence)
        elif action == "stop":
            self.cancel()
            self.text = []
            self.changed("idle")
        else:
            print(f"speech worker: unknown command {action!r}", file=sys.stderr)

    def ssip_command(self, line: str) -> None:
        if self.connection is not None:
            self.connection.command(line)

    def cancel(self) -> None:
        """End this client's speech, spoken or still queued; its events are ignored from now."""
        if self.message:
            self.message = 0
            self.ssip_command("CANCEL self")

    def speak(self, text: list[str], language: str, first: int) -> None:
        self.cancel()
        self.text, self.language, self.sentence = text, language, first
        if first >= len(text) or self.connection is None:
            self.changed("idle")
            return
        voice = self.voices[language]
        if self.set_language != language:
            # The voice's own tag, so the variant is right even where the name is not used.
            self.ssip_command(f"SET self LANGUAGE {voice.language}")
            self.ssip_command(f"SET self SYNTHESIS_VOICE {voice.name}")
            self.set_language = language
        self.message = self.connection.speak(ssml(text[first:], first))

    def on_event(self, event: ssip.Event) -> None:
        if event.message != self.message or not self.message:
            return  # a text this worker already cancelled, or another client's
        if event.kind == "index_mark":
            if event.mark.isdigit():
                self.sentence = int(event.mark)
        elif event.kind in ("begin", "resume"):
            self.changed("speaking")
        elif event.kind in ("end", "cancel"):
            self.message = 0
            self.text = []
            self.changed("idle")
        elif event.kind == "pause":
            self.changed("paused")

    def changed(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.send({"event": "state", "state": state})


def main(volume: float) -> NoReturn:
    # As the Qt worker: the kiosk alone ends this process, by closing its input.
    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    out = protocol_output()
    try:
        code = Worker(out, volume, kept=paths.speech_voices_file()).run(sys.stdin.buffer)
    except SystemExit as exc:  # the kiosk went away mid-sentence
        code = exc.code if isinstance(exc.code, int) else 0
    sys.stderr.flush()
    os._exit(code)  # the reader threads may still be blocked: leave at once
