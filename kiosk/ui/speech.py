"""Read aloud: speaks a page in its own language with the platform's speech engine
(speech-dispatcher with espeak-ng on Linux, SAPI/WinRT on Windows), through QtTextToSpeech.

Until the engine reports in, and wherever it has no voice for a language, `can_speak` is False,
the Listen control is hidden, and the log says why: a patient never meets a button that does
nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QLocale, QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

# The test engine is only used when asked for by name.
_TEST_ENGINES = frozenset({"mock"})


class _Engine(QObject):
    """Owns the QTextToSpeech object and reports what it can do through signals."""

    ready = Signal(str, list)  # engine name, language codes with a voice
    failed = Signal(str)
    state = Signal(str)  # "idle", "speaking", "paused"

    def __init__(self, wanted: str, volume: float) -> None:
        super().__init__()
        self.wanted = wanted
        self.volume = volume
        self.tts: Any = None
        self.locales: dict[str, Any] = {}

    @Slot()
    def open(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - optional module
        except ImportError as exc:
            self.failed.emit(f"QtTextToSpeech is not available ({exc})")
            return
        engines = list(QTextToSpeech.availableEngines())
        if self.wanted:
            choice = self.wanted if self.wanted in engines else ""
        else:
            choice = next((e for e in engines if e not in _TEST_ENGINES), "")
        if not choice:
            named = f" named {self.wanted!r}" if self.wanted else ""
            self.failed.emit(f"no speech engine{named} (engines found: "
                             f"{', '.join(engines) or 'none'}); on Linux install "
                             "speech-dispatcher and espeak-ng")
            return
        tts = QTextToSpeech(choice, self)
        if tts.state() == QTextToSpeech.State.Error:
            self.failed.emit(f"the {choice} speech engine failed to start: {tts.errorString()}")
            return
        self.tts = tts
        tts.setVolume(self.volume)
        tts.stateChanged.connect(self._changed)
        for loc in tts.availableLocales():
            code = QLocale.languageToCode(loc.language())
            self.locales.setdefault(code, loc)
        self.ready.emit(choice, sorted(self.locales))

    def _changed(self, state: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415

        self.state.emit({QTextToSpeech.State.Speaking: "speaking",
                         QTextToSpeech.State.Synthesizing: "speaking",
                         QTextToSpeech.State.Paused: "paused"}.get(state, "idle"))

    @Slot(str, str)
    def say(self, text: str, language: str) -> None:
        if self.tts is None or language not in self.locales:
            return
        self.tts.stop()
        self.tts.setLocale(self.locales[language])
        self.tts.say(text)

    @Slot()
    def pause(self) -> None:
        if self.tts is not None:
            self.tts.pause()

    @Slot()
    def resume(self) -> None:
        if self.tts is not None:
            self.tts.resume()

    @Slot()
    def stop(self) -> None:
        if self.tts is not None:
            self.tts.stop()

    @Slot(float)
    def set_volume(self, volume: float) -> None:
        if self.tts is not None:
            self.tts.setVolume(volume)


class Speaker(QObject):
    """The UI's handle on read-aloud. The engine is opened on the UI thread (QtTextToSpeech
    crashes when created on another thread while the window is being shown), but only once the
    window is up, so a slow engine never delays the first screen."""

    state_changed = Signal(str)  # "idle", "speaking", "paused"

    def __init__(self, engine: str = "", volume: float = 0.8, open_after_ms: int = 500) -> None:
        super().__init__()
        self.engine_name = ""
        self.reason = "the speech engine has not started yet"
        self.voices: frozenset[str] = frozenset()
        self.volume = max(0.0, min(1.0, volume))
        self.state = "idle"
        self.engine = _Engine(engine, self.volume)
        self.engine.ready.connect(self._ready)
        self.engine.failed.connect(self._failed)
        self.engine.state.connect(self._state)
        QTimer.singleShot(open_after_ms, self.engine.open)

    @property
    def available(self) -> bool:
        return bool(self.engine_name)

    def can_speak(self, language: str) -> bool:
        return language in self.voices

    def speak(self, text: str, language: str) -> None:
        if self.can_speak(language):
            self.engine.say(text, language)

    def pause(self) -> None:
        if self.state == "speaking":
            self.engine.pause()

    def resume(self) -> None:
        if self.state == "paused":
            self.engine.resume()

    def stop(self) -> None:
        if self.state != "idle":
            self.engine.stop()

    def set_volume(self, volume: float) -> None:
        self.volume = max(0.0, min(1.0, volume))
        self.engine.set_volume(self.volume)

    def shutdown(self) -> None:
        self.stop()

    def _ready(self, name: str, voices: list[str]) -> None:
        self.engine_name = name
        self.voices = frozenset(voices)
        self.reason = ""
        log.info("read aloud uses the %s speech engine (voices for: %s)", name,
                 ", ".join(voices) or "none")
        self.state_changed.emit(self.state)

    def _failed(self, reason: str) -> None:
        self.reason = reason
        log.warning("read aloud is off: %s", reason)

    def _state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)
