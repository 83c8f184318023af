"""Keeping languages in step with the default language.

- A page, section or question missing from a translation is shown from the default language in
  its place (the UI says so), and `kiosk check` names what to translate: staff never have to
  translate everything before a second language can go live.
- One that exists only in a translation is an error: patients would read text nobody checked
  against its source (content replaced by another procedure's, say, with the old Spanish left
  behind). A name changed in one language only is told apart and named, with the fix.
- A translation made from an older version of its source is a warning naming both files
  (translations.py says how versions are kept). The language's own `_index.md` (the home
  screen's title, welcome and main message) is a translation like the others.
- Icons have no words: a translated topic without its own `icon:` shows the default
  language's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.content import names, translations
from kiosk.content.model import Language, Page, Problem, Section, Severity
from kiosk.content.translations import Pairing, State


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
        problems.extend(_behind(root, lang, default, default_code))
        if default.message and not lang.message:
            problems.append(Problem(
                _index_of(root, lang).as_posix(), 0, Severity.WARNING,
                f"the home screen in `{lang.code}` has no main message, but "
                f"`{_index_of(root, default).as_posix()}` has one: translate its `message:` "
                "line into this file."))
        sections = []
        for section in default.sections:
            own = lang.section(section.id)
            if own is None:
                problems.append(_missing(root, lang.code, section.source, "section", default_code))
                sections.append(section)
                continue
            problems.extend(_behind(root, own, section, default_code))
            pages = _merge(own.pages, section.pages, lang.code, default_code,
                           root=root, problems=problems)
            sections.append(replace(own, pages=pages, icon=own.icon or section.icon))
        for extra in (s for s in lang.sections if default.section(s.id) is None):
            problems.append(_no_source(root, extra, "section", default_code,
                                       _renamed(extra, default.sections, lang.sections)))
        faq = _merge(lang.faq, default.faq, lang.code, default_code, root=root,
                     problems=problems)
        filled.append(replace(lang, sections=tuple(sections), faq=faq,
                              faq_title=lang.faq_title or default.faq_title,
                              faq_icon=lang.faq_icon or default.faq_icon))
    return filled, problems


def pairings(languages: list[Language] | tuple[Language, ...], default_code: str,
             root: Path) -> list[Pairing]:
    """Every translated page, question and section, and where it stands (`kiosk check
    --translations`). Reads the languages as loaded, before `fill_missing`."""
    default = next((lang for lang in languages if lang.code == default_code), None)
    found: list[Pairing] = []
    if default is None:
        return found
    for lang in languages:
        if lang is default:
            continue
        found.append(_pairing(root, lang, default))
        for section in lang.sections:
            source = default.section(section.id)
            found.append(_pairing(root, section, source))
            for page in section.pages:
                match = source and next((p for p in source.pages if p.id == page.id), None)
                found.append(_pairing(root, page, match or None))
        for page in lang.faq:
            match = next((p for p in default.faq if p.id == page.id), None)
            found.append(_pairing(root, page, match))
    return found


_Translated = Page | Section | Language


def _index_of(root: Path, item: _Translated) -> Path:
    """The file that holds an item's words, relative to the content folder."""
    if isinstance(item, Language):
        return Path(item.code, names.INDEX_FILE)
    path = item.source / names.INDEX_FILE if isinstance(item, Section) else item.source
    return path.relative_to(root)


def _pairing(root: Path, item: _Translated, source: _Translated | None) -> Pairing:
    return Pairing(_index_of(root, item),
                   _index_of(root, source) if source is not None else None,
                   translations.state_of(item.translated_from,
                                         source.version if source is not None else None))


def _merge(own: tuple[Page, ...], reference: tuple[Page, ...], code: str, default_code: str,
           *, root: Path, problems: list[Problem]) -> tuple[Page, ...]:
    """The default language's order, each page in `code` where it exists. A page only in
    `code` is an error (see the module's docstring) and is not shown."""
    mine = {page.id: page for page in own}
    merged = []
    for page in reference:
        if page.id in mine:
            merged.append(mine[page.id])
            problems.extend(_behind(root, mine[page.id], page, default_code))
        else:
            problems.append(_missing(root, code, page.source, "page", default_code))
            merged.append(page)
    known = {page.id for page in reference}
    for page in own:
        if page.id not in known:
            kind = "question" if page.id.startswith(f"{names.FAQ_FOLDER}/") else "page"
            problems.append(_no_source(root, page, kind, default_code,
                                       _renamed(page, reference, own)))
    return tuple(merged)


def _missing(root: Path, code: str, source: Path, kind: str, default_code: str) -> Problem:
    relative = source.relative_to(root)
    expected = Path(code, *relative.parts[1:]).as_posix()
    return Problem(
        expected, 0, Severity.WARNING,
        f"this {kind} is missing in `{code}`, so the `{default_code}` one is shown in its "
        f"place. Copy `{relative.as_posix()}` here and translate it.",
    )


def _renamed(item: Page | Section, reference: tuple[Page, ...] | tuple[Section, ...],
             own: tuple[Page, ...] | tuple[Section, ...]) -> Page | Section | None:
    """The source `item` was most likely translated from, under another name: one with no
    translation of its own whose version the item records, or else whose file name starts
    with the same order number."""
    taken = {o.id for o in own}
    orphans = [r for r in reference if r.id not in taken]
    by_version = [r for r in orphans if item.translated_from and r.version == item.translated_from]
    if by_version:
        return by_version[0]
    number = names.split_prefix(item.source.stem)[0]
    same_number = [r for r in orphans
                   if number is not None and names.split_prefix(r.source.stem)[0] == number]
    return same_number[0] if len(same_number) == 1 else None


def _no_source(root: Path, item: Page | Section, kind: str, default_code: str,
               renamed: Page | Section | None) -> Problem:
    path = _index_of(root, item)
    where = item.source.relative_to(root)
    if renamed is not None:
        other = renamed.source.relative_to(root)
        return Problem(
            where.as_posix(), 0, Severity.ERROR,
            f"this {kind} looks renamed in one language only: its `{default_code}` source "
            f"seems to be `{other.as_posix()}`. Rename both the same way (the name after the "
            "number is what links them), and it is shown again.")
    source = Path(default_code, *where.parts[1:]).as_posix()
    return Problem(
        path.as_posix() if isinstance(item, Page) else where.as_posix(), 0, Severity.ERROR,
        f"this {kind} has no `{default_code}` source (`{source}` does not exist), so nobody "
        f"has checked it against one, and it is not shown. Delete it, or add the "
        f"`{default_code}` {kind} first.")


def _behind(root: Path, item: _Translated, source: _Translated,
            default_code: str) -> list[Problem]:
    state = translations.state_of(item.translated_from, source.version)
    if state is State.UP_TO_DATE:
        return []
    path, original = _index_of(root, item), _index_of(root, source)
    fix = (f"check this translation against `{original.as_posix()}`, update its text, then "
           f"run `kiosk translated {path.as_posix()}`")
    if state is State.NOT_MARKED:
        message = (f"this translation does not say which version of `{original.as_posix()}` "
                   f"it was made from: {fix}.")
    else:
        message = (f"`{original.as_posix()}` has changed since this translation was made from "
                   f"it: {fix}.")
    return [Problem(path.as_posix(), 0, Severity.WARNING, message)]
