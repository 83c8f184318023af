"""The kiosk window: routes between home, section pager, FAQ menu and answer, and always shows
where you are, Home, and the standing notice. Views get a library; they never read files."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Language, Library, Page
from kiosk.ui.display_options import TEXT_STEPS, DisplayOptions
from kiosk.ui.faq import FaqAnswerScreen, FaqMenuScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.pager import PagerScreen
from kiosk.ui.slideshow import Slideshow
from kiosk.ui.speech import Speaker
from kiosk.ui.strings import Strings
from kiosk.ui.theme import HIGH_CONTRAST, Metrics, Palette, stylesheet
from kiosk.ui.transitions import Fader
from kiosk.ui.widgets import NoticeBar, button, label

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Location:
    """Where the patient is: enough to come back to the same place after a content reload."""

    screen: str  # "home", "section", "faq", "answer"
    item: str = ""
    index: int = 0


class KioskWindow(QWidget):
    location_changed = Signal(object)  # Location
    language_chosen = Signal(str)  # a patient picked a language on the home screen

    def __init__(
        self,
        library: Library,
        metrics: Metrics,
        font_family: str,
        slideshow: Slideshow,
        palette: Palette | None = None,
        transition_ms: int = 180,
        handout_url: str = "",
        staged: bool = False,
    ) -> None:
        """`staged`: the first home screen makes only the tiles it shows; `prebuild` makes
        the rest once the window is on screen."""
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Waiting Room Kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.base_metrics = metrics
        self.base_palette = palette or Palette()
        self.text_step = 0  # the visit's text size: an index into TEXT_STEPS
        self.high_contrast = False
        self.metrics = metrics
        self.palette_ = self.base_palette
        self.font_family = font_family
        self.speaker: Speaker | None = None
        self.handout_url = handout_url
        self.slideshow = slideshow
        self.locked = False  # kiosk mode: the window refuses to close (see lockdown.py)
        self.quitting = False  # set by the app when it really means to stop
        self.library = library
        self.language_code = library.default.code
        self.location = Location("starting")  # replaced by the first go_home()
        self.measure_px = 0
        self._staged = staged
        self._apply_style()

        m = metrics
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.top_bar = QWidget()
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(m.margin, m.px(20), m.margin, 0)
        top.setSpacing(m.gap)
        self.home_button = button("", "", secondary=True)
        self.home_button.setMinimumWidth(m.px(200))
        self.where = label("", "Location")
        self.where.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.listen = button("", "")
        self.stop_speech = button("", "", secondary=True)
        self.display_button = button("", "", secondary=True)
        top.addWidget(self.home_button)
        top.addWidget(self.where, 1)
        top.addWidget(self.listen)
        top.addWidget(self.stop_speech)
        top.addWidget(self.display_button)
        self.listen.hide()
        self.stop_speech.hide()
        root.addWidget(self.top_bar)
        self.stack = QStackedWidget()
        # Each screen fits itself to the space (scrolling if it must); none may grow the window
        # past the screen, as the tallest screen's minimum otherwise would.
        self.stack.setMinimumSize(1, 1)
        root.addWidget(self.stack, 1)
        self.notice = NoticeBar("", m)
        root.addWidget(self.notice)
        self.cue = QWidget(self)
        self.cue.setObjectName("Cue")
        self.cue.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.cue.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        cue_layout = QHBoxLayout(self.cue)
        pad = m.px(24)
        cue_layout.setContentsMargins(pad * 2, pad, pad * 2, pad)
        self.cue_text = label("", "CueText", wrap=False)
        cue_layout.addWidget(self.cue_text)
        self.cue.hide()
        self.fader = Fader(self.stack, transition_ms)
        self.display = DisplayOptions(self, m, lambda: self.strings)
        self.display.text_step_chosen.connect(self.set_text_step)
        self.display.contrast_chosen.connect(self.set_high_contrast)
        self.home_button.clicked.connect(self.go_home)
        self.listen.clicked.connect(self._listen_pressed)
        self.stop_speech.clicked.connect(self._stop_speaking)
        self.display_button.clicked.connect(self.open_display_options)

        self.home: HomeScreen | None = None
        self._faq_menu: FaqMenuScreen | None = None
        self.pager: PagerScreen
        self.answer: FaqAnswerScreen
        slideshow.show_step.connect(self._slideshow_step)
        slideshow.started.connect(self._slideshow_started)
        slideshow.stopped.connect(self._slideshow_stopped)
        self._build_screens()
        self.go_home(animate=False)

    # -- what the patient sees ------------------------------------------------------------
    @property
    def strings(self) -> Strings:
        return Strings(self.language_code)

    @property
    def language(self) -> Language:
        return self.library.language(self.language_code) or self.library.default

    def _apply_style(self) -> None:
        self.metrics = self.base_metrics.with_text(TEXT_STEPS[self.text_step])
        self.palette_ = HIGH_CONTRAST if self.high_contrast else self.base_palette
        self.setStyleSheet(stylesheet(self.metrics, self.palette_, self.font_family))
        font = QFont(self.font_family)
        font.setPixelSize(self.metrics.body)
        self.setFont(font)
        self.measure_px = QFontMetrics(font).averageCharWidth() * self.metrics.measure_chars

    def _build_screens(self) -> None:
        """(Re)build every screen for the current library, language, text size and colours."""
        language = self.language
        m, s = self.metrics, self.strings
        for old in (self.home, self._faq_menu, getattr(self, "pager", None),
                    getattr(self, "answer", None)):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self._faq_menu = None  # built when first opened, or by prebuild()
        others = tuple(lang.code for lang in self.library.languages
                       if lang.code != self.language_code)
        self.home = HomeScreen(language, s, m, others, staged=self._staged)
        self._staged = False  # later rebuilds (language, text size) make every tile at once
        self.home.section_chosen.connect(self.open_section)
        self.home.faq_chosen.connect(self.open_faq)
        self.home.language_chosen.connect(self.choose_language)
        self.home.display_options.connect(self.open_display_options)
        self.pager = PagerScreen(m, self.palette_, s, self.measure_px, self.handout_url)
        self.pager.page_changed.connect(self._page_changed)
        self.pager.next_topic.connect(self._next_topic)
        self.pager.back_past_start.connect(self.go_home)
        self.answer = FaqAnswerScreen(m, self.palette_, s, self.measure_px)
        self.answer.back_to_questions.connect(self.open_faq)
        for screen in (self.home, self.pager, self.answer):
            self.stack.addWidget(screen)
        self.notice.text.setText(s("notice"))
        self.notice.text.setAccessibleName(s("notice"))
        self.cue_text.setText(s("touch_to_explore"))
        self.home_button.setText("⌂  " + s("home"))
        self.home_button.setAccessibleName(s("home"))
        self.display_button.setText(s("display"))
        self.display_button.setAccessibleName(s("display_name"))
        self._show_speech_state()
        self.slideshow.set_language(language)

    @property
    def faq_menu(self) -> FaqMenuScreen:
        """The questions menu, made the first time it is needed: with a few hundred questions
        it costs more than the rest of the first screen."""
        if self._faq_menu is None:
            self._faq_menu = FaqMenuScreen(self.language, self.strings, self.metrics,
                                           self.measure_px)
            self._faq_menu.question_chosen.connect(self.open_answer)
            self.stack.addWidget(self._faq_menu)
        return self._faq_menu

    def prebuild(self) -> None:
        """Make what the first screen did not need, so the first tap that needs it is quick.
        The kiosk calls this once the first frame is on screen."""
        if self.home is not None:
            self.home.finish_tiles()
        _ = self.faq_menu

    def _rebuild_keeping_place(self) -> None:
        where = self.location
        self._build_screens()
        self.location = Location("rebuilding")
        if where.screen == "section" and self.language.section(where.item):
            self.open_section(where.item, where.index, animate=False)
        elif where.screen == "answer" and self.language.faq_item(where.item):
            self.open_answer(where.item, animate=False)
        elif where.screen == "faq" and self.language.faq:
            self.open_faq(animate=False)
        else:
            self.go_home(animate=False)

    # -- the visit's choices ----------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        if self.library.language(code) is None or code == self.language_code:
            return
        self._stop_speaking()
        self.language_code = code
        log.info("language chosen: %s", code)
        self.language_chosen.emit(code)
        self._build_screens()
        self.location = Location("rebuilding")
        self.go_home(animate=False)

    def set_text_step(self, step: int) -> None:
        step = max(0, min(step, len(TEXT_STEPS) - 1))
        if step != self.text_step:
            self.text_step = step
            self._apply_style()
            self._rebuild_keeping_place()
        self.display.show_state(self.text_step, self.high_contrast)

    def set_high_contrast(self, on: bool) -> None:
        if on != self.high_contrast:
            self.high_contrast = on
            self._apply_style()
            self._rebuild_keeping_place()
        self.display.show_state(self.text_step, self.high_contrast)

    def open_display_options(self) -> None:
        self.display.speech_available = self.speaker is not None and self.speaker.available
        self.display.show_state(self.text_step, self.high_contrast)
        self.display.open()

    # -- read aloud ---------------------------------------------------------------------------
    def attach_speaker(self, speaker: Speaker) -> None:
        self.speaker = speaker
        self.default_volume = speaker.volume
        speaker.state_changed.connect(lambda _state: self._show_speech_state())
        self.display.volume = speaker.volume
        self.display.volume_changed.connect(speaker.set_volume)
        self._show_speech_state()

    def _current_page(self) -> Page | None:
        if self.location.screen == "section":
            return self.pager.page
        if self.location.screen == "answer":
            return self.answer.item
        return None

    def _listen_pressed(self) -> None:
        speaker = self.speaker
        page = self._current_page()
        if speaker is None or page is None:
            return
        if speaker.state == "speaking":
            speaker.pause()
        elif speaker.state == "paused":
            speaker.resume()
        else:
            speaker.speak(page.text, page.language or self.language_code)
        self._show_speech_state()

    def _stop_speaking(self) -> None:
        if self.speaker is not None:
            self.speaker.stop()
        self._show_speech_state()

    def _show_speech_state(self) -> None:
        """Listen shows on pages and answers when a voice for the language exists; its label
        says what a tap will do, and Stop shows while speech is under way."""
        s = self.strings
        speaker = self.speaker
        page = self._current_page()
        can = (speaker is not None and page is not None and not self.slideshow.running
               and speaker.can_speak(page.language or self.language_code))
        state = speaker.state if speaker is not None else "idle"
        key = {"speaking": "pause", "paused": "resume"}.get(state, "listen")
        self.listen.setText(s(key))
        self.listen.setAccessibleName(s(key))
        self.listen.setAccessibleDescription(
            {"speaking": s("listen") + ": …", "paused": s("pause")}.get(state, ""))
        self.listen.setVisible(can)
        self.stop_speech.setText("■  " + s("stop"))
        self.stop_speech.setAccessibleName(s("stop"))
        self.stop_speech.setVisible(can and state != "idle")

    def set_library(self, library: Library) -> None:
        """Swap in newly loaded content at once; stay on the patient's page if it still exists."""
        self.library = library
        if library.language(self.language_code) is None:
            self.language_code = library.default.code
        self._rebuild_keeping_place()

    def visit_changed(self) -> bool:
        """Whether this visit changed anything the next patient should not inherit."""
        return (self.language_code != self.library.default.code or self.text_step != 0
                or self.high_contrast or self.display.isVisible())

    def reset_visit(self) -> None:
        """Forget the visit: place, language, text size, colours, speech, open panels."""
        self.slideshow.stop()
        self._stop_speaking()
        self.display.hide()
        if self.speaker is not None and self.speaker.volume != self.default_volume:
            self.speaker.set_volume(self.default_volume)
            self.display.volume = self.default_volume
        if self.visit_changed():
            self.language_code = self.library.default.code
            self.text_step = 0
            self.high_contrast = False
            self._apply_style()
            self._build_screens()
        self.go_home(animate=False)

    # -- navigation ---------------------------------------------------------------------------
    def go_home(self, animate: bool = True) -> None:
        assert self.home is not None
        self._switch(self.home, Location("home"), animate)
        self.top_bar.hide()  # home has its own title row, with the same choices
        self.slideshow.arm()

    def open_section(self, section_id: str, index: int = 0, animate: bool = True) -> None:
        section = self.language.section(section_id)
        if section is None:
            log.warning("no section %r; going home", section_id)
            self.go_home()
            return
        if animate:
            self.fader.snapshot()
        self.pager.show_section(section, index)
        self._switch(self.pager, Location("section", section_id, self.pager.index), False)
        if animate:
            self.fader.start()

    def open_faq(self, animate: bool = True) -> None:
        self._switch(self.faq_menu, Location("faq"), animate)
        self.where.setText(self.language.faq_title or self.strings("to_questions"))

    def open_answer(self, item_id: str, animate: bool = True) -> None:
        item = self.language.faq_item(item_id)
        if item is None:
            self.open_faq(animate)
            return
        if animate:
            self.fader.snapshot()
        self.answer.show_item(item)
        self._switch(self.answer, Location("answer", item_id), False)
        self.where.setText(self.language.faq_title or self.strings("to_questions"))
        if animate:
            self.fader.start()

    def _switch(self, screen: QWidget, location: Location, animate: bool) -> None:
        if animate and self.stack.currentWidget() is not screen:
            self.fader.snapshot()
        self.stack.setCurrentWidget(screen)
        if location.screen != "home":
            self.slideshow.disarm()
            self.top_bar.show()
        self._set_location(location)
        if animate:
            self.fader.start()

    def _set_location(self, location: Location) -> None:
        # Logged so IT (and the end-to-end test) can follow what the screen shows.
        if location == self.location:
            return
        if self.speaker is not None:
            self.speaker.stop()  # speech belongs to the page it was started on
        log.info("showing %s %s %s", location.screen, location.item,
                 location.index + 1 if location.screen == "section" else "")
        self.location = location
        self._show_speech_state()
        self.location_changed.emit(location)

    def _page_changed(self, section_id: str, index: int) -> None:
        section = self.language.section(section_id)
        if section is None:
            return
        self.where.setText(f"{section.title}  ·  "
                           + self.strings("page_of", page=index + 1, count=len(section.pages)))
        if self.location.screen == "section":
            self._set_location(Location("section", section_id, index))

    def _next_topic(self) -> None:
        sections = self.language.sections
        ids = [s.id for s in sections]
        current = self.pager.section.id if self.pager.section else ""
        position = ids.index(current) if current in ids else -1
        if position + 1 < len(ids):
            self.open_section(ids[position + 1])
        elif self.language.faq:
            self.open_faq()
        else:
            self.go_home()

    # -- slideshow --------------------------------------------------------------------------
    def _slideshow_started(self) -> None:
        self.pager.set_autoplay(True)
        for widget in (self.home_button, self.display_button):
            widget.hide()
        self._place_cue()
        self.cue.show()
        self.cue.raise_()

    def _slideshow_step(self, section_id: str, index: int) -> None:
        self.open_section(section_id, index)
        self.cue.raise_()

    def _slideshow_stopped(self) -> None:
        self.cue.hide()
        self.pager.set_autoplay(False)
        for widget in (self.home_button, self.display_button):
            widget.show()
        self.go_home()

    def stop_slideshow_if_running(self) -> bool:
        """For the activity monitor: the first touch during the slideshow only stops it."""
        if self.slideshow.running:
            self.slideshow.stop()
            return True
        return False

    def note_activity(self) -> None:
        if self.location.screen == "home":
            self.slideshow.arm()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Switch and keyboard users: Tab moves between controls, Enter or Space presses the
        focused one, arrows turn pages or scroll."""
        key = event.key()
        focused = self.focusWidget()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focused, QAbstractButton):
            focused.animateClick()
            return
        if self.location.screen == "section" and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            (self.pager.go_next if key == Qt.Key.Key_Right else self.pager.go_back)()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            view = self.answer.reading.text if self.location.screen == "answer" else \
                self.pager.reading.text
            bar = view.verticalScrollBar()
            step = bar.pageStep() if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) else \
                self.metrics.body * 2
            bar.setValue(bar.value() + (step if key in (Qt.Key.Key_Down,
                                                        Qt.Key.Key_PageDown) else -step))
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.locked and not self.quitting:
            log.info("a request to close the kiosk window was refused (kiosk mode)")
            event.ignore()
            return
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        # Qt calls this while the window is still being built, before `locked` exists.
        if (getattr(self, "locked", False) and event.type() == QEvent.Type.WindowStateChange
                and not self.isFullScreen() and not self.quitting):
            QTimer.singleShot(0, self.showFullScreen)  # minimised or un-maximised: undo it

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place_cue()

    def _place_cue(self) -> None:
        hint = self.cue.sizeHint()
        width = min(hint.width(), self.width() - 2 * self.metrics.margin)
        x = (self.width() - width) // 2
        # Over the pager's button row, which is hidden while the slideshow runs.
        nav = self.pager.nav
        centre_y = nav.mapTo(self, nav.rect().center()).y() if nav.isVisible() else \
            self.notice.y() - self.metrics.target
        self.cue.setGeometry(x, max(0, centre_y - hint.height() // 2), width, hint.height())
