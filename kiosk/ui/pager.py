"""A section, one page at a time: title, text, Back and Next, and where you are ("Page 2 of 4")."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Page, Section
from kiosk.core.config import Settings
from kiosk.ui.handout import HandoutPanel
from kiosk.ui.strings import Strings
from kiosk.ui.text_view import TextView
from kiosk.ui.theme import Metrics, Palette
from kiosk.ui.widgets import PageDots, button, label


class ReadingColumn(QWidget):
    """Title and text in a column no wider than a comfortable line (≤ 70 characters)."""

    def __init__(self, m: Metrics, palette: Palette, strings: Strings, measure_px: int,
                 show_reviewed: bool = True) -> None:
        super().__init__()
        self.measure_px = measure_px
        self.show_reviewed = show_reviewed
        outer = QHBoxLayout(self)
        outer.setContentsMargins(m.margin, m.px(20), m.margin, 0)
        column = QWidget()
        column.setMaximumWidth(measure_px)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(m.px(20))
        self.strings = strings
        self.title = label("", "Heading")
        layout.addWidget(self.title)
        self.note = label("", "Note")
        self.note.hide()
        layout.addWidget(self.note)
        self.text = TextView(m, palette, strings("opens_page"))
        layout.addWidget(self.text, 1)
        self.more = label(strings("more_below"), "MoreBelow")
        self.more.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more.setVisible(False)
        layout.addWidget(self.more)
        self.handout = HandoutPanel(m, strings("handout"))
        layout.addWidget(self.handout)
        self.text.overflow_changed.connect(self.more.setVisible)

    def show_page(self, page: Page) -> None:
        self.title.setText(page.title)
        self.title.setAccessibleName(page.title)
        # A page not yet translated stands in from the default language, and says so.
        untranslated = bool(page.language) and page.language != self.strings.language
        self.note.setText(self.strings("not_translated") if untranslated else "")
        self.note.setVisible(untranslated)
        html = page.html
        if self.show_reviewed and page.reviewed is not None:
            # Under the text, in the page's own flow (it scrolls with it); never read aloud
            # or graded: it is not part of the page's words.
            html += f'<p class="reviewed">{escape(self.strings.reviewed(page.reviewed))}</p>'
        self.text.show_page(html, page.images, self.measure_px)


class ReadingScreen(QWidget):
    """A reading column over a row of large buttons: the shape of pages and answers.

    Its Back returns to the page a link was tapped on while the patient is where the link led
    (`set_return`, from the router's `can_return`); links in the text are the text view's
    `link_tapped`."""

    back_to_link = Signal()

    def __init__(self, m: Metrics, palette: Palette, strings: Strings, measure_px: int,
                 settings: Settings) -> None:
        super().__init__()
        self.setObjectName("Screen")
        self.strings = strings
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, m.px(20))
        self.root.setSpacing(m.px(12))
        self.reading = ReadingColumn(m, palette, strings, measure_px, settings.show_reviewed)
        self.root.addWidget(self.reading, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(m.margin, 0, m.margin, 0)
        self.buttons.setSpacing(m.gap)
        self.returning = False

    def set_return(self, on: bool) -> None:
        self.returning = on


class PagerScreen(ReadingScreen):
    page_changed = Signal(str, int)  # section id, page index
    next_topic = Signal()
    back_past_start = Signal()

    def __init__(self, m: Metrics, palette: Palette, strings: Strings, measure_px: int,
                 settings: Settings) -> None:
        super().__init__(m, palette, strings, measure_px, settings)
        self.handout_url = settings.handout_url  # the kiosk's own; a section's address wins
        self.section: Section | None = None
        self.index = 0
        nav = self.buttons
        self.back = button("‹  " + strings("back"), strings("back"), secondary=True)
        self.next = button(strings("next") + "  ›", strings("next"))
        for b in (self.back, self.next):
            b.setMinimumWidth(m.px(260))
        middle = QVBoxLayout()
        middle.setSpacing(m.px(4))
        self.dots = PageDots(m, palette)
        self.counter = label("", "Counter", wrap=False)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        middle.addWidget(self.dots, 0, Qt.AlignmentFlag.AlignHCenter)
        middle.addWidget(self.counter)
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addLayout(middle)
        nav.addStretch(1)
        nav.addWidget(self.next)
        self.nav = QWidget()
        self.nav.setLayout(nav)
        self.nav.setMinimumHeight(m.target + m.px(8))
        self.root.addWidget(self.nav)
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        self.reading.text.swiped.connect(self._swiped)

    def set_autoplay(self, on: bool) -> None:
        """During the slideshow the buttons are hidden (the cue takes their place); the
        row keeps its height so the text does not jump."""
        for widget in (self.back, self.next, self.dots, self.counter):
            widget.setVisible(not on)

    @property
    def page_count(self) -> int:
        return len(self.section.pages) if self.section else 0

    @property
    def page(self) -> Page | None:
        return self.section.pages[self.index] if self.section else None

    def show_section(self, section: Section, index: int = 0) -> None:
        self.section = section
        self.index = max(0, min(index, len(section.pages) - 1))
        self._refresh()

    def go_next(self) -> None:
        if self.section is None:
            return
        if self.index + 1 < self.page_count:
            self.index += 1
            self._refresh()
        else:
            self.next_topic.emit()

    def go_back(self) -> None:
        if self.returning:
            self.back_to_link.emit()
        elif self.index > 0:
            self.index -= 1
            self._refresh()
        else:
            self.back_past_start.emit()

    def _swiped(self, direction: int) -> None:
        # A swipe never leaves the section: only the buttons do, with their labels saying where.
        if direction > 0 and self.index + 1 < self.page_count:
            self.go_next()
        elif direction < 0 and self.index > 0:
            self.go_back()

    def _refresh(self) -> None:
        page = self.page
        if page is None or self.section is None:
            return
        self.reading.show_page(page)
        self.reading.handout.show_url(self.section.handout_url or self.handout_url)
        count = self.page_count
        self.dots.set_position(self.index, count)
        self.counter.setText(self.strings("page_of", page=self.index + 1, count=count))
        last = self.index + 1 >= count
        text = self.strings("next_topic") if last else self.strings("next")
        self.next.setText(text + "  ›")
        self.next.setAccessibleName(text)
        self.page_changed.emit(self.section.id, self.index)
