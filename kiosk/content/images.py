"""Checks on a picture file a page uses, so a broken picture is caught by `kiosk check`, not by a
patient looking at an empty frame."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.content.model import Severity

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"})
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a screen-sized picture is well under 1 MB
_KINDS = {
    ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp", ".svg": "svg",
}
_NAMES = {"png": "a PNG", "jpeg": "a JPEG", "gif": "a GIF", "webp": "a WebP", "svg": "an SVG"}
_EXTERNAL = re.compile(rb"""href\s*=\s*["']\s*(https?:|//|ftp:)""", re.IGNORECASE)


def sniff(head: bytes) -> str | None:
    """What kind of picture these first bytes are, whatever the file's name says."""
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8"):
        return "jpeg"
    if head.startswith(b"GIF8"):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if b"<svg" in head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096].lower():
        return "svg"
    return None


def check(path: Path, src: str) -> list[tuple[Severity, str]]:
    """Problems with one picture file that exists: empty, huge, not what its name says."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        return [(Severity.ERROR, f"the picture `{src}` cannot be read ({exc.strerror}). "
                 "Save it again.")]
    if size == 0:
        return [(Severity.ERROR, f"the picture `{src}` is an empty file. Save the picture "
                 "again, or copy it in again.")]
    found: list[tuple[Severity, str]] = []
    if size > MAX_IMAGE_BYTES:
        found.append((Severity.WARNING, f"the picture `{src}` is {size // (1024 * 1024)} MB; "
                      "it makes the kiosk slow. Save a smaller copy (under 1 MB) for screens."))
    expected, actual = _KINDS.get(path.suffix.lower()), sniff(head)
    if actual is None:
        found.append((Severity.ERROR, f"`{src}` is not really a picture, or it is damaged. "
                      "Save the picture again as .png, .jpg or .svg."))
    elif actual != expected:
        found.append((Severity.WARNING, f"`{src}` is really {_NAMES[actual]} picture, whatever "
                      f"its name says. Rename it to end in .{actual.replace('jpeg', 'jpg')}."))
    if actual == "svg":
        if b"<script" in head.lower():
            found.append((Severity.WARNING, f"the drawing `{src}` contains a script; the "
                          "kiosk never runs it. Save the drawing without scripts."))
        if _EXTERNAL.search(head):
            found.append((Severity.WARNING, f"the drawing `{src}` links to the web; the kiosk "
                          "is offline and shows nothing there. Put everything in the drawing."))
    return found
