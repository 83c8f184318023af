"""What the file and folder names in a content folder mean: order, ids, and what to ignore."""

from __future__ import annotations

import re
from fnmatch import fnmatch

# Editor and sync tools leave these behind; they are never content and never worth a message.
LEFTOVERS = (
    "~$*", ".*.swp", ".*.swo", "*~", ".DS_Store", "Thumbs.db", "desktop.ini", ".syncthing.*",
    "*.tmp", ".~tmp~", "*.part", "._*", ".stfolder", ".stversions", ".git", "#*#", ".#*",
)
_PREFIX = re.compile(r"^(\d+)[-_ .]+(.*)$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
FAQ_FOLDER = "faq"
INDEX_FILE = "_index.md"


def is_leftover(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in LEFTOVERS)


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
