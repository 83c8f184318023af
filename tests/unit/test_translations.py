"""Translations know which version of their source they were made from; a translation with no
source, or renamed in one language only, never reaches patients; `kiosk translated` marks a
translation as up to date. Real content folders, the real command line."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.pages import DATES
from kiosk.cli.main import main
from kiosk.content import load_library, translations
from kiosk.content.model import LoadResult, Severity
from kiosk.content.translations import State

# Review dates as staff write them (a page without them is a warning).

REPO = Path(__file__).resolve().parents[2]
SPANISH = {
    "es/_index.md": "---\ntitle: Prueba\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
    "es/10-first/10-one.md": "---\ntitle: Página uno\n" + DATES + "---\nUsted lee la página uno.\n",
    "es/10-first/20-two.md": "---\ntitle: Página dos\n" + DATES + "---\nUsted lee la página dos.\n",
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def messages(result: LoadResult, severity: Severity) -> dict[str, str]:
    return {p.path: p.message for p in result.problems if p.severity is severity}


@pytest.fixture
def folder(make_content: Callable[..., Path]) -> Path:
    """English and Spanish, every Spanish file marked as translated from today's English."""
    root = make_content(SPANISH)
    files = [str(root / name) for name in SPANISH]
    assert run("translated", "--content", str(root), *files)[0] == 0
    return root


def test_a_version_counts_words_not_dates_or_spacing() -> None:
    assert translations.version("Title", "One line.\n\nTwo.") == \
        translations.version("Title", "One line.   \n\n\n\nTwo.\n")
    assert translations.version("Title", "One line.") != translations.version("Title", "One")
    assert len(translations.version("x")) == translations.VERSION_LENGTH


def test_marking_keeps_the_rest_of_the_file_as_it_was() -> None:
    """Windows line endings, a byte-order mark and every other line survive."""
    text = "\ufeff---\r\ntitle: Uno\r\nreviewed: 2026-11-23\r\n---\r\nTexto.\r\n"
    marked = translations.mark(text, "0123abcd")
    assert marked == ("\ufeff---\r\ntitle: Uno\r\nreviewed: 2026-11-23\r\n"
                      "translated_from: 0123abcd\r\n---\r\nTexto.\r\n")
    assert translations.mark(marked, "ffff0000") == marked.replace("0123abcd", "ffff0000")
    assert translations.mark("# Uno\n", "0123abcd") == \
        "---\ntranslated_from: 0123abcd\n---\n# Uno\n"


def test_translations_marked_up_to_date_check_clean(folder: Path) -> None:
    result = load_library(folder)
    assert result.ok
    # Only the pages not translated at all are mentioned (shown in English meanwhile).
    assert [p.path for p in result.problems if "translation" in p.message] == []
    assert all("is missing in `es`" in p.message for p in result.problems)
    assert result.library is not None
    states = {p.translation.as_posix(): p.state for p in result.library.translations}
    assert states == {"es/_index.md": State.UP_TO_DATE,
                      "es/10-first/_index.md": State.UP_TO_DATE,
                      "es/10-first/10-one.md": State.UP_TO_DATE,
                      "es/10-first/20-two.md": State.UP_TO_DATE}


def test_a_changed_source_is_a_warning_naming_both_files_until_marked_again(
        folder: Path) -> None:
    """The English page a clinician reviewed changes: the Spanish is flagged, and
    `kiosk translated` (after the translator's edit) clears it."""
    english = folder / "en/10-first/10-one.md"
    english.write_text(english.read_text(encoding="utf-8").replace("It is short.",
                                                                   "It is short and new."),
                       encoding="utf-8")
    warned = messages(load_library(folder), Severity.WARNING)
    assert "es/10-first/10-one.md" in warned
    assert "`en/10-first/10-one.md` has changed since this translation was made" in \
        warned["es/10-first/10-one.md"]
    assert "run `kiosk translated es/10-first/10-one.md`" in warned["es/10-first/10-one.md"]
    code, out, _ = run("check", str(folder), "--translations")
    assert code == 0 and "source changed" in out and "es/10-first/10-one.md" in out
    code, out, _ = run("translated", "--content", str(folder), "es/10-first/10-one.md")
    assert code == 0 and "marked as translated from en/10-first/10-one.md" in out
    assert "es/10-first/10-one.md" not in messages(load_library(folder), Severity.WARNING)


