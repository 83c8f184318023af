"""The FAQ: a scrollable list of large question buttons, and one answer at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Language, Page
from kiosk.core.config import Settings
from kiosk.ui.pager import ReadingScreen
from kiosk.ui.strings import Strings
from kiosk.ui.theme import Metrics, Palette
from kiosk.ui.widgets import CardButton, button, label, touch_scroll_area


class FaqMenuScreen(QWidget):
    question_chosen = Signal(str)

    def __init__(self, language: Language, strings: Strings, m: Metrics, measure_px: int) -> None:
        super().__init__()
        self.setObjectName("Screen")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(m.margin, m.px(20), m.margin, m.px(20))
        outer.setSpacing(m.px(12))
        heading = label(language.faq_title or strings("to_questions"), "Heading")
        outer.addWidget(heading)
        outer.addWidget(label(strings("faq_hint"), "Welcome"))
        inner = QWidget()
        grid = QVBoxLayout(inner)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(m.gap)
        self.questions: list[CardButton] = []
        two_columns = not m.portrait and m.width >= 1200
        row: QHBoxLayout | None = None
        for index, item in enumerate(language.faq):
            card = CardButton(item.title, "", "Question", m)
            card.clicked.connect(lambda _=False, qid=item.id: self.question_chosen.emit(qid))
            self.questions.append(card)
            if two_columns:
                if index % 2 == 0:
                    row = QHBoxLayout()
                    row.setSpacing(m.gap)
                    grid.addLayout(row)
                assert row is not None
                row.addWidget(card, 1)
            else:
                grid.addWidget(card)
        if two_columns and len(language.faq) % 2 and row is not None:
            row.addStretch(1)
        grid.addStretch(1)
        self.list_area = touch_scroll_area(inner)
        outer.addWidget(self.list_area, 1)
        self.more = label(strings("more_below"), "MoreBelow")
        self.more.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.more)
        bar = self.list_area.verticalScrollBar()
        bar.rangeChanged.connect(self._check_overflow)
        bar.valueChanged.connect(self._check_overflow)
        self._check_overflow()

    def _check_overflow(self) -> None:
        bar = self.list_area.verticalScrollBar()
        self.more.setVisible(bar.value() < bar.maximum())


class FaqAnswerScreen(ReadingScreen):
    back_to_questions = Signal()

    def __init__(self, m: Metrics, palette: Palette, strings: Strings, measure_px: int,
                 settings: Settings) -> None:
        super().__init__(m, palette, strings, measure_px, settings)
        self.item: Page | None = None
        nav = self.buttons
        self.back = button("‹  " + strings("all_questions"), strings("all_questions"),
                           secondary=True)
        self.back.setMinimumWidth(m.px(260))
        nav.addWidget(self.back)
        nav.addStretch(1)
        self.root.addLayout(nav)
        self.back.clicked.connect(self.go_back)
        self.reading.text.swiped.connect(self._swiped)

    def set_return(self, on: bool) -> None:
        """After a link, Back returns to its page; otherwise it leads to all the questions."""
        super().set_return(on)
        words = self.strings("back" if on else "all_questions")
        self.back.setText("‹  " + words)
        self.back.setAccessibleName(words)

    def go_back(self) -> None:
        if self.returning:
            self.back_to_link.emit()
        else:
            self.back_to_questions.emit()

    def _swiped(self, direction: int) -> None:
        if direction < 0:  # a swipe to the right goes back, as a page turn back would
            self.go_back()

    def show_item(self, item: Page) -> None:
        self.item = item
        self.reading.show_page(item)
