"""Home: the kiosk's title, the language and text choices, the main message, a one-line
welcome, and one large tile per section plus the FAQ, each with its icon if it has one.

A scheduled notice (content `notices/`) shows above the main message while its window holds the
time now, in a box of its own colour with the word "Notice": a timer looks again at the next
moment one starts or ends.

Below the title row everything scrolls as one: at the largest text on a small screen the message
and the tiles share the height, and neither is ever cut off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content import notices as scheduled
from kiosk.content.model import Language, Notice
from kiosk.ui.icons import tinted_icon
from kiosk.ui.strings import Strings, language_name
from kiosk.ui.theme import Metrics, Palette
from kiosk.ui.widgets import CardButton, button, label, touch_scroll_area

# The longest line of text the screen numbers allow (docs/architecture.md): the message's lines
# keep to it on a wide screen.
MESSAGE_LINE_CHARS = 70
# The longest the notices' timer waits before looking again: a wall clock set forward or back
# (daylight saving, a clock put right) is noticed within it.
NOTICE_RECHECK_MS = 60 * 60 * 1000


class HomeScreen(QWidget):
    section_chosen = Signal(str)
    faq_chosen = Signal()
    language_chosen = Signal(str)
    display_options = Signal()

    FIRST_TILES = 12  # more than any screen shows before scrolling

    def __init__(self, language: Language, strings: Strings, m: Metrics,
                 other_languages: tuple[str, ...] = (), staged: bool = False,
                 palette: Palette | None = None, measure_px: int = 0,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        """`clock`: the local time now, for the scheduled notices (tests pass their own).
        `staged`: make only the tiles the first screen can show; `finish_tiles` makes the
        rest (the kiosk's start, with content of many sections). `palette`: the colours the
        icons are drawn in. `measure_px`: the reading column's width, which the message's
        lines keep to (0: the screen's width)."""
        super().__init__()
        self.setObjectName("Screen")
        self.metrics = m
        self.palette_ = palette or Palette()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.margin, m.px(24), m.margin, m.px(24))
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
        below = self._below = QWidget()
        column = self._column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(m.px(16))
        self._clock = clock
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.notice_timer.timeout.connect(self.refresh_notices)
        self._notices: list[tuple[Notice, QWidget]] = [
            (notice, self._notice_box(notice, strings, measure_px))
            for notice in language.notices]
        for _, box in self._notices:
            column.addWidget(box)
        self.message: QLabel | None = None
        self._message_box: QWidget | None = None
        self._message_pad = 0  # the box's padding left and right of the text
        self._message_widest = 0  # the box's widest, padding included (0: no limit)
        if language.message:
            column.addLayout(self._message_row(language.message, m, measure_px))
        # Right above the tiles it speaks of; it scrolls with them, so that at the largest text
        # on a small screen the message still fits above the fold.
        self.welcome = label(language.welcome or strings("home_hint"), "Welcome")
        column.addWidget(self.welcome)
        column.addSpacing(m.px(8))
        self.tiles: list[CardButton] = []
        self._pending: list[tuple[str, str, Path | None, Callable[[], None]]] = [
            (section.title, section.summary, section.icon,
             lambda sid=section.id: self.section_chosen.emit(sid))  # type: ignore[misc]
            for section in language.sections
        ]
        if language.faq:
            self._pending.append((language.faq_title or strings("to_questions"),
                                  strings("faq_hint"), language.faq_icon, self.faq_chosen.emit))
        tiles = QWidget()
        self.grid = QGridLayout(tiles)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(m.gap)
        self.column_count = self._guessed_columns = self.columns(len(self._pending), m)
        self._stretch_row: int | None = None
        self.finish_tiles(self.FIRST_TILES if staged else None)
        column.addWidget(tiles, 1)
        # Scrolls only when the tiles do not fit (a small screen, large text, a long message),
        # and then says so: half a tile at the bottom edge is easy to miss.
        self.tiles_area = touch_scroll_area(below)
        layout.addWidget(self.tiles_area, 1)
        # Over the bottom edge of the tiles, not below them: a cue that took height of its own
        # would change what overflows, and so whether it shows.
        self.more = QWidget(self.tiles_area)
        self.more.setObjectName("MoreTopics")
        self.more.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.more.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        cue = QVBoxLayout(self.more)
        cue.setContentsMargins(0, m.px(10), 0, m.px(10))
        self.more_text = label(strings("more_topics_below"), "MoreBelow")
        self.more_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cue.addWidget(self.more_text)
        self.more.hide()
        self.tiles_area.installEventFilter(self)
        bar = self.tiles_area.verticalScrollBar()
        bar.rangeChanged.connect(self._check_overflow)
        bar.valueChanged.connect(self._check_overflow)
        self.refresh_notices()

    def _notice_box(self, notice: Notice, strings: Strings, measure_px: int) -> QWidget:
        """One notice: the word "Notice" over its text, so it is not told by colour alone;
        its lines keep to MESSAGE_LINE_CHARS, as the message's do."""
        box = QWidget()
        box.setObjectName("ScheduledNotice")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        inner = QVBoxLayout(box)
        m = self.metrics
        inner.setContentsMargins(m.px(22), m.px(10), m.px(22), m.px(12))
        if measure_px:
            box.setMaximumWidth(measure_px * MESSAGE_LINE_CHARS // m.measure_chars + m.px(44))
        inner.setSpacing(m.px(4))
        inner.addWidget(label("⚠  " + strings("scheduled_notice"), "ScheduledNoticeTag"))
        text = label(notice.text, "ScheduledNoticeText")
        inner.addWidget(text)
        box.setAccessibleName(f"{strings('scheduled_notice')}: {notice.text}")
        box.hide()
        return box

    @property
    def shown_notices(self) -> tuple[Notice, ...]:
        """The notices on screen now (hidden ones are outside their window)."""
        return tuple(n for n, box in self._notices if not box.isHidden())

    def refresh_notices(self) -> None:
        """Show the notices whose window holds the time now, hide the others, and set the
        timer for the next moment one starts or ends."""
        self.notice_timer.stop()
        if not self._notices:
            return
        # Notices are written in the clinic's wall-clock time, without a zone.
        now = self._clock().replace(tzinfo=None)
        for notice, box in self._notices:
            box.setVisible(notice.shows_at(now))
        change = scheduled.next_change(tuple(n for n, _ in self._notices), now)
        if change is not None:
            # Rounded up: a timer due a fraction of a millisecond early would find nothing changed.
            wait = (change - now) // dt.timedelta(milliseconds=1) + 1
            self.notice_timer.start(max(0, min(wait, NOTICE_RECHECK_MS)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.tiles_area and event.type() == QEvent.Type.Resize:
            self._place_cue()
        return False

    def _place_cue(self) -> None:
        area = self.tiles_area
        height = self.more.heightForWidth(area.width())
        # A pixel past the area's bottom and right edges (clipped away on the kiosk): drawn
        # scaled, in `kiosk preview`, rounding would otherwise leave a sliver of tiles showing.
        self.more.setGeometry(0, area.height() - height, area.width() + 2, height + 2)

    def _check_overflow(self) -> None:
        bar = self.tiles_area.verticalScrollBar()
        self.more.setVisible(bar.value() < bar.maximum())
        self._place_cue()
        self.more.raise_()

    def _message_row(self, text: str, m: Metrics, measure_px: int) -> QHBoxLayout:
        """The main message: body-sized text beside a bar in the accent colour, in lines of at
        most MESSAGE_LINE_CHARS characters, evened out (`_balance_message`)."""
        self.message = label(text, "Message")
        self.message.setAccessibleName(text)
        box = self._message_box = QWidget()
        box.setObjectName("MessageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        inner = QVBoxLayout(box)
        bar = max(6, m.px(8))  # the left border's width (the stylesheet draws it)
        inner.setContentsMargins(bar + m.px(22), m.px(10), m.px(22), m.px(10))
        inner.addWidget(self.message)
        self._message_pad = bar + m.px(44)
        if measure_px:
            self._message_widest = (measure_px * MESSAGE_LINE_CHARS // m.measure_chars
                                    + self._message_pad)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box, 1)
        row.addStretch(0)
        return row

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._balance_message()
        self._two_columns_if_one_overflows()

    def _two_columns_if_one_overflows(self) -> None:
        """A tall screen shows one tile per row when they fit (`columns` guesses from the
        tiles alone). When the message leaves them too little room, two per row, if then
        every tile fits; if neither fits (large text), one per row, the easiest to read.
        Judged afresh at each size: a window that grows (a screen turned while the kiosk
        runs) may have room for one per row again."""
        if self._guessed_columns != 1 or len(self.tiles) < 2 or not self.metrics.portrait:
            return
        if self.column_count != 1:
            self.column_count = 1
            self._place_tiles()
        area, inner = self.tiles_area, self._below
        room = area.height()
        if inner.heightForWidth(area.width()) <= room:
            return
        self.column_count = 2
        self._place_tiles()
        if inner.heightForWidth(area.width()) > room:
            self.column_count = 1
            self._place_tiles()

    def _balance_message(self) -> None:
        """Narrow the message to the least width that keeps its number of lines, so the lines
        come out even: no last line of one word under three long ones."""
        message, box = self.message, self._message_box
        layout = self.layout()
        if message is None or box is None or layout is None:
            return
        message.ensurePolished()  # its font comes from the window's style sheet
        margins = layout.contentsMargins()
        widest = self.width() - margins.left() - margins.right()
        if self._message_widest:
            widest = min(widest, self._message_widest)
        pad = self._message_pad
        if widest <= pad + 1:
            return
        height = message.heightForWidth(widest - pad)
        low, high = (widest + pad) // 2, widest
        while low < high:
            middle = (low + high) // 2
            if message.heightForWidth(middle - pad) <= height:
                high = middle
            else:
                low = middle + 1
        box.setMaximumWidth(high)

    def finish_tiles(self, limit: int | None = None) -> None:
        """Make the tiles still to be made (up to `limit` of them)."""
        todo = self._pending[:limit]
        del self._pending[:len(todo)]
        for title, summary, icon_path, chosen in todo:
            icon = None
            if icon_path is not None:
                icon = tinted_icon(icon_path, self.icon_size, self.palette_.primary,
                                   self.devicePixelRatioF())
            tile = CardButton(title, summary, "Tile", self.metrics, icon)
            tile.clicked.connect(lambda _=False, f=chosen: f())
            self.tiles.append(tile)
        self._place_tiles()

    def _place_tiles(self) -> None:
        """Put every tile in the grid, `column_count` to a row (again, if they moved)."""
        grid, columns = self.grid, self.column_count
        for index in range(max(columns, 3)):
            grid.setColumnStretch(index, 1 if index < columns else 0)
        if self._stretch_row is not None:
            grid.setRowStretch(self._stretch_row, 0)
        for index, tile in enumerate(self.tiles):
            grid.removeWidget(tile)  # a no-op for a new tile; Qt warns about adding one twice
            grid.addWidget(tile, index // columns, index % columns)
        # Spare height goes below the last row of tiles, not between them.
        self._stretch_row = -(-len(self.tiles) // columns)
        grid.setRowStretch(self._stretch_row, 1)
        # Heights for a width are cached up the chain: let the next question see the new grid.
        grid.invalidate()
        tiles = grid.parentWidget()
        if tiles is not None:
            tiles.updateGeometry()
        self._column.invalidate()

    @property
    def icon_size(self) -> int:
        """An icon as tall as a line of the tile's title: it helps find the tile without
        pushing the words aside."""
        return round(self.metrics.heading * 1.15)

    @staticmethod
    def columns(count: int, m: Metrics) -> int:
        if m.portrait:
            # A tall screen has room for one wide tile per row, which is easiest to read.
            return 1 if m.height >= count * m.target * 2.6 or m.width < 700 else 2
        return 3 if count > 4 else 2