def test_a_translation_with_no_mark_says_so(make_content: Callable[..., Path]) -> None:
    warned = messages(load_library(make_content(SPANISH)), Severity.WARNING)
    assert "does not say which version of `en/10-first/20-two.md`" in \
        warned["es/10-first/20-two.md"]


def test_a_page_with_no_source_is_an_error_and_never_shown(
        make_content: Callable[..., Path]) -> None:
    """Text nobody checked against its source stays off the screen."""
    result = load_library(make_content({
        **SPANISH,
        "es/10-first/50-old.md": "---\ntitle: Vieja\n" + DATES + "---\nUna página vieja.\n"}))
    errors = messages(result, Severity.ERROR)
    assert "has no `en` source (`en/10-first/50-old.md` does not exist)" in \
        errors["es/10-first/50-old.md"]
    assert "Delete it, or add the `en` page first" in errors["es/10-first/50-old.md"]
    assert not result.ok


def test_content_replaced_by_another_procedure_does_not_keep_the_old_translation(
        make_content: Callable[..., Path]) -> None:
    """English swapped for another procedure, the old Spanish left behind: the check fails,
    so the kiosk keeps its last good content instead of showing the old Spanish."""
    result = load_library(make_content({
        **SPANISH,
        "en/10-first/_index.md": None, "en/10-first/10-one.md": None,
        "en/10-first/20-two.md": None, "en/10-first/30-three.md": None,
        "en/30-knee/_index.md": "---\ntitle: Knee injections\n---\n",
        "en/30-knee/10-what.md":
            "---\ntitle: What it is\n" + DATES + "---\nA needle in the knee.\n",
    }))
    errors = messages(result, Severity.ERROR)
    assert "has no `en` source" in errors["es/10-first"]
    assert not result.ok


def test_a_page_renamed_in_one_language_only_is_named_with_the_fix(
        folder: Path) -> None:
    (folder / "es/10-first/20-two.md").rename(folder / "es/10-first/20-deux.md")
    errors = messages(load_library(folder), Severity.ERROR)
    assert "looks renamed in one language only: its `en` source seems to be " \
        "`en/10-first/20-two.md`. Rename both the same way" in errors["es/10-first/20-deux.md"]


def test_a_question_with_no_source_is_an_error(make_content: Callable[..., Path]) -> None:
    result = load_library(make_content({
        **SPANISH, "es/faq/_index.md": "---\ntitle: Preguntas\n---\n",
        "es/faq/90-z.md": "---\ntitle: ¿Otra?\n" + DATES + "---\nSí.\n"}))
    assert "this question has no `en` source" in messages(result, Severity.ERROR)["es/faq/90-z.md"]


def test_marking_refuses_the_default_language_and_files_without_a_source(
        folder: Path) -> None:
    code, _, err = run("translated", "--content", str(folder), "en/10-first/10-one.md")
    assert code == 1 and "this is in the default language (`en`)" in err
    (folder / "es/20-extra").mkdir()
    (folder / "es/20-extra/10-x.md").write_text("---\ntitle: X\n" + DATES + "---\nX.\n",
                                                encoding="utf-8")
    code, _, err = run("translated", "--content", str(folder), "es/20-extra/10-x.md")
    assert code == 1 and "it has no source in `en`" in err


def test_the_bundled_spanish_is_up_to_date() -> None:
    """Every bundled translation matches its English as shipped."""
    library = load_library(REPO / "content").library
    assert library is not None and library.translations
    behind = {p.translation.as_posix(): p.state for p in library.translations
              if p.state is not State.UP_TO_DATE}
    assert behind == {}
