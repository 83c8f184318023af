"""The command line IT and tests rely on: run, check, preview, self-test, export, stats, set-pin.

Parsing imports no Qt, so `kiosk check` and `kiosk --version` start fast and work anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.cli import admin, export, speech_worker, status, translated
from kiosk.core import paths
from kiosk.core.exitcodes import Exit

if TYPE_CHECKING:
    from kiosk.content import LoadResult, Problem
    from kiosk.core.config import ConfigProblem
    from kiosk.core.review_copy import ReviewCopy


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Waiting Room Kiosk: full-screen patient information from a content folder.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--windowed", action="store_true",
                        help="run in a normal window at this screen's size, not full screen "
                        "and not locked (for IT; staff: see `kiosk preview`)")
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="content folder to show (default: the one beside the program)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (TOML)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="check a content folder and list every problem",
                           description="Check a content folder. Exit 0: no errors; 1: errors.")
    check.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                       help="content folder (default: the one the kiosk would show)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--grades", action="store_true",
                       help="also list every page's reading grade")
    check.add_argument("--translations", action="store_true",
                       help="also list every translation and whether it matches its source")
    check.add_argument("--language", metavar="CODE",
                       help="the kiosk's default language, which fills in untranslated pages "
                       "(default: the settings file's, with --config; else en)")
    check.add_argument("--config", type=Path, metavar="FILE", dest="check_config",
                       help="a settings file (kiosk.toml): its clinic values are filled in "
                       "as the kiosk shows them (pages and grades), with a note for each one "
                       "the content uses that it does not set; its content folder and "
                       "language are the defaults")
    selftest = sub.add_parser("self-test", help="render everything without a display",
                              description="Load the content, render every page and answer in "
                              "every language, walk the navigation; exit 0 only if all passed.")
    selftest.add_argument("--content", type=Path, metavar="DIR", dest="selftest_content")
    preview = sub.add_parser(
        "preview", help="show the kiosk as a chosen screen shows it, with the content's problems",
        description="Show the kiosk exactly as a kiosk screen of the chosen size would, in a "
        "window (scaled down to fit if needed), with live reload and the content check's "
        "problems beside it; click a problem to open its page.")
    preview.add_argument("--screen", type=screen_size, default=(1920, 1080), metavar="WxH",
                         help="the kiosk screen's size in pixels: 1920x1080 (the default), "
                         "1080x1920 (portrait), 1280x800, or any WxH")
    preview.add_argument("--content", type=Path, metavar="DIR", dest="preview_content",
                         help="content folder (default: the one the kiosk would show)")
    admin.add_subcommands(sub)
    translated.add_subcommand(sub)
    export.add_subcommand(sub)
    status.add_subcommand(sub)
    speech_worker.add_subcommand(sub)  # not for people: the kiosk starts it for read aloud
    return parser


def screen_size(text: str) -> tuple[int, int]:
    """`1920x1080` (or `1920×1080`) as (1920, 1080); argparse reports anything else."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    if sep and width.isdigit() and height.isdigit():
        size = int(width), int(height)
        if all(320 <= side <= 8192 for side in size):
            return size
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a screen size: write width x height in pixels, like 1920x1080 "
        "(each from 320 to 8192)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return _check_command(args)
    if args.command == "self-test":
        from kiosk.app.selftest import run_selftest  # noqa: PLC0415 - Qt only when needed

        return run_selftest(args.selftest_content or args.content or paths.default_content())
    if args.command == "preview":
        from kiosk.app.preview import run_preview  # noqa: PLC0415 - Qt only when needed

        return run_preview(args)
    if args.command == "stats":
        return admin.run_stats(args)
    if args.command == "set-pin":
        return admin.run_set_pin(args)
    if args.command == "status":
        return status.run(args)
    if args.command == "translated":
        return translated.run(args)
    if args.command == "export":
        def print_pdf(copy: ReviewCopy, target: Path) -> tuple[int, str]:
            from kiosk.ui.review_pdf import write_pdf  # noqa: PLC0415 - Qt only for a PDF

            return write_pdf(copy, target)

        return export.run(args, print_pdf)
    if args.command == "speech-worker":
        speech_worker.main(args.speech_engine, args.speech_volume)  # (entry.py comes straight)
    # The kiosk's start creates a few hundred thousand objects that live as long as it does;
    # collecting garbage among them while they are made only delays the first frame.
    # kiosk.app.run turns collection back on once the window is on screen (settle_garbage).
    gc.disable()
    from kiosk.app.run import run  # noqa: PLC0415 - Qt only when needed

    return run(args)


