"""What the file and folder names in a content folder mean: order, ids, and what to ignore."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator
from pathlib import Path

# Editor and sync tools leave these behind; they are never content and never worth a message.
# Every hidden name (".x") is one too: rsync writes `.page.md.AbC123` while copying, vim
# `.page.md.swp`, LibreOffice `.~lock.page.md#`, Syncthing `.syncthing.page.md.tmp`, and
# rsync --delay-updates the folder `.~tmp~`.
LEFTOVERS = (
    ".*", "~$*", "*~", "Thumbs.db", "desktop.ini", "*.tmp", "*.part", "*.crdownload", "#*#",
)
# Two copies of one file that a sync tool could not merge: staff must choose one.
_CONFLICT = re.compile(r"\.sync-conflict-[^.]*| ?\([^)]*conflicted copy[^)]*\)", re.IGNORECASE)
_PREFIX = re.compile(r"^(\d+)[-_ .]+(.*)$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
FAQ_FOLDER = "faq"
INDEX_FILE = "_index.md"


# One pattern for all of them: the loader asks of every name in the folder.
_LEFTOVER = re.compile("|".join(fnmatch.translate(p.lower()) for p in LEFTOVERS))


def is_leftover(name: str) -> bool:
    # `THUMBS.DB` is the same leftover on every system
    return _LEFTOVER.match(name.lower()) is not None


def sync_conflict_original(name: str) -> str | None:
    """For Syncthing's `x.sync-conflict-….md` or Dropbox's `x (conflicted copy ….md`: `x.md`."""
    original = _CONFLICT.sub("", name)
    return original if original != name else None


def split_prefix(stem: str) -> tuple[int | None, str]:
    """`10-what-it-is` → (10, "what-it-is"); names without a number → (None, name)."""
    match = _PREFIX.match(stem)
    if match and match.group(2):
        return int(match.group(1)), match.group(2)
    return None, stem


def slug(stem: str) -> str:
    """The id of a page or section: its name without the order number, in lower case."""
    return re.sub(r"[^a-z0-9]+", "-", split_prefix(stem)[1].lower()).strip("-") or stem.lower()


def humanize(stem: str) -> str:
    """A readable fallback title from a folder name: `20-the-procedure` → "The procedure"."""
    words = split_prefix(stem)[1].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


_RENAME_TO_MD = frozenset({".txt", ".text", ".markdown", ".mdown", ".mkd"})
_DOCUMENTS = frozenset({".docx", ".doc", ".odt", ".rtf", ".pages", ".wpd"})


def ignored_file_hint(name: str) -> str:
    """Why a file in a section is not shown, and what to do about it, by its kind."""
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix in _RENAME_TO_MD:
        new = stem if stem.lower().endswith(".md") else f"{stem}.md"
        return (f"this file is not shown because its name ends in `{suffix}`. Rename it to "
                f"`{new}`. (In Notepad's Save as, choose \"All files\" so it does not add .txt.)")
    if suffix in _DOCUMENTS:
        return ("a Word document is not shown. Copy its text into a page: copy an existing .md "
                "file, paste the text in, and save it. Then move this document out of the "
                "content folder.")
    if suffix == ".pdf":
        return ("PDF files are not shown. Copy the text into a .md page, then move the PDF out "
                "of the content folder.")
    if suffix in {".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".ico", ".psd"}:
        return (f"`{suffix}` pictures cannot be shown. Save the picture again as .png or .jpg "
                "and use that name in the page.")
    return ("only .md pages and pictures (.png, .jpg, .svg) are used; this file is ignored. "
            "Move it out of the content folder.")


# What file managers call a copy, in English and Spanish: Windows (`x - Copy`, `x - Copy (2)`,
# older `Copy of x`), macOS (`x copy`, `x copy 2`), Windows and browsers (`x (1)`), GNOME
# (`x (copy)`, `x (another copy)`), and the Spanish Windows and macOS (`x - copia`,
# `Copia de x`, `x copia`). A copy of a page would go live as a second page.
_COPY_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^(?P<x>.+?) - (?:copy|copia)(?: \(\d+\))?$",
    r"^(?:copy|copia)(?: \(\d+\))? (?:of|de) (?P<x>.+)$",
    r"^(?P<x>.+?) (?:copy|copia)(?: \d+)?$",
    r"^(?P<x>.+?) ?\((?:\d+|copy|another copy|\d+(?:st|nd|rd|th) copy|copia|otra copia)\)$",
))


def copy_original(name: str, *, is_file: bool = True) -> str | None:
    """For `10-before - Copy.md`, `Copy of 10-before.md`, `10-before (1).md` …: `10-before.md`.

    None for a name that does not look like a file manager's copy.
    """
    stem, suffix = _stem_suffix(name) if is_file else (name, "")
    for pattern in _COPY_PATTERNS:
        match = pattern.match(stem)
        if match:
            return f"{match.group('x').strip()}{suffix}"
    return None


def tidy_name(name: str, *, is_file: bool = True) -> str | None:
    """The name in small letters with hyphens for spaces, or None if it is already tidy.

    Only spaces and capital letters are changed: they are what the staff's guide asks for, and
    what breaks when a name is typed into a page (`Needle Position.PNG`).
    """
    stem, suffix = _stem_suffix(name) if is_file else (name, "")
    tidy = re.sub(r"-{2,}", "-", re.sub(r"\s+", "-", stem.strip())).lower() + suffix.lower()
    return tidy if tidy != name else None


def _stem_suffix(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, f".{suffix}") if dot and stem else (name, "")


def content_files(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file that could be content under `root`, as (path relative to it, with `/`;
    its stat), in a stable order; leftovers (editor, sync and system files) skipped. What the
    folder's fingerprints are made of (the watcher's and the last good copy's)."""
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not is_leftover(d))
        for name in sorted(files):
            if is_leftover(name):
                continue
            path = os.path.join(top, name)
            try:
                st = os.stat(path)
            except OSError:
                continue  # gone while we looked: the next look sees the folder as it is
            yield os.path.relpath(path, root).replace(os.sep, "/"), st
