"""The page text: a read-only QTextBrowser that never follows a link or loads anything itself,
scrolls by finger (QScroller), and reports horizontal swipes so the pager can turn pages.

Links between pages (`kiosk:` addresses, kiosk/content/links.py) are reported by `link_tapped`
and opened by the router. A link inside a sentence is underlined and tappable where it stands.
A paragraph that is only a link is a poor target as words, so it becomes a LinkButton: a real
button (touch-sized, focusable, with an accessible name) laid over the paragraph, whose space
is made as tall as the button, so it keeps its place in the text and scrolls with it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QImageReader,
    QMouseEvent,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QScrollerProperties, QTextBrowser

from kiosk.content.links import target_of
from kiosk.ui.drawing import svg_image
from kiosk.ui.theme import Metrics, Palette, document_css
from kiosk.ui.widgets import LinkButton, grab_flick

log = logging.getLogger(__name__)

SWIPE_MM = 12  # a finger drag this far sideways (and mostly sideways) turns the page
TAP_MM = 4  # a finger that moved less than this between press and release tapped
REACH_MM = 3  # a tap this far above or below a link's words still opens it


class TextView(QTextBrowser):
    swiped = Signal(int)  # +1: swipe left (next page), -1: swipe right (previous page)
    overflow_changed = Signal(bool)  # True while more text lies below the visible part
    link_tapped = Signal(str)  # the id of what a tapped link opens (kiosk/content/links.py)

    def __init__(self, m: Metrics, palette: Palette, link_hint: str = "") -> None:
        """`link_hint`: what a link button says it does, for screen readers."""
        super().__init__()
        self.metrics = m
        self.link_hint = link_hint
        self.link_buttons: list[LinkButton] = []
        self._link_blocks: list[int] = []  # the paragraph each button covers, by number
        self._placing = False
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(self.wordWrapMode().WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultStyleSheet(document_css(m, palette))
        self.document().setDocumentMargin(0)
        self.document().setUndoRedoEnabled(False)  # the view edits only the link paragraphs
        self.document().documentLayout().documentSizeChanged.connect(self._place_link_buttons)
        self.viewport().setAutoFillBackground(False)
        scroller = grab_flick(self.viewport())
        props = scroller.scrollerProperties()
        props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
                              QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
        props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy,
                              QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
        scroller.setScrollerProperties(props)
        self._press: QPointF | None = None
        self.viewport().installEventFilter(self)
        self.verticalScrollBar().valueChanged.connect(self._check_overflow)
        self.verticalScrollBar().rangeChanged.connect(self._check_overflow)

    def show_page(self, html: str, images: tuple[Path, ...], width: int) -> None:
        """Show safe HTML whose images are already on disk; each is drawn here, sized to fit."""
        doc = self.document()
        for button in self.link_buttons:
            button.hide()
            button.deleteLater()
        self.link_buttons, self._link_blocks = [], []
        doc.clear()
        for path in images:
            image = self._load_image(path, width)
            if image is not None:
                doc.addResource(QTextDocument.ResourceType.ImageResource,
                                QUrl(path.as_uri()), image)
        self.setHtml(html)
        self._make_link_buttons()
        self.verticalScrollBar().setValue(0)
        self._place_link_buttons()
        self._check_overflow()

    def _make_link_buttons(self) -> None:
        block = self.document().begin()
        while block.isValid():
            target = _only_link(block)
            if target is not None:
                words = " ".join(block.text().split())  # a line break is a space here
                button = LinkButton(words, self.link_hint, self.metrics, self.viewport())
                button.clicked.connect(lambda _=False, t=target: self.link_tapped.emit(t))
                button.ensurePolished()  # its fonts from the style sheet, before it is measured
                button.show()
                self.link_buttons.append(button)
                self._link_blocks.append(block.blockNumber())
                # The words stay in the document (select-all, speech, tests) but are not
                # drawn: the button shows them.
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                    QTextCursor.MoveMode.KeepAnchor)
                hidden = QTextCharFormat()
                hidden.setForeground(QColor(Qt.GlobalColor.transparent))
                cursor.mergeCharFormat(hidden)
            block = block.next()

    def _place_link_buttons(self) -> None:
        """Make each button's paragraph as tall as the button, then lay the button over it.
        Runs whenever the text is laid out again (a new page, a resize) or scrolled."""
        if self._placing or not self.link_buttons:
            return
        self._placing = True
        try:
            doc, gap, above = self.document(), self.metrics.gap, self.metrics.px(12)
            layout = doc.documentLayout()
            heights = []
            for number, button in zip(self._link_blocks, self.link_buttons, strict=True):
                block = doc.findBlockByNumber(number)
                words = layout.blockBoundingRect(block)  # the words, without the margins
                height = max(self.metrics.target, button.heightForWidth(round(words.width())),
                             round(words.height()))
                heights.append(height)
                below = height - words.height() + gap
                form = block.blockFormat()
                if abs(form.bottomMargin() - below) > 0.5 or form.topMargin() != above:
                    # Close to the words before it (`Read more:`); ≥ 8 mm from what follows,
                    # so two buttons in a row are as far apart as any two targets.
                    form.setTopMargin(above)
                    form.setBottomMargin(below)
                    QTextCursor(block).setBlockFormat(form)
            top = self.verticalScrollBar().value()
            for number, button, height in zip(self._link_blocks, self.link_buttons, heights,
                                              strict=True):
                words = layout.blockBoundingRect(doc.findBlockByNumber(number))
                button.setGeometry(round(words.x()), round(words.y()) - top,
                                   round(words.width()), height)
        finally:
            self._placing = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._place_link_buttons()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt API
        super().scrollContentsBy(dx, dy)
        self._place_link_buttons()

    def _link_near(self, point: QPointF) -> str | None:
        """The id a tap at `point` opens: on a link's words, or a little above or below them
        (a finger is wider than a line's gap)."""
        reach = round(REACH_MM * self.metrics.scale * 3.6)
        for dy in (0, -reach, reach):
            target = target_of(self.anchorAt(QPoint(round(point.x()), round(point.y()) + dy)))
            if target is not None:
                return target
        return None

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # noqa: N802 - Qt API
        # Everything the page needs was added up front; never fetch or open anything else.
        return None

    def _load_image(self, path: Path, width: int) -> QImage | None:
        max_width = min(width, self.metrics.px(900))
        # A picture shares the screen with its words: never taller than ~40% of the screen.
        max_height = round(self.metrics.height * 0.4)
        if path.suffix.lower() == ".svg":
            renderer = QSvgRenderer(str(path))
            if not renderer.isValid():
                log.warning("picture %s could not be read", path)
                return None
            size = renderer.defaultSize()
            if size.width() <= 0:
                return None
            target_w = min(max_width, round(size.width() * max_height / max(1, size.height())))
            target_h = round(size.height() * target_w / size.width())
            ratio = self.devicePixelRatioF()
            image = svg_image(renderer, round(target_w * ratio), round(target_h * ratio))
            image.setDevicePixelRatio(ratio)
            return image
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            log.warning("picture %s could not be read: %s", path, reader.errorString())
            return None
        if image.width() > max_width or image.height() > max_height:
            image = image.scaled(max_width, max_height, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        return image

    def _check_overflow(self) -> None:
        bar = self.verticalScrollBar()
        # A few pixels of trailing margin are not "more text": ignore less than half a line.
        self.overflow_changed.emit(bar.maximum() - bar.value() > self.metrics.body // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._press = event.position()
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if self._press is not None:
                delta = event.position() - self._press
                mm = self.metrics.scale * 3.6
                if abs(delta.x()) > SWIPE_MM * mm and abs(delta.x()) > 2 * abs(delta.y()):
                    self.swiped.emit(1 if delta.x() < 0 else -1)
                elif delta.manhattanLength() < TAP_MM * mm:
                    target = self._link_near(event.position())
                    if target is not None:
                        self.link_tapped.emit(target)
            self._press = None
        return False


def _only_link(block: QTextBlock) -> str | None:
    """The id a paragraph opens if it is nothing but one link (not a list item or a heading:
    those stay words), else None. kiosk/content/render.py gives such links their own
    paragraph."""
    if block.textList() is not None or block.blockFormat().headingLevel() or \
            not block.text().strip():
        return None
    found: set[str] = set()
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        if fragment.text().strip():
            found.add(fragment.charFormat().anchorHref())
        fragments += 1
    only = found.pop() if len(found) == 1 else ""
    return target_of(only)
