"""The immutable content model: library → language → section → page, plus FAQ items.

Views receive these objects and never touch the disk, so a library that loaded cleanly can be
kept on screen while a newer, broken one is rejected.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.translations import Pairing

log = logging.getLogger(__name__)


class Severity(enum.Enum):
    ERROR = "error"  # the folder is not shown until it is fixed
    WARNING = "warning"  # shown, but should be fixed
    NOTE = "note"  # nothing wrong yet: something coming up (a review date)


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
class PageText:
    """A page's body as the screen shows it."""

    html: str  # safe HTML, images referenced by absolute file paths in `images`
    text: str  # plain text without the title
    images: tuple[Path, ...] = ()


class Body:
    """A page's Markdown, rendered the first time the page is shown (or at once, by a full
    load that checks every page). The kiosk starts on its home screen without rendering a
    thousand pages nobody has opened yet.

    Two bodies are equal when their Markdown and place are: a full check of the folder that
    finds nothing changed leaves the screens built from the quick load as they are.
    """

    __slots__ = ("_render", "_text", "key")

    def __init__(self, key: tuple[str, ...], render: Callable[[], PageText] | None = None,
                 text: PageText | None = None) -> None:
        if render is None and text is None:
            raise ValueError("a body needs its text or a way to render it")
        self.key = key  # (markdown, folder, content root): what the rendering depends on
        self._render = render
        self._text = text

    @classmethod
    def rendered(cls, html: str, text: str, images: tuple[Path, ...] = ()) -> Body:
        """A body already rendered (tests, generated pages)."""
        return cls((html, text, *map(str, images)), text=PageText(html, text, images))

    def get(self) -> PageText:
        # No lock: rendering is pure and idempotent, so two threads at worst render twice.
        if self._text is None:
            assert self._render is not None
            try:
                self._text = self._render()
            except Exception:  # a bug in rendering must not take a patient's screen down
                log.exception("bug while rendering %s", self.key[1:])
                self._text = PageText("", "")
            self._render = None
        return self._text

    def settle(self, text: PageText) -> None:
        """The text, rendered by the caller: a full load renders every page once the whole
        library is known (a page's links are judged against every other page)."""
        self._text = text
        self._render = None

    @property
    def is_rendered(self) -> bool:
        return self._text is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Body) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Body({self.key[0][:30]!r}…, rendered={self.is_rendered})"


@dataclass(frozen=True)
class Page:
    """One screenful of a section (or one FAQ answer)."""

    id: str  # "section-slug/page-slug": the same in every language
    title: str
    body: Body
    source: Path
    # The language it is written in: differs from its Language's code when the page is the
    # default language's, standing in for one not yet translated.
    language: str = ""
    # The fingerprint of its words (translations.version), and, in a translation, the version
    # of the default-language source it was checked against (its `translated_from:`).
    version: str = ""
    translated_from: str = ""
    reviewed: dt.date | None = None  # when a clinician last checked it (`reviewed:`)
    review_by: dt.date | None = None  # when it is due to be checked again (`review_by:`)

    @property
    def html(self) -> str:
        return self.body.get().html

    @property
    def images(self) -> tuple[Path, ...]:
        return self.body.get().images

    @property
    def text(self) -> str:
        """Title and body as plain text: for reading grade, timing and speech."""
        return f"{self.title}\n{self.body.get().text}".strip()

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
    version: str = ""  # as for Page: the fingerprint of its title and summary
    translated_from: str = ""
    # The tile's pictogram (`icon:` in its `_index.md`), checked safe to draw; None for none.
    # Not part of `version`: an icon has no words to translate.
    icon: Path | None = None


@dataclass(frozen=True)
class Notice:
    """A scheduled notice for the home screen (notices.py): shown from `starts` until just
    before `ends`, local time, naive (the kiosk's wall clock is the clinic's)."""

    id: str  # the file name without `.md`: pairs a translation with its source
    text: str  # plain text, one or two sentences
    starts: dt.datetime
    ends: dt.datetime  # the first minute it no longer shows
    source: Path
    language: str = ""  # as for Page: the language it is written in

    def shows_at(self, now: dt.datetime) -> bool:
        return self.starts <= now < self.ends


@dataclass(frozen=True)
class Language:
    code: str  # folder name: "en", "es"
    title: str  # the kiosk's title on the home screen
    welcome: str
    sections: tuple[Section, ...]
    faq_title: str
    faq: tuple[Page, ...]
    # The main message under the title (`message:`): plain text, one or two sentences.
    message: str = ""
    faq_icon: Path | None = None  # the questions tile's pictogram, as Section.icon
    # As for Page: the fingerprint of the words of its `_index.md` (title, welcome, message).
    version: str = ""
    translated_from: str = ""
    # Scheduled notices (notices.py), in file-name order, past and future ones included: the
    # home screen shows those whose window holds the time now.
    notices: tuple[Notice, ...] = ()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def faq_item(self, item_id: str) -> Page | None:
        return next((p for p in self.faq if p.id == item_id), None)


@dataclass(frozen=True)
class Library:
    root: Path
    languages: tuple[Language, ...]
    default_language: str
    # Every translated page, question and section, and where it stands against its source.
    translations: tuple[Pairing, ...] = ()

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
    def notes(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.NOTE)

    @property
    def ok(self) -> bool:
        return self.library is not None and not self.errors
