"""Touch-sized building blocks shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import Metrics, Palette

# Buttons take focus from the keyboard (Tab), not from a tap: on a touchscreen a tapped button
# kept its focus ring, a look that stayed after the finger lifted as if it were still chosen.
BUTTON_FOCUS = Qt.FocusPolicy.TabFocus


def button(text: str, name: str = "", secondary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName("Secondary" if secondary else "Primary")
    widget.setAccessibleName(name or text)
    widget.setFocusPolicy(BUTTON_FOCUS)
    widget.setAutoDefault(False)
    return widget


def label(text: str, name: str, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(name)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return widget


_FLICK = "kiosk_flick_gesture"


def grab_flick(target: QWidget) -> QScroller:
    """Make `target` (a scroll area's viewport) scroll by dragging a finger, kinetically.

    QScroller.grabGesture registers a new gesture recognizer on every call, under a new gesture
    number, and PySide6 (6.11) turns each new number it returns into a new Python enum class
    that is never freed: about 5 KB for every scrolling area ever made, and screens are remade
    on each change of language or text size, for months. So the gesture is registered once,
    on the application object (which outlives every screen), and each area grabs that same
    gesture: QScroller's recognizer steers whichever widget's scroller the gesture is on.
    """
    app = QApplication.instance()
    assert app is not None
    kind = app.property(_FLICK)
    if kind is None:
        kind = int(QScroller.grabGesture(app, QScroller.ScrollerGestureType.LeftMouseButtonGesture))
        app.setProperty(_FLICK, kind)
    scroller = QScroller.scroller(target)
    target.grabGesture(Qt.GestureType(int(kind)))
    return scroller


def touch_scroll_area(inner: QWidget) -> QScrollArea:
    """A scroll area moved by dragging a finger (kinetic), with no thin scroll bars to aim at."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    grab_flick(area.viewport())
    area.setWidget(inner)
    return area


class CardButton(QPushButton):
    """A large button holding word-wrapped text (QPushButton alone cannot wrap): home tiles and
    FAQ questions. A home tile may have an icon left of its title: decoration only, so the
    button's accessible name stays its title."""

    def __init__(self, title: str, subtitle: str, kind: str, m: Metrics,
                 icon: QPixmap | None = None) -> None:
        super().__init__()
        self.setObjectName(kind)
        self.setFocusPolicy(BUTTON_FOCUS)
        self.setAutoDefault(False)
        self.setAccessibleName(title)
        if subtitle:
            self.setAccessibleDescription(subtitle)
        layout = QVBoxLayout(self)
        pad = m.px(24)
        layout.setContentsMargins(pad + m.px(8), pad if kind == "Tile" else m.px(14), pad,
                                  pad if kind == "Tile" else m.px(14))
        layout.setSpacing(m.px(8))
        self.title_label = label(title, "TileTitle" if kind == "Tile" else "QuestionText")
        layout.addStretch(1)  # stretches above and below centre the text in a tall tile
        self.icon_label: QLabel | None = None
        if icon is not None:
            self.icon_label = QLabel()
            self.icon_label.setObjectName("TileIcon")
            self.icon_label.setPixmap(icon)
            row = QHBoxLayout()
            row.setSpacing(m.px(18))
            row.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(self.title_label, 1)
            layout.addLayout(row)
        else:
            layout.addWidget(self.title_label)
        self.subtitle_label: QLabel | None = None
        if subtitle:
            self.subtitle_label = label(subtitle, "TileSummary")
            layout.addWidget(self.subtitle_label)
        layout.addStretch(1)
        for child in (self.title_label, self.subtitle_label, self.icon_label):
            if child is not None:
                child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # wrapped text needs more height in a narrow tile
        self.setSizePolicy(policy)
        # Minimum heights come from the stylesheet (QSS min-height wins over setMinimumHeight).

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        # QPushButton ignores its layout for the hint; ask the layout so text is never clipped.
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        layout = self.layout()
        if layout is None:
            return super().heightForWidth(width)
        return max(self.minimumHeight(), layout.totalHeightForWidth(width))


class LinkButton(CardButton):
    """A link on a line of its own in a page's text, as a large button across the column: its
    words, and an arrow that says it opens a page (kiosk/ui/text_view.py places it)."""

    def __init__(self, text: str, hint: str, m: Metrics, parent: QWidget) -> None:
        # A no-break space keeps the arrow with the last word when the words wrap.
        super().__init__(f"{text}\u00a0\u00a0›", "", "Link", m)
        self.setParent(parent)
        self.setAccessibleName(text)
        if hint:
            self.setAccessibleDescription(hint)


class PageDots(QWidget):
    """One dot per page: the current one filled and larger, others hollow (not colour alone)."""

    def __init__(self, m: Metrics, palette: Palette) -> None:
        super().__init__()
        self.metrics = m
        self.palette_ = palette
        self.count = 0
        self.current = 0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_position(self, current: int, count: int) -> None:
        self.current, self.count = current, count
        self.setAccessibleName(f"Page {current + 1} of {count}")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        d = self.metrics.px(22)
        return QSize(max(1, self.count) * d * 2, d * 2)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        if self.count <= 1:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        d = self.metrics.px(22)
        step = d * 2
        x0 = (self.width() - step * self.count) / 2 + step / 2
        y = self.height() / 2
        for index in range(self.count):
            centre = QPointF(x0 + index * step, y)
            active = index == self.current
            colour = QColor(self.palette_.primary if active else self.palette_.dot_inactive)
            painter.setPen(QPen(colour, max(2, self.metrics.px(3))))
            painter.setBrush(colour if active else Qt.BrushStyle.NoBrush)
            r = d * (0.55 if active else 0.4)
            painter.drawEllipse(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r))
        painter.end()


