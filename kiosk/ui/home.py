"""Home: the kiosk's title, a one-line welcome, the language and text choices, and one large
tile per section plus the FAQ."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content.model import Language
from kiosk.ui.strings import Strings, language_name
from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import CardButton, button, label, touch_scroll_area


class HomeScreen(QWidget):
    section_chosen = Signal(str)
    faq_chosen = Signal()
    language_chosen = Signal(str)
    display_options = Signal()

    FIRST_TILES = 12  # more than any screen shows before scrolling

    def __init__(self, language: Language, strings: Strings, m: Metrics,
                 other_languages: tuple[str, ...] = (), staged: bool = False) -> None:
        """`staged`: make only the tiles the first screen can show; `finish_tiles` makes the
        rest (the kiosk's start, with content of many sections)."""
        super().__init__()
        self.setObjectName("Screen")
        self.metrics = m
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.margin, m.px(24), m.margin, m.margin)
        layout.setSpacing(m.px(16))
        header = QHBoxLayout()
        header.setSpacing(m.gap)
        title = label(language.title, "Title")
        title.setAccessibleName(language.title)
        header.addWidget(title, 1)
        # Each other language named in itself ("Español"), never a flag alone.
        self.language_buttons = []
        for code in other_languages:
            name = language_name(code)
            b = button(name, name, secondary=True)
            b.setAccessibleDescription(f"Switch to {name}")
            b.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
            header.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
            self.language_buttons.append(b)
        self.display_button = button(strings("display"), strings("display_name"), secondary=True)
        self.display_button.clicked.connect(self.display_options.emit)
        header.addWidget(self.display_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        welcome = label(language.welcome or strings("home_hint"), "Welcome")
        layout.addWidget(welcome)
        layout.addSpacing(m.px(8))
        self.tiles: list[CardButton] = []
        self._pending: list[tuple[str, str, Callable[[], None]]] = [
            (section.title, section.summary,
             lambda sid=section.id: self.section_chosen.emit(sid))  # type: ignore[misc]
            for section in language.sections
        ]
        if language.faq:
            self._pending.append((language.faq_title or strings("to_questions"),
                                  strings("faq_hint"), self.faq_chosen.emit))
        tiles = QWidget()
        self.grid = QGridLayout(tiles)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(m.gap)
        self.column_count = self.columns(len(self._pending), m)
        self._stretch_row: int | None = None
        for column in range(self.column_count):
            self.grid.setColumnStretch(column, 1)
        self.finish_tiles(self.FIRST_TILES if staged else None)
        # Scrolls only when the tiles do not fit (a small screen, or large text).
        layout.addWidget(touch_scroll_area(tiles), 1)

    def finish_tiles(self, limit: int | None = None) -> None:
        """Make the tiles still to be made (up to `limit` of them)."""
        grid, columns = self.grid, self.column_count
        if self._stretch_row is not None:
            grid.setRowStretch(self._stretch_row, 0)
        todo = self._pending[:limit]
        del self._pending[:len(todo)]
        for title, summary, chosen in todo:
            tile = CardButton(title, summary, "Tile", self.metrics)
            tile.clicked.connect(lambda _=False, f=chosen: f())
            index = len(self.tiles)
            grid.addWidget(tile, index // columns, index % columns)
            self.tiles.append(tile)
        # Spare height goes below the last row of tiles, not between them.
        self._stretch_row = -(-len(self.tiles) // columns)
        grid.setRowStretch(self._stretch_row, 1)

    @staticmethod
    def columns(count: int, m: Metrics) -> int:
        if m.portrait:
            # A tall screen has room for one wide tile per row, which is easiest to read.
            return 1 if m.height >= count * m.target * 2.6 or m.width < 700 else 2
        return 3 if count > 4 else 2
