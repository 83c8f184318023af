"""Text size, colours and reading-voice volume, chosen by the patient for this visit only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.ui.strings import Strings
from kiosk.ui.theme import TEXT_STEPS, Metrics
from kiosk.ui.widgets import Overlay, button, label

VOLUME_STEP = 0.2


class DisplayOptions(Overlay):
    text_step_chosen = Signal(int)
    contrast_chosen = Signal(bool)
    volume_changed = Signal(float)

    def __init__(self, parent: QWidget, m: Metrics, strings: Callable[[], Strings]) -> None:
        super().__init__(parent, m, "Text size and contrast")
        self.m = m
        self.strings = strings
        self.volume = 0.8
        self.speech_available = False
        self.heading = label("", "Heading")
        self.body.addWidget(self.heading)
        self.size_label = label("", "Welcome")
        self.body.addWidget(self.size_label)
        self.sizes = [button("", "") for _ in TEXT_STEPS]
        self.body.addLayout(self._row(self.sizes))
        self.contrast_label = label("", "Welcome")
        self.body.addWidget(self.contrast_label)
        self.contrasts = [button("", ""), button("", "")]
        self.body.addLayout(self._row(self.contrasts))
        self.volume_label = label("", "Welcome")
        self.body.addWidget(self.volume_label)
        self.quieter = button("", "", secondary=True)
        self.louder = button("", "", secondary=True)
        self.volume_row = QWidget()
        self.volume_row.setLayout(self._row([self.quieter, self.louder]))
        self.body.addWidget(self.volume_row)
        self.done = button("", "")
        self.body.addWidget(self.done)
        for index, b in enumerate(self.sizes):
            b.clicked.connect(lambda _=False, i=index: self.text_step_chosen.emit(i))
        self.contrasts[0].clicked.connect(lambda: self.contrast_chosen.emit(False))
        self.contrasts[1].clicked.connect(lambda: self.contrast_chosen.emit(True))
        self.quieter.clicked.connect(lambda: self._volume(-VOLUME_STEP))
        self.louder.clicked.connect(lambda: self._volume(VOLUME_STEP))
        self.done.clicked.connect(self.hide)

    def _row(self, buttons: list[QPushButton]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(self.m.gap)
        for b in buttons:
            row.addWidget(b, 1)
        return row

    def present(self, text_step: int, high_contrast: bool, volume: float | None) -> None:
        """Open on the visit's choices; `volume` None: no read aloud, so no volume row."""
        self.speech_available = volume is not None
        if volume is not None:
            self.volume = volume
        self.show_state(text_step, high_contrast)
        self.open()

    def show_state(self, text_step: int, high_contrast: bool) -> None:
        """Words in the patient's language; the current choice marked by a tick and a filled
        button (never by colour alone)."""
        s = self.strings()
        self.heading.setText(s("display_name"))
        self.size_label.setText(s("text_size"))
        for index, (b, key) in enumerate(zip(self.sizes, ("size_normal", "size_large",
                                                          "size_larger"), strict=True)):
            self._mark(b, s(key), index == text_step, s("selected"))
        self.contrast_label.setText(s("contrast"))
        self._mark(self.contrasts[0], s("standard"), not high_contrast, s("selected"))
        self._mark(self.contrasts[1], s("high_contrast"), high_contrast, s("selected"))
        self.volume_label.setText(s("volume", percent=round(self.volume * 100)))
        self.volume_label.setVisible(self.speech_available)
        self.volume_row.setVisible(self.speech_available)
        for b, key in ((self.quieter, "quieter"), (self.louder, "louder"), (self.done, "done")):
            b.setText(s(key))
            b.setAccessibleName(s(key))

    @staticmethod
    def _mark(b: QPushButton, text: str, chosen: bool, selected: str) -> None:
        b.setText(("✓  " if chosen else "") + text)
        b.setAccessibleName(text)
        b.setAccessibleDescription(selected if chosen else "")
        b.setObjectName("Primary" if chosen else "Secondary")
        b.style().unpolish(b)
        b.style().polish(b)

    def _volume(self, delta: float) -> None:
        self.volume = round(max(0.0, min(1.0, self.volume + delta)), 2)
        self.volume_changed.emit(self.volume)
        s = self.strings()
        self.volume_label.setText(s("volume", percent=round(self.volume * 100)))
