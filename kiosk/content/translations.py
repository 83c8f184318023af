"""Translations that know which version of their source they were made from.

Every page, question and section in a translation carries `translated_from: <version>` in its
front matter: a short fingerprint of the default-language source's title and text when the
translator last checked the translation against it (`kiosk translated FILE` writes it). When
the source changes, its fingerprint changes, and `kiosk check` says the translation is behind,
naming both files: a clinician reviewed the source, so the translation must follow it.

Only words count: review dates, weights and spacing at the ends of lines leave the version alone,
so re-dating a reviewed page does not send every translation back to the translator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from kiosk.content.sha256 import sha256

KEY = "translated_from"
VERSION_LENGTH = 8  # hex digits: plenty to tell versions of one page apart


def version(*parts: str) -> str:
    """The fingerprint of a source's words: its title and text (a section: title, summary)."""
    lines: list[str] = []
    for part in parts:
        for raw in part.strip().splitlines():
            line = raw.rstrip()
            if line or (lines and lines[-1]):  # runs of blank lines count as one
                lines.append(line)
        lines.append("")
    digest = sha256("\n".join(lines).strip().encode("utf-8")).hexdigest()
    return digest[:VERSION_LENGTH]


class State(Enum):
    UP_TO_DATE = "up to date"
    SOURCE_CHANGED = "source changed"
    NOT_MARKED = "not marked"
    NO_SOURCE = "no source"


@dataclass(frozen=True)
class Pairing:
    """One translated file and where it stands against its source."""

    translation: Path  # relative to the content folder
    source: Path | None  # relative to the content folder; None when there is none
    state: State


def state_of(translated_from: str, source_version: str | None) -> State:
    if source_version is None:
        return State.NO_SOURCE
    if not translated_from:
        return State.NOT_MARKED
    return State.UP_TO_DATE if translated_from == source_version else State.SOURCE_CHANGED


_FENCE = re.compile(r"^---[ \t]*$")
_KEY_LINE = re.compile(rf"^{KEY}[ \t]*:.*$")


def mark(text: str, source_version: str) -> str:
    """`text` (a whole Markdown file) with `translated_from:` set to `source_version`: the line
    replaced if there is one, else added at the end of the front matter (a front matter is
    added if the file has none). Everything else, line endings included, stays as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom):].split(newline)
    entry = f"{KEY}: {source_version}"
    if lines and _FENCE.match(lines[0]):
        for index in range(1, len(lines)):
            if _KEY_LINE.match(lines[index]):
                lines[index] = entry
                break
            if _FENCE.match(lines[index]):
                lines.insert(index, entry)
                break
        else:
            raise ValueError("the front matter has no closing `---` line")
        return bom + newline.join(lines)
    return bom + newline.join(["---", entry, "---", *lines])
