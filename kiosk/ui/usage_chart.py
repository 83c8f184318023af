"""The staff panel's usage chart: page views and questions opened on each of the last 14 days,
drawn with QPainter (no chart library). Counts only, as kept by kiosk/core/usage.py.

Page views are filled bars, questions opened hollow ones beside them, so the two never differ by
colour alone; the largest day of each is labelled with its number, and each day has its date
and weekday under it. Its accessible description gives every figure, for a screen reader."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import Metrics, Palette

Day = tuple[date, Mapping[str, int]]
SERIES = (("page_view", "Page views"), ("faq_open", "Questions opened"))
_WEEKDAYS = "MTWTFSS"
OFF_TEXT = "Usage counting is off"
NONE_TEXT = "No use in these days"


class UsageChart(QWidget):
    """`show_days(days)`: one (date, counts per kind) per day, oldest first; no days means
    usage counting is off, and the chart says so."""

    def __init__(self, m: Metrics, palette: Palette) -> None:
        super().__init__()
        self.setObjectName("UsageChart")
        self.metrics = m
        self.palette_ = palette
        self.days: list[Day] = []
        self.setAccessibleName("Usage chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.fit(m, palette)

    def fit(self, m: Metrics, palette: Palette) -> None:
        """Sized and coloured for the screen and the theme shown now."""
        self.metrics, self.palette_ = m, palette
        self.setMinimumSize(m.px(520), m.px(250))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.metrics.px(720), self.metrics.px(300))

    def show_days(self, days: Sequence[Day]) -> None:
        self.days = [(day, dict(counts)) for day, counts in days]
        self.setAccessibleDescription(self.text_alternative())
        self.update()

    def totals(self) -> dict[str, int]:
        return {kind: sum(counts.get(kind, 0) for _, counts in self.days) for kind, _ in SERIES}

    def text_alternative(self) -> str:
        """Every figure in words: what a screen reader says instead of the picture."""
        if not self.days:
            return OFF_TEXT + "."
        first, last = self.days[0][0], self.days[-1][0]
        parts = [f"Last {len(self.days)} days, {first:%a %d %b} to {last:%a %d %b}."]
        for day, counts in self.days:
            parts.append(f"{day:%a %d %b}: {counts.get('page_view', 0)} page views, "
                         f"{counts.get('faq_open', 0)} questions opened.")
        return " ".join(parts)

    def _peaks(self) -> set[tuple[int, str]]:
        """Which bars get their number: each series' largest (its first day with the most),
        but only one number a day, so two never overlap."""
        chosen: set[tuple[int, str]] = set()
        for kind, _ in SERIES:
            values = [counts.get(kind, 0) for _, counts in self.days]
            peak = max(values, default=0)
            if peak > 0:
                index = values.index(peak)
                if not any(day == index for day, _ in chosen):
                    chosen.add((index, kind))
        return chosen

    def _font(self, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(self.metrics.small)
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        m, p = self.metrics, self.palette_
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_pen = QPen(QColor(p.text))
        painter.setFont(self._font())
        line = QFontMetrics(painter.font()).height()
        area = QRectF(self.rect())
        if not self.days:
            painter.setPen(text_pen)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, OFF_TEXT)
            painter.end()
            return
        fill, outline = QColor(p.primary), QColor(p.text)
        pen_width = max(2, m.px(3))
        # The legend, with each series' total over the days shown; on a second line if the
        # two do not fit side by side.
        x, y, gap, swatch = 0.0, 0.0, m.px(24), line * 0.7
        totals = self.totals()
        for index, (kind, name) in enumerate(SERIES):
            words = f"{name}: {totals[kind]}"
            wide = swatch + m.px(10) + QFontMetrics(painter.font()).horizontalAdvance(words)
            if x > 0 and x + wide > area.width():
                x, y = 0.0, y + line
            box = QRectF(x + pen_width, y + (line - swatch) / 2, swatch, swatch)
            painter.setPen(QPen(fill if index == 0 else outline, pen_width))
            painter.setBrush(fill if index == 0 else Qt.BrushStyle.NoBrush)
            painter.drawRect(box)
            painter.setPen(text_pen)
            painter.drawText(QRectF(box.right() + m.px(10), y, area.width(), line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)
            x = box.right() + m.px(10) + QFontMetrics(painter.font()).horizontalAdvance(words) \
                + gap
        # The plot: a number's height above the bars for the largest one's label, two lines of
        # day labels below the base line.
        top = y + line * 2.2
        base = area.height() - line * 2 - m.px(8)
        slot = area.width() / len(self.days)
        biggest = max(max(counts.get(kind, 0) for _, counts in self.days) for kind, _ in SERIES)
        painter.setPen(QPen(QColor(p.muted_text), max(1, m.px(2))))
        painter.drawLine(0, round(base), round(area.width()), round(base))
        if biggest == 0:
            painter.setPen(text_pen)
            painter.drawText(QRectF(0, top, area.width(), base - top),
                             Qt.AlignmentFlag.AlignCenter, NONE_TEXT)
        bar = max(2.0, slot * 0.36)
        crowded = QFontMetrics(painter.font()).horizontalAdvance("00") + m.px(10) > slot
        labelled = self._peaks()
        for index, (day, counts) in enumerate(self.days):
            left = index * slot + (slot - 2 * bar - m.px(2)) / 2
            for number, (kind, _) in enumerate(SERIES):
                value = counts.get(kind, 0)
                if value <= 0:
                    continue
                height = (base - top) * value / biggest
                rect = QRectF(left + number * (bar + m.px(2)), base - height, bar, height)
                if number == 0:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(fill)
                    painter.drawRect(rect)
                else:
                    painter.setPen(QPen(outline, pen_width))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(rect.adjusted(pen_width / 2, pen_width / 2,
                                                   -pen_width / 2, 0))
                if (index, kind) in labelled:
                    painter.setPen(text_pen)
                    painter.setFont(self._font(bold=True))
                    centre = rect.center().x()
                    painter.drawText(QRectF(centre - slot, rect.top() - line, 2 * slot, line),
                                     Qt.AlignmentFlag.AlignHCenter
                                     | Qt.AlignmentFlag.AlignBottom, str(value))
                    painter.setFont(self._font())
            painter.setPen(text_pen)
            column = QRectF(index * slot, base + m.px(4), slot, line)
            if crowded and (len(self.days) - 1 - index) % 2:
                pass  # every other date (today's always) where two would touch
            else:
                painter.drawText(column, Qt.AlignmentFlag.AlignCenter, str(day.day))
            painter.drawText(column.translated(0, line), Qt.AlignmentFlag.AlignCenter,
                             _WEEKDAYS[day.weekday()])
        painter.end()
