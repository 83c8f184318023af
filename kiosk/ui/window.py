"""The kiosk window: routes between home, section pager, FAQ menu and answer, and always shows
where you are, Home, and the standing notice. Views get a library; they never read files."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.content.model import Language, Library
from kiosk.ui.faq import FaqAnswerScreen, FaqMenuScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.pager import PagerScreen
from kiosk.ui.slideshow import Slideshow
from kiosk.ui.strings import Strings
from kiosk.ui.theme import Metrics, Palette, stylesheet
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
    language_chosen = Signal(str)  # a patient picked a language (issue 6 adds the switch)

    def __init__(
        self,
        library: Library,
        metrics: Metrics,
        font_family: str,
        slideshow: Slideshow,
        palette: Palette | None = None,
        transition_ms: int = 180,
    ) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Waiting Room Kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.metrics = metrics
        self.palette_ = palette or Palette()
        self.font_family = font_family
        self.slideshow = slideshow
        self.locked = False  # kiosk mode: the window refuses to close (see lockdown.py)
        self.quitting = False  # set by the app when it really means to stop
        self.library = library
        self.language_code = library.default.code
        self.location = Location("starting")  # replaced by the first go_home()
        self.setStyleSheet(stylesheet(metrics, self.palette_, font_family))
        font = QFont(font_family)
        font.setPixelSize(metrics.body)
        self.setFont(font)
        self.measure_px = QFontMetrics(font).averageCharWidth() * metrics.measure_chars

        m = metrics
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.top_bar = QWidget()
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(m.margin, m.px(20), m.margin, 0)
        top.setSpacing(m.gap)
        self.home_button = button("⌂  Home", "Home", secondary=True)
        self.home_button.setMinimumWidth(m.px(220))
        self.where = label("", "Location")
        self.where.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.home_button)
        top.addWidget(self.where, 1)
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
        self.home_button.clicked.connect(self.go_home)

        self.home: HomeScreen | None = None
        self.faq_menu: FaqMenuScreen | None = None
        self.pager = PagerScreen(m, self.palette_, self.strings, self.measure_px)
        self.answer = FaqAnswerScreen(m, self.palette_, self.strings, self.measure_px)
        self.pager.page_changed.connect(self._page_changed)
        self.pager.next_topic.connect(self._next_topic)
        self.pager.back_past_start.connect(self.go_home)
        self.answer.back_to_questions.connect(self.open_faq)
        self.stack.addWidget(self.pager)
        self.stack.addWidget(self.answer)
        slideshow.show_step.connect(self._slideshow_step)
        slideshow.started.connect(self._slideshow_started)
        slideshow.stopped.connect(self._slideshow_stopped)
        self._build_language_screens()
        self.go_home(animate=False)

    # -- what the patient sees ------------------------------------------------------------
    @property
    def strings(self) -> Strings:
        return Strings(self.language_code)

    @property
    def language(self) -> Language:
        return self.library.language(self.language_code) or self.library.default

    def _build_language_screens(self) -> None:
        """(Re)build the screens that list the library's contents."""
        language = self.language
        for old in (self.home, self.faq_menu):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self.home = HomeScreen(language, self.strings, self.metrics)
        self.home.section_chosen.connect(lambda sid: self.open_section(sid))
        self.home.faq_chosen.connect(self.open_faq)
        self.faq_menu = FaqMenuScreen(language, self.strings, self.metrics, self.measure_px)
        self.faq_menu.question_chosen.connect(self.open_answer)
        self.stack.addWidget(self.home)
        self.stack.addWidget(self.faq_menu)
        self.notice.text.setText(self.strings("notice"))
        self.cue_text.setText(self.strings("touch_to_explore"))
        self.slideshow.set_language(language)

    def set_library(self, library: Library) -> None:
        """Swap in newly loaded content at once; stay on the patient's page if it still exists."""
        where = self.location
        self.library = library
        if library.language(self.language_code) is None:
            self.language_code = library.default.code
        self._build_language_screens()
        self.pager.section = None
        if where.screen == "section" and self.language.section(where.item):
            self.open_section(where.item, where.index, animate=False)
        elif where.screen == "answer" and self.language.faq_item(where.item):
            self.open_answer(where.item, animate=False)
        elif where.screen == "faq" and self.language.faq:
            self.open_faq(animate=False)
        else:
            self.go_home(animate=False)

    def visit_changed(self) -> bool:
        """Whether this visit changed anything the next patient should not inherit."""
        return self.language_code != self.library.default.code

    def reset_visit(self) -> None:
        """Forget the visit: language, place (and later text size, contrast, speech)."""
        self.slideshow.stop()
        if self.language_code != self.library.default.code:
            self.language_code = self.library.default.code
            self._build_language_screens()
        self.go_home(animate=False)

    # -- navigation ---------------------------------------------------------------------------
    def go_home(self, animate: bool = True) -> None:
        assert self.home is not None
        self._switch(self.home, Location("home"), animate)
        self.top_bar.hide()
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
        assert self.faq_menu is not None
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
        log.info("showing %s %s %s", location.screen, location.item,
                 location.index + 1 if location.screen == "section" else "")
        self.location = location
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
        self.home_button.hide()
        self._place_cue()
        self.cue.show()
        self.cue.raise_()

    def _slideshow_step(self, section_id: str, index: int) -> None:
        self.open_section(section_id, index)
        self.cue.raise_()

    def _slideshow_stopped(self) -> None:
        self.cue.hide()
        self.pager.set_autoplay(False)
        self.home_button.show()
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
