"""The installer's check screen, opened from the staff panel ("Check this screen"): what IT
needs on the spot, with a finger and no keyboard. A touch test (touch_grid.py), a sound test
(sound_test.py), a sentence spoken in each of the content's languages by the kiosk's own read
aloud, and the facts: the screen's size, physical size, DPI and rotation, the content folder and
fingerprint, what is on screen, the version, the log file and the speech engine and voices."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Library
from kiosk.core.patient_words import language_name
from kiosk.ui.sound_test import TonePlayer
from kiosk.ui.speech import Speaker
from kiosk.ui.staff import StaffInfo
from kiosk.ui.theme import Metrics, Palette
from kiosk.ui.touch_grid import TouchGrid, px_per_mm
from kiosk.ui.widgets import Overlay, button, label, touch_scroll_area

# A short sentence for each language the kiosk has words for; any other language says its
# own content's title.
SENTENCES = {
    "en": "This is the waiting room screen, reading aloud in English.",
    "es": "Esta es la pantalla de la sala de espera, leyendo en voz alta en español.",
}
VOLUME_STEP = 0.1
_ORIENTATIONS = {
    Qt.ScreenOrientation.PortraitOrientation: "portrait",
    Qt.ScreenOrientation.LandscapeOrientation: "landscape",
    Qt.ScreenOrientation.InvertedPortraitOrientation: "portrait, upside down",
    Qt.ScreenOrientation.InvertedLandscapeOrientation: "landscape, upside down",
}


def screen_facts(screen: QScreen | None) -> list[str]:
    """The screen as Qt sees it, in words an installer can compare with the monitor's label."""
    if screen is None:
        return ["Screen: none found."]
    size = screen.geometry().size()
    physical = screen.physicalSize()
    per_mm, guessed = px_per_mm(screen.physicalDotsPerInch())
    turned = screen.angleBetween(screen.nativeOrientation(), screen.orientation())
    lines = [f"Screen: {screen.name() or 'unnamed'}"
             + (f" ({screen.model()})" if screen.model() else ""),
             f"Size: {size.width()} × {size.height()} px, "
             f"{_ORIENTATIONS.get(screen.orientation(), 'unknown orientation')}, "
             f"turned {turned}° from the panel's own"]
    if physical.width() > 0 and physical.height() > 0:
        inches = math.hypot(physical.width(), physical.height()) / 25.4
        lines.append(f"Physical size: {physical.width():.0f} × {physical.height():.0f} mm "
                     f"({inches:.1f}-inch)" + (" — not plausible, so sizes use a 24-inch "
                                               "screen's" if guessed else ""))
    else:
        lines.append("Physical size: not reported, so sizes use a 24-inch screen's")
    lines.append(f"DPI: {screen.logicalDotsPerInch():.0f} logical, "
                 f"{screen.physicalDotsPerInch():.0f} physical ({per_mm:.2f} px per mm); "
                 f"device pixel ratio {screen.devicePixelRatio():g}")
    return lines


