"""Left alone on the home screen, the kiosk pages through every section by itself, each page
held for a time that fits its length, for patients watching from their chairs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content.model import Language, Page

log = logging.getLogger(__name__)

WORDS_PER_SECOND = 2.5  # slow, older readers at a distance
MIN_HOLD_S = 8.0
MAX_HOLD_S = 40.0


def hold_seconds(page: Page) -> float:
    return max(MIN_HOLD_S, min(MAX_HOLD_S, 3.0 + page.word_count / WORDS_PER_SECOND))


class Slideshow(QObject):
    """Drives the window through (section, page) steps; knows nothing of widgets."""

    show_step = Signal(str, int)  # section id, page index
    started = Signal()
    stopped = Signal()

    def __init__(self, idle_seconds: float, hold_scale: float = 1.0) -> None:
        super().__init__()
        self.idle_seconds = idle_seconds
        self.hold_scale = hold_scale  # tests shorten the holds through this
        self.steps: list[tuple[str, int, Page]] = []
        self.position = 0
        self.running = False
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.start)
        self.hold_timer = QTimer(self)
        self.hold_timer.setSingleShot(True)
        self.hold_timer.timeout.connect(self._advance)

    def set_language(self, language: Language) -> None:
        # Hold times are worked out as each page comes up: counting words renders the page,
        # and the kiosk's start renders only what is shown.
        self.steps = [
            (section.id, index, page)
            for section in language.sections
            for index, page in enumerate(section.pages)
        ]
        self.position = 0

    def arm(self) -> None:
        """On the home screen with no one touching: count down to starting."""
        if self.idle_seconds > 0 and not self.running:
            self.idle_timer.start(round(self.idle_seconds * 1000))

    def disarm(self) -> None:
        self.idle_timer.stop()

    def start(self) -> None:
        if not self.steps or self.running:
            return
        log.info("slideshow started")
        self.running = True
        self.position = 0
        self.started.emit()
        self._show()

    def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        self.hold_timer.stop()
        self.idle_timer.stop()
        self.stopped.emit()

    def _show(self) -> None:
        section_id, index, page = self.steps[self.position]
        self.show_step.emit(section_id, index)
        self.hold_timer.start(round(hold_seconds(page) * self.hold_scale * 1000))

    def _advance(self) -> None:
        if not self.running:
            return
        self.position = (self.position + 1) % len(self.steps)
        self._show()
