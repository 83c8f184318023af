"""`kiosk export`: a review copy of everything patients can read, as the kiosk shows it with
this configuration, for a clinic's governance review (kiosk/core/review_copy.py).

The content folder and the settings file are found as the kiosk finds them. Text and HTML are
made here without Qt; a PDF is printed by Qt, which `main` hands in as `write_pdf`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.core.config import content_folder, find_config, load_settings
from kiosk.core.exitcodes import Exit
from kiosk.core.review_copy import Cover, ExportError, ReviewCopy, page_count, review_copy

FORMATS = ("pdf", "html", "text")
_SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text"}
# The settings that put the clinic's own words into pages; listed on the cover when set.
# Prints a copy to a PDF file; returns (sheets, paper name). kiosk/ui/review_pdf.py's write_pdf.
PdfWriter = Callable[[ReviewCopy, Path], tuple[int, str]]


def add_subcommand(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export", help="write everything patients can read, for a clinical review",
        description="Write a review copy of everything patients can read, as the kiosk shows "
        "it with this configuration: a cover (settings, clinic values, the standing notice, "
        "the content check), then each language's home screen, sections, pages and "
        "questions in the order patients meet them, each page with its file, its review "
        "dates and a line to sign. Exit 0: written; 1: written, but the content has errors "
        "(the cover lists them) or there is no content; 2: a usage error.")
    export.add_argument("--content", type=Path, metavar="DIR", dest="export_content",
                        help="content folder (default: the one the kiosk would show)")
    export.add_argument("--config", type=Path, metavar="FILE", dest="export_config",
                        help="settings file (default: kiosk.toml where the kiosk finds it)")
    export.add_argument("--format", choices=FORMATS, dest="export_format",
                        help="pdf, html (one file, pictures inside) or text (default: from "
                        "the -o file's ending, .pdf, .html or .txt; else text)")
    export.add_argument("--language", metavar="CODE", dest="export_language",
                        help="only this language, such as es (default: every language)")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", dest="export_output",
                        help="the file to write; - or none: the terminal (text and html only)")


def output_format(chosen: str | None, output: Path | None) -> str:
    if chosen is not None:
        return chosen
    if output is not None:
        return _SUFFIXES.get(output.suffix.lower(), "text")
    return "text"


def run(args: argparse.Namespace, write_pdf: PdfWriter,
        exported: dt.datetime | None = None) -> int:
    """`exported`: when the copy is made (now, in local time, by default; tests name one)."""
    output: Path | None = args.export_output
    to_terminal = output is None or str(output) == "-"
    kind = output_format(args.export_format, None if to_terminal else output)
    if kind == "pdf" and to_terminal:
        return _usage("a PDF cannot be written to the terminal. Name a file for it, like "
                      "`kiosk export --format pdf -o review.pdf`.")
    if output is not None and not to_terminal and not output.parent.is_dir():
        return _usage(f"cannot write {output}: the folder {output.parent} does not exist. "
                      "Create it, or choose another place with -o.")
    config_file = find_config(args.export_config or args.config)
    settings, config_problems = load_settings(config_file)
    for setting in config_problems:
        print(setting.format(), file=sys.stderr)
    folder = content_folder(args.export_content or args.content, settings)
    when = exported or dt.datetime.now().astimezone()
    values = settings.clinic_values()
    from kiosk.content import load_library  # noqa: PLC0415 - not for `kiosk --version`

    # Filled as patients see them: the copy is what this clinic's screens show.
    result = load_library(folder, settings.default_language, when.date(), values=values)
    cover = Cover(when, folder.absolute(), config_file, settings, tuple(config_problems),
                  values)
    try:
        copy = review_copy(result, cover, args.export_language)
    except ExportError as why:
        if result.library is None:
            for problem in result.errors:
                print(problem.format(), file=sys.stderr)
            print(f"kiosk export: {why}", file=sys.stderr)
            return Exit.CONTENT_ERRORS
        return _usage(str(why))
    if kind == "pdf":
        assert output is not None
        code = _write_pdf(copy, output, write_pdf)
    else:
        code = _write_words(copy, kind, None if to_terminal else output)
    if code != Exit.OK:
        return code
    if result.errors:
        print(f"kiosk export: the content has {len(result.errors)} error(s), so the kiosk "
              "would NOT show it; the copy's cover lists them. Run `kiosk check` for the "
              "fixes.", file=sys.stderr)
        return Exit.CONTENT_ERRORS
    return Exit.OK


def _write_words(copy: ReviewCopy, kind: str, output: Path | None) -> int:
    if kind == "html":
        from kiosk.core.review_html import as_html  # noqa: PLC0415

        data = as_html(copy).encode("utf-8")
    else:
        from kiosk.core.review_text import as_text  # noqa: PLC0415

        data = as_text(copy).encode("utf-8")
    if output is None:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)  # UTF-8, as the HTML says it is, on any console
            sys.stdout.flush()
        except BrokenPipeError:  # `kiosk export | head`: the reader has what it wanted
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return Exit.OK
    try:
        _replace(output, lambda partial: partial.write_bytes(data))
    except OSError as error:
        return _usage(f"cannot write {output} ({error.strerror or error}). Choose another "
                      "place with -o.")
    _wrote(copy, output, "")
    return Exit.OK


def _write_pdf(copy: ReviewCopy, output: Path, write_pdf: PdfWriter) -> int:
    printed: list[tuple[int, str]] = []
    try:
        _replace(output, lambda partial: printed.append(write_pdf(copy, partial)))
    except ImportError as error:
        print(f"kiosk export: a PDF cannot be made on this computer: Qt could not be loaded "
              f"({error}). Export with --format html and print that from a web browser.",
              file=sys.stderr)
        return Exit.FATAL
    except OSError as error:
        return _usage(f"cannot write {output} ({error.strerror or error}). Choose another "
                      "place with -o.")
    sheets, paper = printed[0]
    _wrote(copy, output, f", {sheets} sheet(s) of {paper}")
    return Exit.OK


def _replace(output: Path, write: Callable[[Path], object]) -> None:
    """Write beside `output`, then put it in place: a failed export never leaves half a file
    where a good copy was."""
    partial = output.with_name(f".{output.name}.partial")
    try:
        write(partial)
        os.replace(partial, output)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def _wrote(copy: ReviewCopy, output: Path, extra: str) -> None:
    """What was written, for whoever ran the command (stdout is free: the copy went to a
    file)."""
    print(f"Wrote {output}: {page_count(copy)} pages and questions in "
          f"{len(copy.languages)} language(s){extra}.")


def _usage(message: str) -> int:
    print(f"kiosk export: {message}", file=sys.stderr)
    return Exit.USAGE
