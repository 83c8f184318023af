"""Tile icons drawn as one-colour pictograms in the theme's colour.

Staff give black drawings on a transparent background (kiosk/content/icons.py checked them).
Only their shape is kept: every pixel they cover is painted in the colour asked for, so one
drawing suits the normal and the high-contrast theme alike. Drawn at the screen's device pixel
ratio, so the lines stay sharp on a dense screen.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)


def tinted_icon(path: Path, size: int, colour: str, ratio: float = 1.0) -> QPixmap | None:
    """`path` drawn `size` device-independent pixels square, in `colour`; None (logged) if Qt
    cannot read the file: the tile then shows without it."""
    pixels = max(1, round(size * ratio))
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if not _draw(painter, path, pixels):
            log.warning("the icon %s could not be drawn; its tile shows without it", path)
            return None
        # Keep the drawing's shape (its alpha), and paint all of it in the one colour.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(image.rect(), QColor(colour))
    finally:
        painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def _draw(painter: QPainter, path: Path, pixels: int) -> bool:
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return False
        renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        renderer.render(painter, QRectF(0, 0, pixels, pixels))
        return True
    picture = QImageReader(str(path)).read()
    if picture.isNull():
        return False
    picture = picture.scaled(pixels, pixels, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    painter.drawImage((pixels - picture.width()) // 2, (pixels - picture.height()) // 2, picture)
    return True
