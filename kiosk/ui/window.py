"""The kiosk window: draws what the router says — home, a section's pages, the questions and an
answer — and always shows where you are, Home, and the standing notice.

Navigation and the visit's choices are the router's (kiosk/ui/router.py); read aloud is the
top bar's ListenBar; refusing to close is Lockdown's. Views get a library; they never read
files.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Language, Library, Page
from kiosk.core.config import Settings
from kiosk.ui.cue import SlideshowCue
from kiosk.ui.display_options import DisplayOptions
from kiosk.ui.faq import FaqAnswerScreen, FaqMenuScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.listen_bar import ListenBar
from kiosk.ui.pager import PagerScreen
from kiosk.ui.router import Location, Router, Screen
from kiosk.ui.slideshow import Slideshow
from kiosk.ui.speech import Speaker
from kiosk.ui.strings import Strings
from kiosk.ui.theme import HIGH_CONTRAST, TEXT_STEPS, Metrics, Palette, stylesheet
from kiosk.ui.transitions import Fader
from kiosk.ui.widgets import NoticeBar, Overlay, button, label

log = logging.getLogger(__name__)


class KioskWindow(QWidget):
    def __init__(
        self,
        router: Router,
        metrics: Metrics,
        font_family: str,
        slideshow: Slideshow,
        speaker: Speaker | None = None,
        settings: Settings | None = None,
        palette: Palette | None = None,
        staged: bool = False,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        """`staged`: the first home screen makes only the tiles it shows; `prebuild` makes
        the rest once the window is on screen. `clock`: local time now (scheduled notices)."""
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle("Waiting Room Kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.router = router
        self.base_metrics = metrics
        self.base_palette = palette or Palette()
        self.metrics = metrics
        self.palette_ = self.base_palette
        self.font_family = font_family
        self.settings = settings or Settings()
        self.slideshow = slideshow
        self.measure_px = 0
        self._staged = staged
        self.clock = clock
        self._apply_style()

        m = metrics
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.top_bar = QWidget()
        self._top = top = QHBoxLayout(self.top_bar)
        self.home_button = button("", "", secondary=True)
        self._size_top_bar()
        self.where = label("", "Location")
        self.where.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.listen_bar = ListenBar(m, lambda: self.strings, speaker)
        self.display_button = button("", "", secondary=True)
        top.addWidget(self.home_button)
        top.addWidget(self.where, 1)
        top.addWidget(self.listen_bar)
        top.addWidget(self.display_button)
        root.addWidget(self.top_bar)
        self.stack = QStackedWidget()
        # Each screen fits itself to the space (scrolling if it must); none may grow the window
        # past the screen, as the tallest screen's minimum otherwise would.
        self.stack.setMinimumSize(1, 1)
        root.addWidget(self.stack, 1)
        self.notice = NoticeBar("", m)
        root.addWidget(self.notice)
        self.cue = SlideshowCue(self, m)
        self.fader = Fader(self.stack, self.settings.transition_ms)
        self.display = DisplayOptions(self, m, lambda: self.strings)
        self.display.text_step_chosen.connect(router.set_text_step)
        self.display.contrast_chosen.connect(router.set_high_contrast)
        if speaker is not None:
            self.display.volume_changed.connect(speaker.set_volume)
        self.home_button.clicked.connect(router.go_home)
        self.display_button.clicked.connect(self.open_display_options)

        self.home: HomeScreen | None = None
        self._faq_menu: FaqMenuScreen | None = None
        self.pager: PagerScreen
        self.answer: FaqAnswerScreen
        slideshow.show_step.connect(router.open_section)
        slideshow.show_step.connect(self._raise_cue)
        slideshow.started.connect(self._slideshow_started)
        slideshow.stopped.connect(self._slideshow_stopped)
        router.show.connect(self._show)
        router.rebuild.connect(self._rebuild)
        router.location_changed.connect(self._arrived)
        router.visit_reset.connect(self._forget_visit)
        self._build_screens()
        router.go_home(animate=False)

    # -- what the patient sees ------------------------------------------------------------
    @property
    def strings(self) -> Strings:
        return Strings(self.router.visit.language)

    @property
    def library(self) -> Library:
        return self.router.library

    @property
    def language(self) -> Language:
        return self.router.language

    @property
    def location(self) -> Location:
        return self.router.location

    def _apply_style(self) -> None:
        visit = self.router.visit
        self.metrics = self.base_metrics.with_text(TEXT_STEPS[visit.text_step])
        self.palette_ = HIGH_CONTRAST if visit.high_contrast else self.base_palette
        self.setStyleSheet(stylesheet(self.metrics, self.palette_, self.font_family))
        font = QFont(self.font_family)
        font.setPixelSize(self.metrics.body)
        self.setFont(font)
        self.measure_px = QFontMetrics(font).averageCharWidth() * self.metrics.measure_chars

    def _size_top_bar(self) -> None:
        m, top = self.base_metrics, self._top
        top.setContentsMargins(m.margin, m.px(20), m.margin, 0)
        top.setSpacing(m.gap)
        self.home_button.setMinimumWidth(m.px(200))

    def set_screen_metrics(self, metrics: Metrics) -> bool:
        """The screen changed while the kiosk runs (screen_follow.py): lay out everything for
        the new sizes through the router's rebuild, so the patient keeps their place. False
        (and nothing rebuilt, so nothing flickers) when the sizes are the same."""
        if metrics == self.base_metrics:
            return False
        self.base_metrics = metrics
        self._size_top_bar()
        self.notice.fit(metrics)
        for overlay in self.findChildren(Overlay):  # the PIN pad, the panels, the prompts
            overlay.fit(metrics)
        self.router.relayout()
        return True

    def _rebuild(self) -> None:
        """The router changed the library, language or look: restyle and make every screen
        anew (the router then shows the patient's place again)."""
        self._apply_style()
        self._build_screens()
        self.display.show_state(self.router.visit.text_step, self.router.visit.high_contrast)

    def _build_screens(self) -> None:
        """(Re)build every screen for the current library, language, text size and colours."""
        language = self.language
        router = self.router
        m, s = self.metrics, self.strings
        for old in (self.home, self._faq_menu, getattr(self, "pager", None),
                    getattr(self, "answer", None)):
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
        self._faq_menu = None  # built when first opened, or by prebuild()
        others = tuple(lang.code for lang in self.library.languages
                       if lang.code != router.visit.language)
        self.home = HomeScreen(language, s, m, others, staged=self._staged,
                               palette=self.palette_, measure_px=self.measure_px,
                               clock=self.clock)
        self._staged = False  # later rebuilds (language, text size) make every tile at once
        self.home.section_chosen.connect(router.open_section)
        self.home.faq_chosen.connect(router.open_faq)
        self.home.language_chosen.connect(router.choose_language)
        self.home.display_options.connect(self.open_display_options)
        self.pager = PagerScreen(m, self.palette_, s, self.measure_px, self.settings)
        self.pager.page_changed.connect(self._page_changed)
        self.pager.next_topic.connect(router.next_topic)
        self.pager.back_past_start.connect(router.go_home)
        self.answer = FaqAnswerScreen(m, self.palette_, s, self.measure_px, self.settings)
        self.answer.back_to_questions.connect(router.open_faq)
        for reading in (self.pager, self.answer):
            reading.reading.text.link_tapped.connect(router.follow_link)
            reading.back_to_link.connect(router.return_from_link)
        for screen in (self.home, self.pager, self.answer):
            self.stack.addWidget(screen)
        self.notice.text.setText(s("notice"))
        self.notice.text.setAccessibleName(s("notice"))
        self.cue.text.setText(s("touch_to_explore"))
        self.home_button.setText("⌂  " + s("home"))
        self.home_button.setAccessibleName(s("home"))
        self.display_button.setText(s("display"))
        self.display_button.setAccessibleName(s("display_name"))
        self.listen_bar.refresh()
        self.slideshow.set_language(language)

    @property
    def faq_menu(self) -> FaqMenuScreen:
        """The questions menu, made the first time it is needed: with a few hundred questions
        it costs more than the rest of the first screen."""
        if self._faq_menu is None:
            self._faq_menu = FaqMenuScreen(self.language, self.strings, self.metrics,
                                           self.measure_px)
            self._faq_menu.question_chosen.connect(self.router.open_answer)
            self.stack.addWidget(self._faq_menu)
        return self._faq_menu

    def prebuild(self) -> None:
        """Make what the first screen did not need, so the first tap that needs it is quick.
        The kiosk calls this once the first frame is on screen."""
        if self.home is not None:
            self.home.finish_tiles()
        _ = self.faq_menu

    def open_display_options(self) -> None:
        speaker = self.listen_bar.speaker
        visit = self.router.visit
        volume = speaker.volume if speaker is not None and speaker.offers(visit.language) \
            else None
        self.display.present(visit.text_step, visit.high_contrast, volume)

    def visit_changed(self) -> bool:
        """Whether this visit left anything the next patient should not inherit: a choice the
        router holds, or the display options left open."""
        return self.router.visit_changed() or self.display.isVisible()

    def _forget_visit(self) -> None:
        """The router ends the visit: whatever this visit started on screen stops."""
        self.slideshow.stop()
        self.listen_bar.forget_visit()
        self.display.hide()

    # -- drawing a place ----------------------------------------------------------------------
    def _show(self, location: Location, animate: bool) -> None:
        """Draw `location` (the router checked that it exists)."""
        screens: dict[Screen, QWidget] = {Screen.SECTION: self.pager, Screen.ANSWER: self.answer}
        screen = screens.get(location.screen) or (
            self.faq_menu if location.screen is Screen.FAQ else self.home)
        assert screen is not None
        # A page or an answer fades even within its own screen: its text changes.
        if animate and (self.stack.currentWidget() is not screen
                        or location.screen in (Screen.SECTION, Screen.ANSWER)):
            self.fader.snapshot()
        if location.screen is Screen.SECTION:
            section = self.language.section(location.item)
            assert section is not None
            self.pager.show_section(section, location.index)
        elif location.screen is Screen.ANSWER:
            item = self.language.faq_item(location.item)
            assert item is not None
            self.answer.show_item(item)
        self.stack.setCurrentWidget(screen)
        if location.screen is Screen.HOME:
            self.top_bar.hide()  # home has its own title row, with the same choices
            self.slideshow.arm()
        else:
            self.slideshow.disarm()
            self.top_bar.show()
        if location.screen in (Screen.FAQ, Screen.ANSWER):
            self.where.setText(self.language.faq_title or self.strings("to_questions"))
        if animate:
            self.fader.start()

    def _page_changed(self, section_id: str, index: int) -> None:
        section = self.language.section(section_id)
        if section is None:
            return
        self.where.setText(f"{section.title}  ·  "
                           + self.strings("page_of", page=index + 1, count=len(section.pages)))
        self.router.page_turned(section_id, index)

    def _arrived(self, location: Location) -> None:
        returning = self.router.can_return
        self.pager.set_return(returning and location.screen is Screen.SECTION)
        self.answer.set_return(returning and location.screen is Screen.ANSWER)
        self.listen_bar.show_for(self._page_at(location), self.router.visit.language,
                                 self.slideshow.running)

    def _page_at(self, location: Location) -> Page | None:
        if location.screen is Screen.SECTION:
            return self.pager.page
        if location.screen is Screen.ANSWER:
            return self.answer.item
        return None

    # -- slideshow --------------------------------------------------------------------------
    def _slideshow_started(self) -> None:
        self.pager.set_autoplay(True)
        for widget in (self.home_button, self.display_button):
            widget.hide()
        self._place_cue()
        self.cue.show()
        self.cue.raise_()

    def _raise_cue(self, *_: object) -> None:
        self.cue.raise_()  # above the page just shown

    def _slideshow_stopped(self) -> None:
        self.cue.hide()
        self.pager.set_autoplay(False)
        for widget in (self.home_button, self.display_button):
            widget.show()
        self.router.go_home()

    def stop_slideshow_if_running(self) -> bool:
        """For the activity monitor: the first touch during the slideshow only stops it."""
        if self.slideshow.running:
            self.slideshow.stop()
            return True
        return False

    def note_activity(self) -> None:
        if self.router.location.screen is Screen.HOME:
            self.slideshow.arm()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Switch and keyboard users: Tab moves between controls, Enter or Space presses the
        focused one, arrows turn pages or scroll."""
        key = event.key()
        focused = self.focusWidget()
        screen = self.router.location.screen
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(focused, QAbstractButton):
            focused.animateClick()
            return
        if screen is Screen.SECTION and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            (self.pager.go_next if key == Qt.Key.Key_Right else self.pager.go_back)()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            view = self.answer.reading.text if screen is Screen.ANSWER else \
                self.pager.reading.text
            bar = view.verticalScrollBar()
            step = bar.pageStep() if key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) else \
                self.metrics.body * 2
            bar.setValue(bar.value() + (step if key in (Qt.Key.Key_Down,
                                                        Qt.Key.Key_PageDown) else -step))
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place_cue()
        for overlay in self.findChildren(Overlay):  # an open panel still covers the window
            if overlay.isVisible():
                overlay.setGeometry(self.rect())

    def _place_cue(self) -> None:
        # Over the pager's button row, which is hidden while the slideshow runs.
        nav = self.pager.nav
        centre_y = nav.mapTo(self, nav.rect().center()).y() if nav.isVisible() else \
            self.notice.y() - self.metrics.target
        self.cue.place(centre_y, self.metrics.margin)
