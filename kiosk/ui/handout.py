"""A take-home link as a QR code, drawn here (segno) and never fetched or opened: the patient's
phone does the rest, at home."""

from __future__ import annotations

import io
import logging
import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import label

log = logging.getLogger(__name__)

QR_MM = 30  # big enough for a phone camera at arm's length


def qr_image(url: str, size_px: int) -> QImage:
    # Imported here, on the first page with an address: segno brings urllib, http and ssl
    # with it (about 10 MB and 35 ms at every start), and most kiosks never show a code.
    import segno  # noqa: PLC0415

    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    modules = code.symbol_size(scale=1, border=2)[0]
    # Whole pixels per module keep the code crisp; round up so it is never below `size_px`.
    code.save(buffer, kind="png", scale=max(1, math.ceil(size_px / modules)), border=2,
              dark="#000000", light="#FFFFFF")
    image = QImage()
    image.loadFromData(buffer.getvalue())  # the format is detected from the PNG header
    return image


class HandoutPanel(QWidget):
    """The code and a short label; hidden when there is no address."""

    def __init__(self, m: Metrics, caption: str) -> None:
        super().__init__()
        self.metrics = m
        self.url = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(m.px(16))
        self.code = QLabel()
        self.code.setAccessibleName(caption)
        self.caption = label(caption, "Note")
        self.caption.setAccessibleName(caption)
        row.addWidget(self.code, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.caption, 1, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_url(self, url: str) -> None:
        if url == self.url:
            self.setVisible(bool(url))
            return
        self.url = url
        if not url:
            self.hide()
            return
        size = max(96, round(QR_MM * 3.6 * self.metrics.scale))
        image = qr_image(url, size)
        if image.isNull():
            log.warning("could not draw the QR code for %s", url)
            self.hide()
            return
        self.code.setPixmap(QPixmap.fromImage(image))
        self.code.setAccessibleDescription(url)
        self.show()
