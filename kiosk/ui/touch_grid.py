"""The installer's touch test: a full-screen grid with five targets (the four corners and the
centre). Each touch draws a marker where it landed, with its place in screen pixels, and the
last one says which target it was nearest and how far off, in millimetres: a touchscreen that
is rotated, mirrored or offset from the picture shows at once as marks far from the crosses.

Every finger of a multi-touch is drawn. A mouse press (a screen without touch) counts too. Only
Done, at the bottom in the middle (away from every target), leaves; the grid takes every other
tap."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.ui.theme import REFERENCE_PX_PER_MM, Metrics, Palette
from kiosk.ui.widgets import KeepCovering, button, cover_parent

INSET_MM = 12.0  # the corner targets' distance from the edges
GRID_MM = 20.0  # the light grid's spacing
MAX_MARKS = 200  # older marks are dropped: the test may go on for a while
_PLAUSIBLE_PX_PER_MM = (1.5, 12.0)


@dataclass(frozen=True)
class Target:
    name: str
    where: QPointF  # in the grid's own pixels


@dataclass(frozen=True)
class Mark:
    """One touch (or mouse press) where it landed: in the grid's pixels and the screen's."""

    where: QPointF
    on_screen: tuple[int, int]
    finger: int  # the touch point's id; -1 for a mouse


@dataclass(frozen=True)
class Reading:
    """What the last touch says: its place, the nearest target and how far off it was."""

    mark: Mark
    target: Target
    off_mm: float
    estimated: bool  # the screen's physical size was not plausible: millimetres are a guess

    def text(self) -> str:
        x, y = self.mark.on_screen
        about = "about " if self.estimated else ""
        return (f"Last touch: {x}, {y} px on the screen, {about}{self.off_mm:.1f} mm from "
                f"the {self.target.name} cross.")


def px_per_mm(dots_per_inch: float) -> tuple[float, bool]:
    """Pixels per millimetre from the screen's physical DPI, and whether it was a guess (a
    screen that reports no or a nonsense size gets the reference screen's density)."""
    value = dots_per_inch / 25.4
    low, high = _PLAUSIBLE_PX_PER_MM
    if low <= value <= high:
        return value, False
    return REFERENCE_PX_PER_MM, True


