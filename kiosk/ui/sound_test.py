"""The installer's sound test: a one-second tone on the left, the right or both channels, at a
volume they choose, played by the system's own player through its default output.

No Qt Multimedia (the project takes only QtTextToSpeech from PySide6-Addons) and no new
dependency: the tone is a WAV file made with `wave` in a private temporary folder, played on
Linux/BSD by the first of `pw-play` (PipeWire), `paplay` (PulseAudio) and `aplay` (ALSA) found,
started with QProcess so the screen never waits for it; its exit code and first line of stderr
say whether it played. An external player has no volume control of ours, so the volume is in
the samples. On Windows `winsound` plays it. Without a player or a sound output, `status` says
so in plain words."""

from __future__ import annotations

import logging
import math
import os
import shutil
import struct
import sys
import tempfile
import wave
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

log = logging.getLogger(__name__)

CHANNELS = ("left", "right", "both")
TONE_HZ = {"left": 440.0, "right": 660.0, "both": 550.0}  # a different pitch for each side
TONE_S = 1.0
RATE = 48000
FADE_S = 0.02  # a short fade in and out: no click at either end
NO_OUTPUT = "No sound output found."
# The player programs tried in order, with the arguments before the file: PipeWire's, then
# PulseAudio's (also served by pipewire-pulse), then bare ALSA's.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()), ("paplay", ()), ("aplay", ("-q",)))
NO_PLAYER = ("No sound player found: the sound test needs pw-play, paplay or aplay (Debian "
             "packages pipewire-bin, pulseaudio-utils or alsa-utils).")
HANG_MS = 8000  # a one-second tone: a player still running after this is stuck
# Words in a player's error that mean there is no sound server or device to play to.
NO_OUTPUT_WORDS = ("connection failure", "connection refused", "can't connect", "host is down",
                   "audio open error", "no such device")
WHERE = {"left": "the left speaker", "right": "the right speaker", "both": "both speakers"}


def tone(channel: str, seconds: float = TONE_S, rate: int = RATE, volume: float = 0.8) -> bytes:
    """Signed 16-bit stereo PCM: a sine on `channel` ("left", "right" or "both"), silence on
    the other side; its peak is `volume` of full scale."""
    frequency = TONE_HZ[channel]
    left, right = channel in ("left", "both"), channel in ("right", "both")
    count = round(seconds * rate)
    fade = max(1, round(FADE_S * rate))
    peak = 32767 * max(0.0, min(1.0, volume))
    samples = bytearray()
    for n in range(count):
        envelope = min(1.0, n / fade, (count - 1 - n) / fade)
        value = round(peak * envelope * math.sin(2 * math.pi * frequency * n / rate))
        samples += struct.pack("<hh", value if left else 0, value if right else 0)
    return bytes(samples)


