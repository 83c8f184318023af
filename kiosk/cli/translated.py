"""`kiosk translated FILE…`: the translator's "done": each file records the version of its
default-language source it now matches (translations.py), so `kiosk check` stops saying it is
behind, and says so again as soon as the source changes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.content import load_library, names, notices, translations
from kiosk.content.model import Language, Library, Page, Section
from kiosk.core import paths
from kiosk.core.exitcodes import Exit


def add_subcommand(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    done = sub.add_parser(
        "translated", help="mark translations as checked against their source",
        description="After checking a translated page, question, section (_index.md) or "
        "the language's own _index.md against its source in the default language, mark it as "
        "up to date. FILE may be "
        "given as `kiosk check` prints it, or relative to the content folder.")
    done.add_argument("files", nargs="+", type=Path, metavar="FILE")
    done.add_argument("--content", type=Path, metavar="DIR", dest="translated_content",
                      help="content folder (default: the one the kiosk would show)")
    done.add_argument("--language", default="en", metavar="CODE", dest="translated_language",
                      help="the default language, which translations follow (default: en)")


def run(args: argparse.Namespace) -> int:
    folder: Path = args.translated_content or args.content or paths.default_content()
    result = load_library(folder, args.translated_language, quick=True)
    library = result.library
    if library is None:
        print(f"kiosk: {folder} does not load; run `kiosk check {folder}` and fix the errors "
              "first.", file=sys.stderr)
        return Exit.CONTENT_ERRORS
    failed = 0
    for given in args.files:
        try:
            print(_mark(library, _locate(given, folder)))
        except ValueError as why:
            print(f"{given}: {why}", file=sys.stderr)
            failed += 1
    return Exit.CONTENT_ERRORS if failed else Exit.OK


def _locate(given: Path, folder: Path) -> Path:
    for candidate in (given, folder / given):
        if candidate.is_file():
            return candidate.resolve()
    raise ValueError("no such file (give it as `kiosk check` prints it, or relative to the "
                     "content folder)")


def _mark(library: Library, path: Path) -> str:
    root = library.root.resolve()
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise ValueError(f"this file is not in the content folder {root}") from None
    is_language = len(relative.parts) == 2 and relative.name == names.INDEX_FILE
    if len(relative.parts) != 3 and not is_language:
        raise ValueError("only pages, questions and `_index.md` files are translated one by "
                         "one")
    if relative.parts[1].lower() == notices.FOLDER:
        raise ValueError("notices are not marked: pair one with the same file name and the "
                         "same `from:`/`until:` (`kiosk check` says where they differ)")
    code = relative.parts[0]
    if code == library.default_language:
        raise ValueError(f"this is in the default language (`{code}`): it is the source "
                         "translations follow, so there is nothing to mark")
    source: Page | Section | Language | None = (
        library.default if is_language else _source_of(library, relative.parts[1], path))
    if source is None:
        raise ValueError(f"it has no source in `{library.default_language}`: add that first "
                         "(`kiosk check` says which)")
    text = path.read_text(encoding="utf-8")
    marked = translations.mark(text, source.version)
    if marked != text:
        # Written whole: a new file, then a rename, so a sync tool never sees half of it.
        temporary = path.with_name(f".{path.name}.kiosk-tmp")
        temporary.write_bytes(marked.encode("utf-8"))
        temporary.replace(path)
    if isinstance(source, Language):
        where = Path(source.code, names.INDEX_FILE)
    else:
        where = (source.source / names.INDEX_FILE if isinstance(source, Section)
                 else source.source).relative_to(root)
    return (f"{relative.as_posix()}: marked as translated from "
            f"{where.as_posix()} ({translations.KEY}: {source.version})")


def _source_of(library: Library, folder_name: str, path: Path) -> Page | Section | None:
    default = library.default
    section_id = names.slug(folder_name)
    if path.name == names.INDEX_FILE:
        return default.section(section_id)
    page_id = f"{section_id}/{names.slug(path.stem)}"
    pages = default.faq if section_id == names.FAQ_FOLDER else (
        s.pages if (s := default.section(section_id)) else ())
    return next((p for p in pages if p.id == page_id), None)
