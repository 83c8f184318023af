"""The installer's sound test: a one-second tone on the left, the right or both channels, at a
volume they choose, through Qt Multimedia's QAudioSink and the system's default output (on
Linux, PulseAudio or PipeWire; its media plugins, FFmpeg and the like, are not needed).

Qt Multimedia is imported on first use, not at the kiosk's start: most kiosks never open the
check screen. Without it, or without a sound output, `status` says so in plain words and
nothing is played."""

from __future__ import annotations

import logging
import math
import struct
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QTimer, Signal

log = logging.getLogger(__name__)

CHANNELS = ("left", "right", "both")
TONE_HZ = {"left": 440.0, "right": 660.0, "both": 550.0}  # a different pitch for each side
TONE_S = 1.0
RATE = 48000
FADE_S = 0.02  # a short fade in and out: no click at either end
NO_OUTPUT = "No sound output found."


def tone(channel: str, seconds: float = TONE_S, rate: int = RATE) -> bytes:
    """Signed 16-bit stereo PCM: a sine on `channel` ("left", "right" or "both"), silence on
    the other side."""
    frequency = TONE_HZ[channel]
    left, right = channel in ("left", "both"), channel in ("right", "both")
    count = round(seconds * rate)
    fade = max(1, round(FADE_S * rate))
    samples = bytearray()
    for n in range(count):
        envelope = min(1.0, n / fade, (count - 1 - n) / fade)
        value = round(0.5 * 32767 * envelope * math.sin(2 * math.pi * frequency * n / rate))
        samples += struct.pack("<hh", value if left else 0, value if right else 0)
    return bytes(samples)


class TonePlayer(QObject):
    """Plays one tone at a time. `status_changed` carries what to tell the installer."""

    status_changed = Signal(str)

    def __init__(self, volume: float = 0.8) -> None:
        super().__init__()
        self.volume = max(0.0, min(1.0, volume))
        self.status = ""
        self.playing = ""  # the channel being played, "" when quiet
        self.sink: Any = None  # QAudioSink while a tone plays
        self._buffer: QBuffer | None = None
        # Looks at the sink while a tone plays (PySide6 cannot pass QAudioSink.stateChanged's
        # argument to Python: "QAudio::State cannot be converted"), and only then.
        self._watch = QTimer(self)
        self._watch.setInterval(100)
        self._watch.timeout.connect(self._look)

    def output_name(self) -> str:
        """The default sound output's name, or "" when there is none (or no Qt Multimedia)."""
        try:
            from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415 - on first use
        except ImportError:
            return ""
        device = QMediaDevices.defaultAudioOutput()
        return "" if device.isNull() else device.description()

    def play(self, channel: str) -> None:
        self.stop()
        try:
            from PySide6.QtMultimedia import (  # noqa: PLC0415 - on first use
                QAudioFormat,
                QAudioSink,
                QMediaDevices,
                QtAudio,
            )
        except ImportError as error:
            self._say(f"The sound test needs Qt Multimedia, which is not installed ({error}).")
            return
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._say(NO_OUTPUT)
            return
        wanted = QAudioFormat()
        wanted.setSampleRate(RATE)
        wanted.setChannelCount(2)
        wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(wanted):
            self._say(f"The sound output ({device.description()}) cannot play a test tone.")
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(tone(channel)))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        sink = QAudioSink(device, wanted, self)
        sink.setVolume(self.volume)
        self.sink, self._buffer, self.playing = sink, buffer, channel
        sink.start(buffer)
        self._watch.start()
        if sink.error() != QtAudio.Error.NoError:
            self._failed(sink, device.description())
            return
        where = {"left": "the left speaker", "right": "the right speaker",
                 "both": "both speakers"}[channel]
        self._say(f"Playing a tone on {where} ({device.description()}).")
        log.info("sound test: a tone on %s through %s at %d %%", channel, device.description(),
                 round(self.volume * 100))

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        if self.sink is not None:
            self.sink.setVolume(self.volume)

    def stop(self) -> None:
        self._watch.stop()
        sink, self.sink = self.sink, None
        if sink is not None:
            sink.stop()
            sink.deleteLater()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self.playing = ""

    def _look(self) -> None:
        from PySide6.QtMultimedia import QtAudio  # noqa: PLC0415 - imported by `play`

        sink = self.sink
        if sink is None:
            self._watch.stop()
            return
        state = sink.state()
        if state == QtAudio.State.IdleState:  # the whole tone was played
            channel = self.playing
            self.stop()
            self._say(f"Played a tone on the {channel} channel." if channel != "both"
                      else "Played a tone on both channels.")
        elif state == QtAudio.State.StoppedState and sink.error() != QtAudio.Error.NoError:
            self._failed(sink, self.output_name() or "the sound output")

    def _failed(self, sink: Any, name: str) -> None:
        error = sink.error()
        self.stop()
        self._say(f"The sound output ({name}) did not play the tone ({error.name}).")
        log.warning("sound test: %s did not play the tone (%s)", name, error.name)

    def _say(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)
