"""The immutable content model: library → language → section → page, plus FAQ items.

Views receive these objects and never touch the disk, so a library that loaded cleanly can be
kept on screen while a newer, broken one is rejected.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located for the person who can fix it."""

    path: str  # relative to the content folder, with forward slashes
    line: int  # 1-based; 0 when the problem belongs to the whole file or folder
    severity: Severity
    message: str

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        """File by file, top to bottom: the order a staff member fixes them in."""
        return (self.path, self.line, self.severity.value, self.message)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity.value}: {self.message}"


@dataclass(frozen=True)
class Page:
    """One screenful of a section (or one FAQ answer)."""

    id: str  # "section-slug/page-slug": the same in every language
    title: str
    html: str  # safe HTML, images referenced by absolute file paths in `images`
    text: str  # plain text, for reading grade, timing and speech
    source: Path
    images: tuple[Path, ...] = ()
    # The language it is written in: differs from its Language's code when the page is the
    # default language's, standing in for one not yet translated.
    language: str = ""

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    summary: str
    pages: tuple[Page, ...]
    source: Path
    handout_url: str = ""  # shown as a QR code to read at home; never opened by the kiosk


@dataclass(frozen=True)
class Language:
    code: str  # folder name: "en", "es"
    title: str  # the kiosk's title on the home screen
    welcome: str
    sections: tuple[Section, ...]
    faq_title: str
    faq: tuple[Page, ...]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def faq_item(self, item_id: str) -> Page | None:
        return next((p for p in self.faq if p.id == item_id), None)


@dataclass(frozen=True)
class Library:
    root: Path
    languages: tuple[Language, ...]
    default_language: str

    def language(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    @property
    def default(self) -> Language:
        lang = self.language(self.default_language)
        return lang if lang is not None else self.languages[0]


@dataclass(frozen=True)
class LoadResult:
    """What a load produced: a library (None when nothing usable loaded) and every problem."""

    library: Library | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.library is not None and not self.errors
