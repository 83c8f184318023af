"""A home tile's icon (`icon:` in a topic's or the questions' `_index.md`).

An icon only decorates: the tile's title says it all. So anything wrong with one is a warning
and the tile shows without it, never an error that keeps the content off the screen. The
screen tints the icon in the theme's colour (kiosk/ui/icons.py), which needs a drawing or a
picture with a transparent background: hence SVG, or PNG with transparency, and nothing else.
The same safety checks as a page's pictures apply (images.py): inside the content folder, a
real picture, no script, nothing fetched from the web.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from kiosk.content import images
from kiosk.content.frontmatter import FrontMatter, did_you_mean

ICON_SUFFIXES = (".svg", ".png")
_NOT_A_NAME = re.compile(r"[/\\:]")
_NO_ICON = "The tile shows without an icon until then."
_PNG_ALPHA_TYPES = (4, 6)  # greyscale + alpha, colour + alpha (PNG colour types)

Warn = Callable[[Path, int, str], None]


def tile_icon(warn: Warn, index: Path, fm: FrontMatter, root: Path) -> Path | None:
    """The icon `index` names, if it is safe and fit to draw; otherwise a warning on the
    `icon:` line and None. `root`: the content folder, resolved."""
    name = fm.values.get("icon", "").strip()
    if not name:
        if "icon" in fm.values:
            warn(index, fm.lines["icon"], "`icon:` is empty. Write the file name of a drawing "
                 "in this folder, like `icon: icon-needle.svg`, or delete the line.")
        return None
    line = fm.lines["icon"]
    shown = name if len(name) <= 60 else name[:59] + "…"
    if _NOT_A_NAME.search(name):
        warn(index, line, f"the icon `{shown}` must be a file in this folder: write just its "
             f"file name, like `icon: icon-needle.svg`, and copy the file here. {_NO_ICON}")
        return None
    if not name.lower().endswith(ICON_SUFFIXES):
        warn(index, line, f"the icon `{shown}` must be an SVG drawing (best) or a PNG picture "
             "with a transparent background: the kiosk colours it to match the screen. Save it "
             f"as .svg and use that name. {_NO_ICON}")
        return None
    path, _ = images.locate(name, index.parent, root)
    if path is None:
        warn(index, line, _missing(name, index.parent, root))
        return None
    problems = images.check(path, name)
    for _, message in problems:
        warn(index, line, f"{message} {_NO_ICON}")
    if problems:
        return None
    if path.suffix.lower() == ".png" and not _png_has_transparency(path):
        warn(index, line, f"the icon `{shown}` has no transparent background, so it would show "
             "as a solid block. Save it with a transparent background, or use an SVG drawing. "
             f"{_NO_ICON}")
        return None
    return path


def _missing(name: str, folder: Path, root: Path) -> str:
    if (folder / name).exists():  # there, but a link leading out of the content folder
        return (f"the icon `{name}` is a shortcut (link) to a file outside the content folder. "
                f"Copy the file itself into this folder. {_NO_ICON}")
    try:
        near = sorted(p.name for p in folder.iterdir()
                      if p.suffix.lower() in ICON_SUFFIXES and not p.name.startswith("."))
    except OSError:
        near = []
    lower = {n.lower(): n for n in near}
    guess = (f" Did you mean `{lower[name.lower()]}`?" if name.lower() in lower
             else did_you_mean(name, near))
    there = (f" Drawings in this folder: {', '.join(near[:10])}." if near
             else " There are no .svg or .png files in this folder.")
    return (f"the icon `{name}` is missing.{guess} Check the file name (capital letters count) "
            f"and that the file is in this folder.{there} {_NO_ICON}")


def _png_has_transparency(path: Path) -> bool:
    """Whether a PNG can be see-through: an alpha channel (its colour type, in the header) or
    a transparency chunk before the picture data."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError:
        return False
    if len(head) < 26:
        return False
    if head[25] in _PNG_ALPHA_TYPES:
        return True
    data = head.find(b"IDAT")
    return b"tRNS" in (head[:data] if data >= 0 else head)
