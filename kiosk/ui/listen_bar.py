"""Read aloud, in the top bar: Listen (then Pause, Resume) and Stop, for the page on screen.

Shown only on a page or an answer whose language has a voice (or, while the engine is starting,
had one last time), and never during the slideshow; speech belongs to the page it was started
on, so any move elsewhere stops it. A page shown to a patient wakes the speech worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.content.model import Page
from kiosk.ui.speech import Speaker
from kiosk.ui.strings import Strings
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import button


class ListenBar(QWidget):
    def __init__(self, m: Metrics, strings: Callable[[], Strings],
                 speaker: Speaker | None) -> None:
        super().__init__()
        self.strings = strings
        self.speaker = speaker
        self.default_volume = speaker.volume if speaker is not None else 0.0
        self.page: Page | None = None
        self.language = ""
        self.paused_for_slideshow = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(m.gap)
        self.listen = button("", "")
        self.stop_button = button("", "", secondary=True)
        row.addWidget(self.listen)
        row.addWidget(self.stop_button)
        self.listen.clicked.connect(self._listen_pressed)
        self.stop_button.clicked.connect(self.stop)
        if speaker is not None:
            speaker.state_changed.connect(self._state_changed)
        self.refresh()

    def show_for(self, page: Page | None, language: str, slideshow_running: bool) -> None:
        """The page now on screen (None: home or the questions menu): speech stops."""
        self.page = page
        self.language = (page.language if page is not None else "") or language
        self.paused_for_slideshow = slideshow_running
        if self.speaker is not None:
            self.speaker.stop()
            if page is not None and not slideshow_running:
                self.speaker.wake()
        self.refresh()

    def stop(self) -> None:
        if self.speaker is not None:
            self.speaker.stop()
        self.refresh()

    def forget_visit(self) -> None:
        """A new patient: silence, and the volume the kiosk was set up with."""
        self.stop()
        if self.speaker is not None and self.speaker.volume != self.default_volume:
            self.speaker.set_volume(self.default_volume)

    def _listen_pressed(self) -> None:
        speaker = self.speaker
        if speaker is None or self.page is None:
            return
        if speaker.state == "starting":
            return  # already asked for: it speaks as soon as the engine is ready
        if speaker.state == "speaking":
            speaker.pause()
        elif speaker.state == "paused":
            speaker.resume()
        else:
            speaker.speak(self.page.text, self.language)
        self.refresh()

    def _state_changed(self, _state: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Listen's label says what a tap will do; Stop shows while speech is under way."""
        s = self.strings()
        speaker = self.speaker
        can = (speaker is not None and self.page is not None and not self.paused_for_slideshow
               and speaker.offers(self.language))
        state = speaker.state if speaker is not None else "idle"
        key = {"speaking": "pause", "paused": "resume", "starting": "starting"}.get(
            state, "listen")
        self.listen.setText(s(key))
        self.listen.setAccessibleName(s(key))
        self.listen.setAccessibleDescription(
            {"speaking": s("listen") + ": …", "paused": s("pause"),
             "starting": s("listen") + ": …"}.get(state, ""))
        self.stop_button.setText("■  " + s("stop"))
        self.stop_button.setAccessibleName(s("stop"))
        self.stop_button.setVisible(can and state != "idle")
        # Hidden as a whole, so the top bar keeps no gap for it.
        self.setVisible(can)
