"""A review copy of everything patients can read, for a clinic's governance review
(`kiosk export`): what goes in it, in which order, and the words around the content that every
format shares (review_text.py, review_html.py, and the PDF in kiosk/ui/review_pdf.py).

The order is the order patients meet it: for each language, the home screen's title and
welcome, then each section's tile and its pages, then the questions. Each page carries its
file, its review dates and a line for the clinician who checks it to sign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from kiosk.content.model import Language, Library, LoadResult, Page, Section
from kiosk.core.config import ConfigProblem, Settings
from kiosk.core.patient_words import language_name, notice

# Room to write a full name by hand.
SIGN_LINE = "Checked by: ______________________  Role: ____________  Date: ____________"
NOT_GIVEN = "not given"
DATE_SEPARATOR = " · "


class ExportError(ValueError):
    """Nothing can be exported as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Cover:
    """Where the copy came from: everything on its first page but the content check."""

    exported: dt.datetime  # when it was made: passed in, so a test names the time
    folder: Path
    config_file: Path | None  # None: no settings file found, every setting at its default
    settings: Settings
    config_problems: tuple[ConfigProblem, ...] = ()
    # The clinic's own words the settings fill into pages (its name, phone numbers), as
    # setting name → value; the copy lists them so the reviewer sees what patients will read.
    clinic_values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ReviewCopy:
    cover: Cover
    result: LoadResult  # the content check, listed on the cover
    library: Library
    languages: tuple[Language, ...]  # those in this copy, in the kiosk's order

    @property
    def title(self) -> str:
        """The kiosk's title, as the default language's home screen shows it."""
        return self.library.default.title

    @property
    def exported_on(self) -> dt.date:
        return self.cover.exported.date()


def review_copy(result: LoadResult, cover: Cover, language: str | None = None) -> ReviewCopy:
    """The copy of `result`'s library: every language, or only `language`. Content with errors
    is still exported (the cover says the kiosk would not show it); raises ExportError when
    nothing loaded at all, or when `language` is not one of the library's."""
    library = result.library
    if library is None:
        raise ExportError("no content could be read from " + str(cover.folder) + ", so there "
                          "is nothing to export. Run `kiosk check` on the folder and fix what "
                          "it lists.")
    languages = library.languages
    if language is not None:
        chosen = library.language(language)
        if chosen is None:
            codes = ", ".join(lang.code for lang in languages)
            raise ExportError(f"the content has no language `{language}`; it has {codes}. "
                              "Leave out --language to export them all.")
        languages = (chosen,)
    return ReviewCopy(cover, result, library, languages)


def source(copy: ReviewCopy, path: Path) -> str:
    """A file's place in the content folder, as staff find it there (`en/10-x/20-y.md`)."""
    try:
        return path.relative_to(copy.library.root).as_posix()
    except ValueError:
        return path.as_posix()


def section_index(copy: ReviewCopy, section: Section) -> str:
    """The file that gives a section its tile's title and summary."""
    return source(copy, section.source / "_index.md")


def dates_line(page: Page, today: dt.date) -> str:
    """"Reviewed: 2026-11-23 · Review by: 2027-11-23", "not given" for a date the page lacks,
    and "(overdue)" once review_by has passed on the day of the export."""
    reviewed = page.reviewed.isoformat() if page.reviewed else NOT_GIVEN
    review_by = page.review_by.isoformat() if page.review_by else NOT_GIVEN
    if page.review_by is not None and page.review_by < today:
        review_by += " (overdue)"
    return f"Reviewed: {reviewed}{DATE_SEPARATOR}Review by: {review_by}"


def stand_in(copy: ReviewCopy, item: Page | Section, language: Language) -> str:
    """For a page or section patients reading `language` see from another language (its
    translation is missing), the note that says so; "" for one of the language's own."""
    if isinstance(item, Page):
        shown_in = item.language
    else:
        shown_in = source(copy, item.source).split("/", 1)[0]
    if not shown_in or shown_in == language.code:
        return ""
    kind = "page" if isinstance(item, Page) else "section"
    return f"not translated: patients see the {language_name(shown_in)} {kind}"


def language_heading(language: Language) -> str:
    return f"{language_name(language.code)} ({language.code})"


def page_count(copy: ReviewCopy) -> int:
    return sum(len(s.pages) for lang in copy.languages for s in lang.sections) + sum(
        len(lang.faq) for lang in copy.languages)


def cover_facts(copy: ReviewCopy) -> list[tuple[str, str]]:
    """The cover's facts, label and value, in the order a reviewer reads them."""
    cover, settings = copy.cover, copy.cover.settings
    config = (str(cover.config_file) if cover.config_file is not None
              else "none found: every setting is at its default")
    link = settings.handout_url or "none"
    values = ("; ".join(f"{key} = {value}" for key, value in cover.clinic_values.items())
              or "none set by this configuration")
    default = settings.default_language
    return [
        ("Kiosk title", copy.title),
        ("Exported", _when(cover.exported)),
        ("Content folder", str(cover.folder)),
        ("Configuration file", config),
        ("Clinic values", values),
        ("Languages in this copy",
         ", ".join(language_heading(lang) for lang in copy.languages)),
        ("Default language", f"{language_name(default)} ({default}): shown where a "
                             "translation is missing"),
        ("Pages and questions", str(page_count(copy))),
        ("Review month under each page", "shown to patients" if settings.show_reviewed
         else "not shown (show_reviewed = false)"),
        ("Take-home link (QR code)", link + (" (a section's own link replaces it)"
                                             if settings.handout_url else "")),
    ]


def notices(copy: ReviewCopy) -> list[tuple[str, str]]:
    """The standing notice under every screen, for each language in the copy."""
    return [(language_heading(lang), notice(lang.code)) for lang in copy.languages]


def check_summary(copy: ReviewCopy) -> str:
    result = copy.result
    errors, warnings, notes = len(result.errors), len(result.warnings), len(result.notes)
    counts = f"{errors} error(s), {warnings} warning(s), {notes} note(s)"
    return f"{'FAILED' if errors else 'passed'} ({counts})"


def refusal(copy: ReviewCopy) -> str:
    """For content with errors, why the kiosk would not show it and what it shows instead;
    "" for content that passes."""
    if not copy.result.errors:
        return ""
    return ("The kiosk would NOT show this content: it has errors, and content with errors is "
            "never shown to patients. Until they are fixed, the kiosk keeps showing the last "
            "good copy of this folder, or the bundled content if it kept none. A page with an "
            "error that stopped it being read at all is missing from this copy. The errors:")


def _when(moment: dt.datetime) -> str:
    zone = moment.strftime(" %Z") if moment.tzinfo is not None else ""
    return moment.strftime("%Y-%m-%d %H:%M") + zone
