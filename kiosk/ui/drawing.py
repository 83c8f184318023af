"""An SVG drawn into an image of a given pixel size: the page's pictures on screen and in the
review copy's PDF are made the same way."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def svg_image(renderer: QSvgRenderer, width: int, height: int,
              background: Qt.GlobalColor = Qt.GlobalColor.transparent) -> QImage:
    """`renderer`'s drawing stretched to `width` × `height` pixels over `background` (white
    for paper, which has no transparency)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background)
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image
