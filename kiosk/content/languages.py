"""Keeping languages in step: a page, section or question missing from one language is shown
from the default language in its place (the UI says so), and `kiosk check` names what to
translate. Staff never have to translate everything before a second language can go live."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.content.model import Language, Page, Problem, Severity


def fill_missing(
    languages: list[Language], default_code: str, root: Path
) -> tuple[list[Language], list[Problem]]:
    default = next((lang for lang in languages if lang.code == default_code), None)
    if default is None:
        return languages, []
    problems: list[Problem] = []
    filled = []
    for lang in languages:
        if lang is default:
            filled.append(lang)
            continue
        sections = []
        for section in default.sections:
            own = lang.section(section.id)
            if own is None:
                problems.append(_missing(root, lang.code, section.source, "section", default_code))
                sections.append(section)
                continue
            pages = _merge(own.pages, section.pages, lang.code, default_code,
                           root=root, problems=problems)
            sections.append(replace(own, pages=pages))
        extra = [s for s in lang.sections if default.section(s.id) is None]
        faq = _merge(lang.faq, default.faq, lang.code, default_code, root=root,
                     problems=problems)
        filled.append(replace(lang, sections=tuple(sections + extra), faq=faq,
                              faq_title=lang.faq_title or default.faq_title))
    return filled, problems


def _merge(own: tuple[Page, ...], reference: tuple[Page, ...], code: str, default_code: str,
           *, root: Path, problems: list[Problem]) -> tuple[Page, ...]:
    """The default language's order, each page in `code` where it exists; pages only in
    `code` keep their place at the end."""
    mine = {page.id: page for page in own}
    merged = []
    for page in reference:
        if page.id in mine:
            merged.append(mine[page.id])
        else:
            problems.append(_missing(root, code, page.source, "page", default_code))
            merged.append(page)
    known = {page.id for page in reference}
    merged.extend(page for page in own if page.id not in known)
    return tuple(merged)


def _missing(root: Path, code: str, source: Path, kind: str, default_code: str) -> Problem:
    relative = source.relative_to(root)
    expected = Path(code, *relative.parts[1:]).as_posix()
    return Problem(
        expected, 0, Severity.WARNING,
        f"this {kind} is missing in `{code}`, so the `{default_code}` one is shown in its "
        f"place. Copy `{relative.as_posix()}` here and translate it.",
    )