def _check_command(args: argparse.Namespace) -> int:
    """`kiosk check`, reading a settings file only when one is named (`kiosk check --config
    FILE`, or `kiosk --config FILE check`): without one it checks the words as written, the
    same on every screen, as the kiosk's own check of each edit does."""
    config = args.check_config or args.config
    if config is None:
        return run_check(args.dir or args.content or paths.default_content(), args.format,
                         args.grades, args.language or "en", args.translations)
    from kiosk.core.config import load_settings  # noqa: PLC0415

    settings, problems = load_settings(config)
    folder = args.dir or args.content or settings.content_dir or paths.default_content()
    return run_check(folder, args.format, args.grades,
                     args.language or settings.default_language, args.translations,
                     values=settings.clinic_values(),
                     settings_problems=[_settings_problem(p) for p in problems])


def _settings_problem(problem: ConfigProblem) -> Problem:
    """A problem in the settings file, listed with the content's (by its full path)."""
    from kiosk.content import Problem, Severity  # noqa: PLC0415

    return Problem(problem.path.absolute().as_posix(), problem.line, Severity.WARNING,
                   problem.message)


def run_check(folder: Path, output: str, grades: bool, language: str = "en",
              list_translations: bool = False, today: dt.date | None = None, *,
              values: Mapping[str, str] | None = None,
              settings_problems: Sequence[Problem] = ()) -> int:
    """`kiosk check`: every problem as `path:line: severity: message`, then a summary.

    Errors fail it (exit 1); warnings and notes are listed and counted, and pass. `today` is
    for tests: review dates are judged against it (the real date by default). `values`: the
    clinic's values from a settings file (see `load_library`); `settings_problems`: that
    file's own problems, listed first.
    """
    from kiosk.content import LoadResult, load_library  # noqa: PLC0415

    # A Windows console or a pipe may not take `→` or a file name in another script; a
    # check must never end in a traceback over how its message is spelled.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    result = load_library(folder, language, today, values=values)
    if settings_problems:
        result = LoadResult(result.library, (*settings_problems, *result.problems))
    try:
        _print_check(result, folder, output, grades, list_translations)
    except BrokenPipeError:
        # `kiosk check | head` closed the pipe early: the verdict still stands, quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return Exit.CONTENT_ERRORS if result.errors else Exit.OK


def _print_check(result: LoadResult, folder: Path, output: str, grades: bool,
                 list_translations: bool = False) -> None:
    from kiosk.content.readability import measure  # noqa: PLC0415

    shown = Path(folder)
    if output == "json":
        json.dump({
            "folder": str(shown),
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "notes": len(result.notes),
            "problems": [
                {"path": str(shown / p.path) if p.path != "." else str(shown), "line": p.line,
                 "severity": p.severity.value, "message": p.message}
                for p in result.problems
            ],
        }, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    for problem in result.problems:
        location = shown / problem.path if problem.path not in ("", ".") else shown
        where = f"{location.as_posix()}:{problem.line}" if problem.line else location.as_posix()
        print(f"{where}: {problem.severity.value}: {problem.message}")
    library = result.library
    counts = ""
    if library is not None:
        sections = sum(len(lang.sections) for lang in library.languages)
        pages = sum(len(s.pages) for lang in library.languages for s in lang.sections)
        faq = sum(len(lang.faq) for lang in library.languages)
        counts = (f" in {len(library.languages)} language(s), {sections} sections, "
                  f"{pages} pages, {faq} questions")
        if grades:
            for lang in library.languages:
                items = [p for s in lang.sections for p in s.pages] + list(lang.faq)
                for page in items:
                    rel = page.source.relative_to(library.root).as_posix()
                    if page.language != lang.code:
                        continue  # a stand-in from the default language, listed there
                    reading = measure(page.text, lang.code)
                    print(f"{reading.formula} {reading.score:5.1f}  {page.word_count:4d} words"
                          f"  {rel}")
    if list_translations and library is not None:
        for pairing in library.translations:
            source = f"  (from {(shown / pairing.source).as_posix()})" if pairing.source else ""
            print(f"{pairing.state.value:>14}  {(shown / pairing.translation).as_posix()}"
                  f"{source}")
    errors, warnings = len(result.errors), len(result.warnings)
    verdict = "FAILED" if errors else "OK"
    notes = f", {len(result.notes)} note(s)" if result.notes else ""
    print(f"{verdict}: {errors} error(s), {warnings} warning(s){notes}{counts}.")
    if errors:
        print(_what_the_kiosk_shows(shown))
        print("Fix the errors above, save, and run the check again.")


def _what_the_kiosk_shows(folder: Path) -> str:
    """While `folder` has errors: its last good copy if the kiosk kept one, else the bundled
    content (the same choice as kiosk/core/content_choice.py)."""
    from kiosk.core import last_good  # noqa: PLC0415

    kept = last_good.find(paths.last_good_home(), folder)
    if kept is not None:
        return (f"The kiosk shows the last good copy of this folder, from {kept.taken}, until "
                f"the errors are fixed (the copy is kept in {kept.content}).")
    return ("No good copy of this folder has been kept, so the kiosk shows the bundled "
            "content until the errors are fixed (a kiosk already running keeps what it "
            "shows).")
