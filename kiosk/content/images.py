"""Checks on a picture file a page uses, so a broken picture is caught by `kiosk check`, not by a
patient looking at an empty frame."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.content.frontmatter import did_you_mean
from kiosk.content.model import Severity

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"})
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a screen-sized picture is well under 1 MB
_KINDS = {
    ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp", ".svg": "svg",
}
_NAMES = {"png": "a PNG", "jpeg": "a JPEG", "gif": "a GIF", "webp": "a WebP", "svg": "an SVG"}
_WINDOWS_PATH = re.compile(r"^[a-zA-Z]:[\\/]|^\\\\")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_EXTERNAL = re.compile(rb"""href\s*=\s*["']\s*(https?:|//|ftp:)""", re.IGNORECASE)


def locate(src: str, page_dir: Path, root: Path) -> tuple[Path | None, str]:
    """The picture's file inside the content folder, or None and what to do instead.

    `root` must be resolved: a path that leaves it, by `..` or a link, is refused.
    """
    shown = _clip(src)
    scheme = _SCHEME.match(src)
    if _WINDOWS_PATH.match(src) or src.startswith("/") or (
        scheme and scheme.group(1).lower() == "file"
    ):
        return None, (f"the picture `{shown}` is a place on one computer, outside the content "
                      "folder, so other kiosks cannot see it. Copy the picture into the folder "
                      "beside this page and write just its file name.")
    if scheme or src.startswith("//"):
        where = ("written into the page as data" if scheme and scheme.group(1).lower() == "data"
                 else "on the web")
        return None, (f"the picture `{shown}` is {where}. The kiosk works offline and shows "
                      "only picture files: save the picture into the folder beside this page "
                      "and write its file name, like `![Description](picture.png)`.")
    try:
        path = (page_dir / src).resolve() if src.strip() else None
    except (OSError, ValueError, RuntimeError):  # a NUL, a loop, a name too long
        path = None
    if path is None:
        return None, (f"`{shown}` is not a picture file name. Write the picture's file name in "
                      "the round brackets, like `![Description](picture.png)`.")
    if not path.is_relative_to(root):
        return None, (f"the picture `{shown}` is outside the content folder. Copy it into the "
                      "folder beside this page and write just its file name.")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None, (f"`{shown}` is not a picture the kiosk can show. Save the picture as a "
                      ".png, .jpg or .svg file and use that name.")
    if not path.is_file():
        return None, _missing(src, path, page_dir)
    return path, ""


def _missing(src: str, path: Path, page_dir: Path) -> str:
    """Say which pictures are there, and guess the one meant (a typo, or capital letters)."""
    folder = path.parent if path.parent.is_dir() else page_dir
    where = "that folder" if folder == path.parent else "this page's folder"
    try:
        near = sorted(p.name for p in folder.iterdir()
                      if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith("."))
    except OSError:
        near = []
    lower = {name.lower(): name for name in near}
    if path.name.lower() in lower:
        guess = f" Did you mean `{lower[path.name.lower()]}`?"
    else:
        guess = did_you_mean(path.name, near)
    hint = (f" Pictures in {where}: {', '.join(near[:10])}." if near
            else f" There are no pictures in {where}.")
    return (f"the picture `{_clip(src)}` is missing.{guess} Check the file name (capital "
            f"letters count) and that the picture is in the same folder as this page.{hint}")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
