"""The page text: a read-only QTextBrowser that never follows a link or loads anything itself,
scrolls by finger (QScroller), and reports horizontal swipes so the pager can turn pages."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader, QMouseEvent, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFrame, QScrollerProperties, QTextBrowser

from kiosk.ui.theme import Metrics, Palette, document_css
from kiosk.ui.widgets import grab_flick

log = logging.getLogger(__name__)

SWIPE_MM = 12  # a finger drag this far sideways (and mostly sideways) turns the page


class TextView(QTextBrowser):
    swiped = Signal(int)  # +1: swipe left (next page), -1: swipe right (previous page)
    overflow_changed = Signal(bool)  # True while more text lies below the visible part

    def __init__(self, m: Metrics, palette: Palette) -> None:
        super().__init__()
        self.metrics = m
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
        doc.clear()
        for path in images:
            image = self._load_image(path, width)
            if image is not None:
                doc.addResource(QTextDocument.ResourceType.ImageResource,
                                QUrl(path.as_uri()), image)
        self.setHtml(html)
        self.verticalScrollBar().setValue(0)
        self._check_overflow()

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
            image = QImage(round(target_w * ratio), round(target_h * ratio),
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
            painter.end()
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
                threshold = SWIPE_MM * self.metrics.scale * 3.6
                if abs(delta.x()) > threshold and abs(delta.x()) > 2 * abs(delta.y()):
                    self.swiped.emit(1 if delta.x() < 0 else -1)
            self._press = None
        return False