class TouchGrid(QWidget):
    """Covers its parent (the kiosk window). `done` when Done is pressed."""

    done = Signal()

    def __init__(self, parent: QWidget, m: Metrics, palette: Callable[[], Palette]) -> None:
        super().__init__(parent)
        # An overlay like the panels (it covers all of them), though it draws its own picture.
        self.setObjectName("Overlay")
        self.setAccessibleName("Touch test grid")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.metrics = m
        self.colours = palette
        self.marks: list[Mark] = []
        self.held: dict[int, QPointF] = {}  # fingers on the glass now
        self.last: Reading | None = None
        self.most_fingers = 0
        self.done_button = button("Done", "Done: back to the check screen")
        self.done_button.setParent(self)
        self.done_button.clicked.connect(self._finish)
        self.follow = KeepCovering(self)
        self.hide()

    # -- what it shows ------------------------------------------------------------------------
    def fit(self, m: Metrics) -> None:
        self.metrics = m
        self._place_done()
        self.update()

    def open(self) -> None:
        self.clear()
        cover_parent(self)

    def clear(self) -> None:
        self.marks.clear()
        self.held.clear()
        self.last = None
        self.most_fingers = 0
        self.update()

    def _finish(self) -> None:
        self.hide()
        self.done.emit()

    def density(self) -> tuple[float, bool]:
        return px_per_mm(self.screen().physicalDotsPerInch())

    def targets(self) -> list[Target]:
        inset = INSET_MM * self.density()[0]
        w, h = self.width(), self.height()
        return [Target("top left", QPointF(inset, inset)),
                Target("top right", QPointF(w - inset, inset)),
                Target("centre", QPointF(w / 2, h / 2)),
                Target("bottom left", QPointF(inset, h - inset)),
                Target("bottom right", QPointF(w - inset, h - inset))]

    def readout(self) -> str:
        if self.last is None:
            return "Touch each cross with one finger, then with two or more at once."
        return (f"{self.last.text()}\nTouches: {len(self.marks)}. Most fingers at once: "
                f"{self.most_fingers}.")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place_done()

    def _place_done(self) -> None:
        b, m = self.done_button, self.metrics
        b.adjustSize()
        width = max(b.sizeHint().width(), m.px(260))
        height = max(b.sizeHint().height(), m.target)
        b.setGeometry(round((self.width() - width) / 2),
                      self.height() - height - round(INSET_MM * self.density()[0]),
                      width, height)

    # -- touches ------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel) and isinstance(event, QTouchEvent):
            points = event.points()
            if kind == QEvent.Type.TouchBegin and points and self._on_done(
                    points[0].position()):
                # Let Qt make a mouse press of it for the button.
                event.ignore()
                return False
            for point in points:
                self._touched(point.id(), point.position(), point.globalPosition(),
                              point.state())
            event.accept()
            self.update()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
            return  # made from a touch we already drew
        self.most_fingers = max(self.most_fingers, 1)
        self._add(Mark(event.position(), self._screen_px(event.globalPosition()), -1))
        self.update()

    def _on_done(self, where: QPointF) -> bool:
        return self.done_button.geometry().contains(where.toPoint())

    def _touched(self, finger: int, where: QPointF, globally: QPointF,
                 state: object) -> None:
        from PySide6.QtGui import QEventPoint  # noqa: PLC0415

        if state == QEventPoint.State.Pressed:
            self._add(Mark(where, self._screen_px(globally), finger))
        if state == QEventPoint.State.Released:
            self.held.pop(finger, None)
        else:
            self.held[finger] = where
        self.most_fingers = max(self.most_fingers, len(self.held))

    def _screen_px(self, globally: QPointF) -> tuple[int, int]:
        """A place in the screen's own pixels (device pixels, from its top-left corner)."""
        screen = self.screen()
        local = globally - QPointF(screen.geometry().topLeft())
        ratio = screen.devicePixelRatio()
        return round(local.x() * ratio), round(local.y() * ratio)

    def _add(self, mark: Mark) -> None:
        self.marks = [*self.marks, mark][-MAX_MARKS:]
        per_mm, estimated = self.density()
        nearest = min(self.targets(), key=lambda t: _distance(t.where, mark.where))
        self.last = Reading(mark, nearest, _distance(nearest.where, mark.where) / per_mm,
                            estimated)
        self.setAccessibleDescription(self.readout())

    # -- drawing ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        m, p = self.metrics, self.colours()
        per_mm, _ = self.density()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(p.background))
        light = QColor(p.dot_inactive)
        light.setAlpha(90)  # a light grid: the crosses and marks stand out
        painter.setPen(QPen(light, 1))
        step = GRID_MM * per_mm
        x = step
        while x < self.width():
            painter.drawLine(round(x), 0, round(x), self.height())
            x += step
        y = step
        while y < self.height():
            painter.drawLine(0, round(y), self.width(), round(y))
            y += step
        arm = 6 * per_mm
        cross = QPen(QColor(p.primary), max(3, m.px(4)))
        for target in self.targets():
            painter.setPen(cross)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            c = target.where
            painter.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
            painter.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))
            painter.drawEllipse(c, arm * 0.6, arm * 0.6)
        font = QFont(self.font())
        font.setPixelSize(m.small)
        painter.setFont(font)
        line = QFontMetrics(font).height()
        mark_pen = QPen(QColor(p.focus), max(3, m.px(4)))
        radius = 2.5 * per_mm
        for mark in self.marks:
            painter.setPen(mark_pen)
            painter.setBrush(QColor(p.focus))
            painter.drawEllipse(mark.where, radius * 0.4, radius * 0.4)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(mark.where, radius, radius)
        for where in self.held.values():  # a finger still down: a larger ring
            painter.setPen(QPen(QColor(p.text), max(2, m.px(3))))
            painter.drawEllipse(where, radius * 2, radius * 2)
        painter.setPen(QPen(QColor(p.text)))
        for mark in self.marks[-12:]:  # the newest marks' places, beside them
            x, y = mark.on_screen
            words = f"{x}, {y}"
            wide = QFontMetrics(font).horizontalAdvance(words)
            left = mark.where.x() + radius * 1.4
            if left + wide > self.width():  # near the right edge: on the left of the mark
                left = mark.where.x() - radius * 1.4 - wide
            painter.drawText(QRectF(left, mark.where.y() - line / 2, wide + 2, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)
        # The readout: above the centre cross, across the middle of the screen.
        width = min(self.width() - 2 * m.margin, m.px(1100))
        box = QRectF((self.width() - width) / 2, self.height() / 2 - arm - line * 4.5,
                     width, line * 4)
        painter.setFont(font)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom \
            | Qt.TextFlag.TextWordWrap
        painter.drawText(box, flags, self.readout())
        painter.end()


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())
