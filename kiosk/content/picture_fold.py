"""Pictures at the top of a page must leave room for words on the reference screen.

The kiosk shows every picture no wider than 900 px and no taller than 40 % of the screen
(kiosk/ui/text_view.py), so one picture alone never hides a page's words. Two or more before
the first sentence can: at 1920×1080 the reading area is 593 px tall, and a patient who sees only
pictures may not know there is text to scroll to. The numbers are the real layout's at the
reference screen; tests/gui/test_layout.py (test_picture_fold_numbers_match_the_screen) fails
if the screens change and these numbers stop being true.

Pixel sizes are read from the files' own headers (PNG, GIF, JPEG, SVG), without Qt.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

# px: the text area of a page at 1920×1080 at the default text size, when the page is longer
# than the screen (the "More below" line then takes the rest).
READING_HEIGHT = 593
PICTURE_MAX_WIDTH = 900  # px, at 1920×1080
PICTURE_MAX_HEIGHT = 432  # px: 40 % of 1080
PARAGRAPH_GAP = 22  # px: the space under each paragraph (kiosk/ui/theme.py document_css)
FIRST_LINE = 45  # px: one line of 30 px text at 1.5 line spacing

_IMAGE_LINE = re.compile(r"^\s*!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)\s*$")
_SVG_SIZE = re.compile(rb"""\b(width|height)\s*=\s*["']\s*([\d.]+)\s*(px)?\s*["']""")
_SVG_VIEWBOX = re.compile(rb"""viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+"""
                          rb"""([\d.]+)\s*["']""")


def leading_pictures(body: str) -> list[tuple[int, str]]:
    """(line in the body, 1-based; src) of each picture before the page's first words."""
    found = []
    for number, line in enumerate(body.split("\n"), start=1):
        if not line.strip():
            continue
        match = _IMAGE_LINE.match(line)
        if match is None:
            break
        found.append((number, match.group(1)))
    return found


def pixel_size(path: Path) -> tuple[float, float] | None:
    """Width and height from the file's header; None if it cannot be told."""
    try:
        with path.open("rb") as handle:
            head = handle.read(256 * 1024)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return float(width), float(height)
    if head[:6] in (b"GIF87a", b"GIF89a") and len(head) >= 10:
        width, height = struct.unpack("<HH", head[6:10])
        return float(width), float(height)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    if b"<svg" in head[:4096].lower():
        return _svg_size(head)
    return None


def _jpeg_size(data: bytes) -> tuple[float, float] | None:
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return float(width), float(height)
        at += 2 + length
    return None


def _svg_size(data: bytes) -> tuple[float, float] | None:
    tag = data[data.lower().find(b"<svg"):]
    tag = tag[:tag.find(b">") + 1]
    sizes = {m.group(1).decode(): float(m.group(2)) for m in _SVG_SIZE.finditer(tag)}
    if "width" in sizes and "height" in sizes:
        return sizes["width"], sizes["height"]
    box = _SVG_VIEWBOX.search(tag)
    return (float(box.group(1)), float(box.group(2))) if box else None


def shown_height(size: tuple[float, float], drawing: bool) -> float:
    """How tall the kiosk draws a picture of `size` at the reference screen: shrunk to fit
    900 × 432; a drawing (SVG) is also enlarged to fit, as text_view.py does."""
    width, height = size
    if width <= 0 or height <= 0:
        return 0.0
    factor = min(PICTURE_MAX_WIDTH / width, PICTURE_MAX_HEIGHT / height)
    return height * (factor if drawing or factor < 1 else 1.0)


def hides_the_words(heights: list[float]) -> bool:
    """Whether pictures of these heights, before the first words, fill the reading area."""
    return sum(h + PARAGRAPH_GAP for h in heights) + FIRST_LINE > READING_HEIGHT