class NoticeBar(QWidget):
    """The standing notice on every screen: general information; the care team comes first."""

    def __init__(self, text: str, m: Metrics) -> None:
        super().__init__()
        self.setObjectName("Notice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.row = QHBoxLayout(self)
        self.fit(m)
        self.text = label(text, "NoticeText")
        self.text.setAccessibleName(text)
        self.row.addWidget(self.text)

    def fit(self, m: Metrics) -> None:
        """Sized for the screen (again, when the screen changes while the kiosk runs)."""
        self.row.setContentsMargins(m.margin, m.px(14), m.margin, m.px(14))


def cover_parent(widget: QWidget) -> None:
    """Show `widget` over the whole of its parent (the window), above everything on it."""
    parent = widget.parentWidget()
    if parent is not None:
        widget.setGeometry(parent.rect())
    widget.show()
    widget.raise_()


class KeepCovering(QObject):
    """Keeps a shown `widget` over the whole of its parent when the parent is resized (a screen
    turned, or given a new mode). For covers that are not panels: the window resizes those."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        parent = widget.parentWidget()
        assert parent is not None
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        parent = self.widget.parentWidget()
        # isHidden, not isVisible: a cover shown before the window is (asleep at start) follows
        # the window's first sizing too.
        if event.type() == QEvent.Type.Resize and watched is parent and parent is not None \
                and not self.widget.isHidden():
            self.widget.setGeometry(parent.rect())
        return False


class Overlay(QWidget):
    """Covers the whole window with a dimmed layer and a centred card. Touches anywhere on it
    stay on it, so nothing underneath is pressed by mistake."""

    def __init__(self, parent: QWidget, m: Metrics, name: str) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAccessibleName(name)
        self.outer = outer = QVBoxLayout(self)
        self.card = QWidget()
        self.card.setObjectName("Card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.body = QVBoxLayout(self.card)
        self.fit(m)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.card, 100)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def full_height(self) -> None:
        """The card takes the window's height, not its own hint's: no stretch above or below."""
        self.outer.setStretch(0, 0)
        self.outer.setStretch(1, 1)
        self.outer.setStretch(2, 0)

    def fit(self, m: Metrics) -> None:
        """Sized for the screen (again, when the screen changes while the kiosk runs)."""
        edge = m.px(16)
        self.outer.setContentsMargins(edge, edge, edge, edge)
        self.card.setMaximumWidth(max(m.px(900), min(m.width - 2 * m.margin, m.px(1100))))
        pad = m.px(32)
        self.body.setContentsMargins(pad, pad, pad, pad)
        self.body.setSpacing(m.px(24))

    def open(self) -> None:
        cover_parent(self)
