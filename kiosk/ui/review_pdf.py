"""`kiosk export --format pdf`: the review copy's HTML (kiosk/core/review_html.py) printed to a
PDF by Qt's own rich text (QTextDocument onto a QPdfWriter), so it needs no browser, no PDF
library and no display.

Paper follows the locale, as a clinic's printer does: Letter where the locale measures in US
units (the United States, and the few others Qt counts so), A4 everywhere else; 2 cm margins
either way. Each sheet's foot names the copy, the day it was exported and "Page N of M", so a
loose sheet still says what it belongs to.

Pictures are drawn here, not by Qt's image plugins: a drawing (SVG) through QSvgRenderer at
print resolution, since the packaged kiosk need not carry the SVG image-format plugin, and every
picture is handed to the document as a resource, so it never reads a file or fetches anything.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QImageReader,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer

from kiosk.core.review_copy import ReviewCopy
from kiosk.core.review_html import Picture, as_html, fit
from kiosk.ui.drawing import svg_image
from kiosk.ui.fonts import load_fonts

log = logging.getLogger(__name__)

MARGIN_MM = 20.0
RESOLUTION = 300  # dots per inch of the page's coordinates; text and lines stay vector
CSS_DPI = 96  # the HTML's picture sizes are CSS pixels, 96 to the inch
BODY_PT = 13.0
FOOTER_PT = 9.0


def paper_for(locale: QLocale) -> QPageSize.PageSizeId:
    """Letter for a locale that measures in US units, else A4."""
    if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize.PageSizeId.Letter
    return QPageSize.PageSizeId.A4


def write_pdf(copy: ReviewCopy, target: Path,
              paper: QPageSize.PageSizeId | None = None) -> tuple[int, str]:
    """Print `copy` to the PDF file `target` (replaced if there) on `paper` (by default the
    system locale's); return how many sheets it has and the paper's name. Starts a Qt
    application on the offscreen platform if none is running and no platform was chosen."""
    app = _application()
    size = QPageSize(paper if paper is not None else paper_for(QLocale.system()))
    family = load_fonts()
    pictures = _Pictures()
    html = as_html(copy, pictures.add, browser=False)
    writer = QPdfWriter(str(target))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(
        size, QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"Review copy: {copy.title}")
    writer.setCreator("Waiting Room Kiosk (kiosk export)")
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    font = QFont(family)
    font.setPointSizeF(BODY_PT)
    document.setDefaultFont(font)
    for name, image in pictures.images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(html)
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer = _footer_font(family)
    footer_height = _points_to_pixels(FOOTER_PT * 2.6)
    page = QSizeF(area.width(), area.height() - footer_height)
    document.setPageSize(page)
    sheets = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {target}")
    try:
        for number in range(sheets):
            if number:
                writer.newPage()
            _draw_sheet(painter, document, page, number)
            _draw_footer(painter, footer, QRectF(0, page.height(), page.width(), footer_height),
                         f"Review copy: {copy.title} · exported "
                         f"{copy.cover.exported:%Y-%m-%d}", f"Page {number + 1} of {sheets}")
    finally:
        painter.end()
    del app  # the application outlives the painting, not the call
    return sheets, size.name()


def _application() -> QGuiApplication:
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    # A PDF needs no screen: with no platform chosen, the offscreen one works everywhere,
    # with or without a display (a server, a service, an SSH session).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(sys.argv[:1])


def _draw_sheet(painter: QPainter, document: QTextDocument, page: QSizeF, number: int) -> None:
    painter.save()
    top = number * page.height()
    painter.translate(0, -top)
    # Half a dot in from each edge: the layout draws every line that touches its clip, and a
    # line that starts exactly where the next sheet does would be written here too, unseen
    # but found by a search of the PDF and by copying its text.
    document.drawContents(painter, QRectF(0, top + 0.5, page.width(), page.height() - 1))
    painter.restore()


def _footer_font(family: str) -> QFont:
    font = QFont(family)
    font.setPointSizeF(FOOTER_PT)
    return font


def _draw_footer(painter: QPainter, font: QFont, area: QRectF, left: str, right: str) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor("#444444"))
    bottom = Qt.AlignmentFlag.AlignBottom
    painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | bottom), left)
    painter.drawText(area, int(Qt.AlignmentFlag.AlignRight | bottom), right)
    painter.restore()


def _points_to_pixels(points: float) -> float:
    return points * RESOLUTION / 72


class _Pictures:
    """Each picture file drawn once, at the size the HTML prints it, as a document resource."""

    def __init__(self) -> None:
        self.images: dict[str, QImage] = {}
        self._shown: dict[Path, Picture | None] = {}

    def add(self, path: Path) -> Picture | None:
        if path not in self._shown:
            self._shown[path] = self._draw(path)
        return self._shown[path]

    def _draw(self, path: Path) -> Picture | None:
        if path.suffix.lower() == ".svg":
            image, width, height = self._drawing(path)
        else:
            image, width, height = self._photo(path)
        if image is None or width is None or height is None:
            return None
        name = f"review-picture:{len(self.images) + 1}"
        self.images[name] = image
        return Picture(name, width, height)

    @staticmethod
    def _drawing(path: Path) -> tuple[QImage | None, int | None, int | None]:
        renderer = QSvgRenderer(str(path))
        size = renderer.defaultSize()
        if not renderer.isValid() or size.width() <= 0 or size.height() <= 0:
            log.warning("picture %s could not be read; its description is printed instead",
                        path)
            return None, None, None
        width, height = fit((size.width(), size.height()), drawing=True)
        if width is None or height is None:
            return None, None, None
        scale = RESOLUTION / CSS_DPI
        image = svg_image(renderer, round(width * scale), round(height * scale),
                          Qt.GlobalColor.white)
        return image, width, height

    @staticmethod
    def _photo(path: Path) -> tuple[QImage | None, int | None, int | None]:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        image = reader.read()
        if image.isNull():
            log.warning("picture %s could not be read (%s); its description is printed "
                        "instead", path, reader.errorString())
            return None, None, None
        width, height = fit((image.width(), image.height()), drawing=False)
        if width is None or height is None:
            return None, None, None
        # More pixels than the printer can place only make the file bigger.
        most = round(width * RESOLUTION / CSS_DPI)
        if image.width() > most:
            image = image.scaledToWidth(most, Qt.TransformationMode.SmoothTransformation)
        return image, width, height
