"""The slideshow's "Touch the screen to explore" cue: a banner over the pager's button row,
which the slideshow hides, so patients watching from their chairs know the screen is theirs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.theme import Metrics
from kiosk.ui.widgets import label


class SlideshowCue(QWidget):
    def __init__(self, parent: QWidget, m: Metrics) -> None:
        super().__init__(parent)
        self.host = parent
        self.setObjectName("Cue")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # A touch goes through to the screen below, which stops the slideshow.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        pad = m.px(24)
        row.setContentsMargins(pad * 2, pad, pad * 2, pad)
        self.text = label("", "CueText", wrap=False)
        row.addWidget(self.text)
        self.hide()

    def place(self, centre_y: int, margin: int) -> None:
        """Centred across the window, its middle at `centre_y`, never wider than it."""
        host = self.host
        hint = self.sizeHint()
        width = min(hint.width(), host.width() - 2 * margin)
        x = (host.width() - width) // 2
        self.setGeometry(x, max(0, centre_y - hint.height() // 2), width, hint.height())