def write_tone(path: Path, channel: str, volume: float, seconds: float = TONE_S) -> None:
    """The tone as a WAV file, written whole under another name first: a player still reading
    the last one keeps its own."""
    part = path.with_suffix(".part")
    with wave.open(str(part), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(tone(channel, seconds, RATE, volume))
    os.replace(part, path)


def played(channel: str) -> str:
    return (f"Played a tone on the {channel} channel." if channel != "both"
            else "Played a tone on both channels.")


class TonePlayer(QObject):
    """Plays one tone at a time. `status_changed` carries what to tell the installer.

    `players` and `search_path` (as for `shutil.which`; None: PATH) choose the player program;
    `hang_ms` is how long a player may run before it is taken as stuck and killed."""

    status_changed = Signal(str)

    def __init__(self, volume: float = 0.8, players: Sequence[tuple[str, Sequence[str]]] = PLAYERS,
                 search_path: str | None = None, hang_ms: int = HANG_MS) -> None:
        super().__init__()
        self.volume = max(0.0, min(1.0, volume))
        self.status = ""
        self.playing = ""  # the channel being played, "" when quiet
        self.players = players
        self.search_path = search_path
        self.process: QProcess | None = None
        self._dying: list[QProcess] = []  # killed players not yet reaped
        self.folder: tempfile.TemporaryDirectory[str] | None = None  # while the test is in use
        self._hung = False
        self._hang = QTimer(self)
        self._hang.setSingleShot(True)
        self._hang.setInterval(hang_ms)
        self._hang.timeout.connect(self._kill_hung)
        self._windows_done = QTimer(self)  # winsound says nothing when it ends
        self._windows_done.setSingleShot(True)
        self._windows_done.setInterval(round(TONE_S * 1000))
        self._windows_done.timeout.connect(self._windows_finished)

    def player(self) -> tuple[str, list[str]] | None:
        """The player program's path and arguments before the file, or None without one."""
        for name, arguments in self.players:
            found = shutil.which(name, path=self.search_path)
            if found:
                return found, list(arguments)
        return None

    def output_name(self) -> str:
        """What plays the tone (the player's name), or "" when there is nothing to play it."""
        if sys.platform == "win32":
            return "Windows sound"
        found = self.player()
        return Path(found[0]).name if found else ""

    def unavailable(self) -> str:
        """Why no tone can be played, for the check screen before any is tried."""
        return NO_OUTPUT if sys.platform == "win32" else NO_PLAYER

    def play(self, channel: str) -> None:
        self._halt()
        found = None if sys.platform == "win32" else self.player()
        if sys.platform != "win32" and found is None:
            self._say(NO_PLAYER)
            log.info("sound test: no player (pw-play, paplay or aplay) found")
            return
        if self.folder is None:
            self.folder = tempfile.TemporaryDirectory(prefix="kiosk-sound-test-",
                                                      ignore_cleanup_errors=True)
        path = Path(self.folder.name) / f"tone-{channel}.wav"
        try:
            write_tone(path, channel, self.volume)
        except OSError as error:
            self._say(f"The sound test could not write its tone ({error.strerror}).")
            log.warning("sound test: could not write %s: %s", path, error)
            return
        self.playing = channel
        if sys.platform == "win32":
            self._play_windows(channel, path)
            return
        assert found is not None
        program, arguments = found
        name = Path(program).name
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments([*arguments, str(path)])
        process.finished.connect(
            lambda code, _status, p=process, c=channel, n=name: self._finished(p, c, n, code))
        process.errorOccurred.connect(
            lambda error, p=process, n=name: self._error(p, n, error))
        self.process, self._hung = process, False
        process.start()
        self._hang.start()
        self._say(f"Playing a tone on {WHERE[channel]} ({name}).")
        log.info("sound test: a tone on %s with %s at %d %%", channel, name,
                 round(self.volume * 100))

    def set_volume(self, volume: float) -> None:
        """For the next tone: one already playing keeps its own."""
        self.volume = max(0.0, min(1.0, volume))

    def stop(self) -> None:
        """Silence, and no file left behind (the check screen closed, or the kiosk ends)."""
        self._halt()
        if self.folder is not None:
            self.folder.cleanup()
            self.folder = None

    def dispose(self) -> None:
        """Stop for good as the kiosk ends: a player killed a moment ago is reaped here (a
        SIGKILL takes milliseconds), not left for Qt to warn about at exit."""
        self.stop()
        for process in list(self._dying):
            process.waitForFinished(1000)

    def _halt(self) -> None:
        self._hang.stop()
        self._windows_done.stop()
        process, self.process = self.process, None
        if process is not None:
            # Not waited for: it is reaped when Qt reports it finished, then deleted.
            process.finished.disconnect()
            process.errorOccurred.disconnect()
            process.finished.connect(process.deleteLater)
            if process.state() != QProcess.ProcessState.NotRunning:
                self._dying.append(process)
                process.finished.connect(lambda *_, p=process: self._dying.remove(p))
                process.kill()
            else:
                process.deleteLater()
        if self.playing and sys.platform == "win32":
            import winsound  # noqa: PLC0415 - Windows only

            winsound.PlaySound(None, 0)
        self.playing = ""

    def _finished(self, process: QProcess, channel: str, name: str, code: int) -> None:
        if process is not self.process:
            return
        hung = self._hung
        error = bytes(process.readAllStandardError().data()).decode(errors="replace")
        first = next((line.strip() for line in error.splitlines() if line.strip()), "")
        self._halt()
        if hung:
            self._say(f"The sound test stopped {name}: it was still running after "
                      f"{self._hang.interval() / 1000:g} seconds. Check the sound output.")
            log.warning("sound test: %s hung and was killed", name)
        elif code == 0:
            self._say(played(channel))
        elif any(word in first.lower() for word in NO_OUTPUT_WORDS):
            self._say(f"{NO_OUTPUT[:-1]} ({name}: {first}).")
            log.info("sound test: no sound output (%s: %s)", name, first)
        else:
            reason = f": {first}" if first else f", exit code {code}"
            self._say(f"The sound test's player could not play the tone ({name}{reason}).")
            log.warning("sound test: %s exited with %d: %s", name, code, first)

    def _error(self, process: QProcess, name: str, error: QProcess.ProcessError) -> None:
        if process is not self.process or error != QProcess.ProcessError.FailedToStart:
            return  # a crash or a kill is reported by `finished`
        self._halt()
        self._say(f"The sound test could not start its player ({name}).")
        log.warning("sound test: %s did not start: %s", name, process.errorString())

    def _kill_hung(self) -> None:
        if self.process is not None:
            self._hung = True
            self.process.kill()  # `finished` follows and says so

    def _play_windows(self, channel: str, path: Path) -> None:
        """Untested: there is no Windows here. winsound plays the file asynchronously and says
        nothing when it ends, so the tone is taken as played after its length."""
        if sys.platform == "win32":  # mypy checks winsound on Windows only
            import winsound  # noqa: PLC0415 - Windows only

            try:
                winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
            except RuntimeError as error:
                self.playing = ""
                self._say(f"{NO_OUTPUT[:-1]} ({error}).")
                return
            self._windows_done.start()
            self._say(f"Playing a tone on {WHERE[channel]} (Windows sound).")

    def _windows_finished(self) -> None:
        channel, self.playing = self.playing, ""
        if channel:
            self._say(played(channel))

    def _say(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)