class InstallCheck(Overlay):
    """Covers the whole window, over the staff panel; Back returns to it."""

    def __init__(self, parent: QWidget, m: Metrics, info: Callable[[], StaffInfo],
                 library: Callable[[], Library], speaker: Speaker | None,
                 palette: Callable[[], Palette], player: TonePlayer | None = None) -> None:
        super().__init__(parent, m, "Check this screen")
        self.full_height()  # the whole window, not a centred card
        self.info = info
        self.library = library
        self.speaker = speaker
        self.player = player or TonePlayer()
        self.metrics = m
        self.grid = TouchGrid(parent, m, palette)
        top = QHBoxLayout()
        self.heading = label("Check this screen", "Heading")
        top.addWidget(self.heading, 1)
        self.touch_button = button("Touch test", "Touch test: a grid that shows each touch")
        self.back = button("Back", "Back to the staff panel", secondary=True)
        top.addWidget(self.touch_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.back, 0, Qt.AlignmentFlag.AlignTop)
        self.top = top
        self.body.addLayout(top)

        self.facts = label("", "Message")
        self.fixed_facts: list[str] = []  # all but read aloud's, gathered by `refresh`
        self.facts.setAccessibleName("Facts about this screen")
        self.facts.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.facts_area = touch_scroll_area(self.facts)

        controls = QWidget()
        column = QVBoxLayout(controls)
        column.setContentsMargins(0, 0, 0, 0)
        self.column = column
        self.sound_status = label("Sound test: a tone on one side at a time.", "Welcome")
        column.addWidget(self.sound_status)
        sides = QHBoxLayout()
        self.side_buttons = {
            channel: button(channel.capitalize(), f"Play a tone on {where}", secondary=True)
            for channel, where in (("left", "the left speaker"), ("right", "the right speaker"),
                                   ("both", "both speakers"))}
        for channel, b in self.side_buttons.items():
            b.clicked.connect(lambda _=False, c=channel: self.player.play(c))
            sides.addWidget(b)
        column.addLayout(sides)
        volume = QHBoxLayout()
        self.quieter = button("−", "Quieter", secondary=True)
        self.louder = button("+", "Louder", secondary=True)
        self.level = label("", "Counter", wrap=False)
        self.level.setAlignment(Qt.AlignmentFlag.AlignCenter)
        volume.addWidget(self.quieter)
        volume.addWidget(self.level, 1)
        volume.addWidget(self.louder)
        column.addLayout(volume)
        self.speech_status = label("", "Welcome")
        column.addWidget(self.speech_status)
        self.languages = QGridLayout()
        column.addLayout(self.languages)
        column.addStretch(1)
        self.language_buttons: dict[str, QWidget] = {}
        self.rows = (sides, volume, top)

        self.main = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.main.addWidget(self.facts_area, 1)
        self.main.addWidget(controls, 1)
        self.body.addLayout(self.main, 1)

        self.touch_button.clicked.connect(self.grid.open)
        self.back.clicked.connect(self.close_check)
        self.quieter.clicked.connect(lambda: self._volume(-VOLUME_STEP))
        self.louder.clicked.connect(lambda: self._volume(VOLUME_STEP))
        self.player.status_changed.connect(self.sound_status.setText)
        if speaker is not None:
            speaker.state_changed.connect(self._speech_changed)
        self.fit(m)

    # -- screen and layout --------------------------------------------------------------------
    def fit(self, m: Metrics) -> None:
        """Full screen (not a card): wide, the facts beside the controls; tall, below them."""
        super().fit(m)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.card.setMaximumWidth(16777215)
        pad = m.px(24)
        self.body.setContentsMargins(pad, pad, pad, pad)
        self.body.setSpacing(m.gap)
        if not hasattr(self, "main"):
            return  # Overlay's own set-up, before the screen's parts exist
        self.metrics = m
        self.main.setDirection(QBoxLayout.Direction.BottomToTop if m.portrait
                               else QBoxLayout.Direction.LeftToRight)
        # Tall: the controls as high as they need, the facts straight below them.
        self.main.setStretch(1, 0 if m.portrait else 1)
        self.main.setSpacing(m.gap)
        self.column.setSpacing(m.gap)
        for row in self.rows:
            row.setSpacing(m.gap)
        self.languages.setSpacing(m.gap)
        self.grid.fit(m)
        if self.isVisible():
            self.refresh()  # the screen changed under it (turned, another mode)

    def open(self) -> None:
        if self.speaker is not None:
            self.speaker.wake()  # its engine opens while the installer reads
        self.refresh()
        super().open()

    def close_check(self) -> None:
        self.player.stop()
        self.grid.hide()
        self.hide()

    def refresh(self) -> None:
        self.fixed_facts = self.fact_lines()
        self._show_facts()
        self.level.setText(f"Volume {round(self.player.volume * 100)} %")
        self._make_language_buttons()
        self._speech_changed()
        if not self.player.playing:
            output = self.player.output_name()
            self.sound_status.setText(
                f"Sound test: a tone on one side at a time ({output})." if output
                else f"Sound test: {self.player.unavailable()}")

    def fact_lines(self) -> list[str]:
        """Everything but read aloud: the screen, the layout and the staff panel's facts."""
        info = self.info()
        window = self.parentWidget()
        screen = window.screen() if window is not None else self.screen()
        m = self.metrics
        lines = [*screen_facts(screen),
                 f"Laid out for: {m.width} × {m.height} px, scale {m.scale:.2f}, touch "
                 f"targets {m.target} px",
                 f"Version: {info.version}",
                 f"Content folder: {info.content_folder}",
                 info.on_screen or ("On screen: the last good content." if
                                    info.showing_last_good else "On screen: the newest content."),
                 f"Content fingerprint: {info.fingerprint or 'not known'}",
                 f"Log file: {info.log_file or 'not written to a file'}"]
        return lines

    def _show_facts(self) -> None:
        """The facts gathered on open (or a screen change) and read aloud's, which changes
        while the screen is open."""
        self.facts.setText("\n".join([*self.fixed_facts, self._speech_fact()]))

    # -- read aloud ---------------------------------------------------------------------------
    def _speech_fact(self) -> str:
        speaker = self.speaker
        if speaker is None:
            return "Read aloud: off in the settings (read_aloud = false)."
        if not speaker.available:
            return ("Read aloud: the speech engine is starting." if speaker.starting
                    else f"Read aloud: not working ({speaker.reason}).")
        voices = "; ".join(f"{language_name(code)}: {speaker.voice_names.get(code, 'a voice')}"
                           for code in self._codes() if speaker.can_speak(code))
        missing = [language_name(c) for c in self._codes() if not speaker.can_speak(c)]
        return (f"Read aloud: the {speaker.engine_name} engine. Voices found: {voices or 'none'}"
                + (f". No voice for: {', '.join(missing)}." if missing else "."))

    def _codes(self) -> list[str]:
        return [language.code for language in self.library().languages]

    def _make_language_buttons(self) -> None:
        codes = self._codes()
        if list(self.language_buttons) == codes:
            return
        for widget in self.language_buttons.values():
            self.languages.removeWidget(widget)
            widget.deleteLater()
        self.language_buttons = {}
        for index, code in enumerate(codes):
            b = button(f"Say {language_name(code)}",
                       f"Say a sentence in {language_name(code)}", secondary=True)
            b.clicked.connect(lambda _=False, c=code: self.say(c))
            self.languages.addWidget(b, index // 2, index % 2)
            self.language_buttons[code] = b

    def say(self, code: str) -> None:
        speaker = self.speaker
        if speaker is None:
            self.speech_status.setText("Read aloud is off in the settings.")
            return
        if not speaker.offers(code):
            self.speech_status.setText(f"No voice for {language_name(code)}.")
            return
        language = next(lang for lang in self.library().languages if lang.code == code)
        speaker.speak(SENTENCES.get(code, language.title), code)
        self.speech_status.setText(f"Saying a sentence in {language_name(code)}…")

    def _speech_changed(self, state: str = "") -> None:
        speaker = self.speaker
        if speaker is None:
            text = "Read aloud is off in the settings."
        elif speaker.available:
            names = [language_name(c) for c in self._codes() if speaker.can_speak(c)]
            text = (f"Read aloud: a voice for {', '.join(names)}." if names
                    else "Read aloud: no voice for the content's languages.")
            if state == "speaking":
                text = "Speaking…"
        elif speaker.starting:
            text = "Read aloud: starting the speech engine…"
        else:
            text = "Read aloud is not working: no speech engine."
        self.speech_status.setText(text)
        if self.isVisible():
            self._show_facts()  # the staff info (a usage query) is not gathered again

    def _volume(self, change: float) -> None:
        self.player.set_volume(round((self.player.volume + change) * 10) / 10)
        self.level.setText(f"Volume {round(self.player.volume * 100)} %")
