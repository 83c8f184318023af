"""Scheduled notices in the content folder (content/README.md, "Notices"): what staff write,
what `kiosk check` tells them, and which notice the home screen gets at which time."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli.main import main
from kiosk.content import LoadResult, load_library
from kiosk.content.model import Problem, Severity
from kiosk.content.notices import active, next_change

MakeContent = Callable[..., Path]
TODAY = dt.date(2026, 12, 1)
CLOSED = "The clinic is closed on 24, 25 and 26 December. For help, call 111."
CLOSED_ES = "La clínica cierra el 24, 25 y 26 de diciembre. Si necesita ayuda, llame al 111."
# A Spanish folder with one topic (the rest shows in English): enough to be a language.
ES_MINIMAL = {
    "es/_index.md": "---\ntitle: Quiosco\nwelcome: Toque un tema.\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primer tema\n---\n",
    "es/10-first/10-one.md": "---\ntitle: Página uno\nreviewed: 2025-01-01\n"
                             "review_by: 2099-01-01\n---\nUsted lee la página uno.\n",
}


def notice(text: str = CLOSED, start: str = "2026-12-24 00:00",
           until: str = "2026-12-26 23:59") -> str:
    lines = [f"from: {start}" if start else "", f"until: {until}" if until else ""]
    return "---\n" + "".join(f"{line}\n" for line in lines if line) + "---\n" + text + "\n"


def load(folder: Path) -> LoadResult:
    return load_library(folder, today=TODAY)


def about_notices(result: LoadResult) -> list[Problem]:
    return [p for p in result.problems if "/notices/" in p.path]


def test_a_notice_loads_with_its_window(make_content: MakeContent) -> None:
    """`until` with a time covers that minute; the notice is clean: no problem at all."""
    result = load(make_content({"en/notices/10-closed.md": notice()}))
    assert result.problems == (), [p.format() for p in result.problems]
    assert result.library is not None
    (closed,) = result.library.default.notices
    assert closed.text == CLOSED
    assert closed.starts == dt.datetime(2026, 12, 24, 0, 0)
    assert closed.ends == dt.datetime(2026, 12, 27, 0, 0)
    assert not closed.shows_at(dt.datetime(2026, 12, 23, 23, 59))
    assert closed.shows_at(dt.datetime(2026, 12, 24, 0, 0))
    assert closed.shows_at(dt.datetime(2026, 12, 26, 23, 59, 59))
    assert not closed.shows_at(dt.datetime(2026, 12, 27, 0, 0))


def test_dates_alone_mean_whole_days(make_content: MakeContent) -> None:
    result = load(make_content({"en/notices/10-closed.md": notice(start="2026-12-24",
                                                                  until="2026-12-24")}))
    assert result.library is not None and not about_notices(result)
    (closed,) = result.library.default.notices
    assert (closed.starts, closed.ends) == (dt.datetime(2026, 12, 24), dt.datetime(2026, 12, 25))


def test_active_and_next_change_walk_the_boundaries(make_content: MakeContent) -> None:
    folder = make_content({
        "en/notices/10-closed.md": notice(),
        "en/notices/20-flu.md": notice("Flu jabs this week: ask at the desk.",
                                       "2026-12-01 08:00", "2026-12-05"),
    })
    library = load(folder).library
    assert library is not None
    notices = library.default.notices
    assert [n.id for n in notices] == ["10-closed", "20-flu"]
    before = dt.datetime(2026, 11, 30, 9, 0)
    assert active(notices, before) == ()
    assert next_change(notices, before) == dt.datetime(2026, 12, 1, 8, 0)
    flu = dt.datetime(2026, 12, 1, 8, 0)
    assert [n.id for n in active(notices, flu)] == ["20-flu"]
    assert next_change(notices, flu) == dt.datetime(2026, 12, 6)
    assert next_change(notices, dt.datetime(2026, 12, 27)) is None


@pytest.mark.parametrize(("text", "line", "words"), [
    (notice(start="2026-24-12"), 2, ["`from: 2026-24-12`", "not a real date", "2026-12-24"]),
    (notice(start="24/12/2026"), 2, ["`from: 24/12/2026`", "year-month-day"]),
    (notice(until="2026-12-26 25:00"), 3, ["`until: 2026-12-26 25:00`", "24-hour", "23:59"]),
    (notice(until=""), 1, ["no `until:` line", "`until: 2026-12-26 18:00`"]),
    (notice(start=""), 1, ["no `from:` line", "`from: 2026-12-24 08:00`"]),
    (notice(until="2026-12-20"), 3, ["`until: 2026-12-20` is before `from: 2026-12-24 00:00`"]),
    (notice(text=""), 5, ["no text", "one or two sentences"]),
    ("---\nfrom: 2026-12-24\nuntill: 2026-12-26\n---\nClosed.\n", 3, ["Did you mean `until`?"]),
])
def test_each_mistake_is_an_error_with_file_line_and_fix(
        make_content: MakeContent, text: str, line: int, words: list[str]) -> None:
    """The kiosk keeps its last good content: an error, never a notice at a guessed time."""
    result = load(make_content({"en/notices/10-closed.md": text}))
    problems = about_notices(result)
    assert len(problems) == 1, [p.format() for p in result.problems]
    (problem,) = problems
    assert (problem.path, problem.line, problem.severity) == (
        "en/notices/10-closed.md", line, Severity.ERROR)
    for word in words:
        assert word in problem.message
    assert not result.ok


def test_a_long_notice_is_a_warning(make_content: MakeContent) -> None:
    result = load(make_content({"en/notices/10-closed.md": notice(CLOSED * 3)}))
    (problem,) = about_notices(result)
    assert problem.severity is Severity.WARNING
    assert "keep it to 200 or fewer" in problem.message
    assert result.ok


def test_an_expired_notice_is_a_note_to_delete_it(make_content: MakeContent) -> None:
    result = load(make_content({"en/notices/10-closed.md": notice(start="2026-11-20",
                                                                  until="2026-11-30 18:00")}))
    (problem,) = about_notices(result)
    assert (problem.line, problem.severity) == (3, Severity.NOTE)
    assert problem.message.startswith("expired: this notice ended on 2026-11-30")
    assert "Delete the file." in problem.message
    assert result.ok


def test_a_notice_ending_today_is_not_expired_yet(make_content: MakeContent) -> None:
    result = load(make_content({"en/notices/10-closed.md": notice(start="2026-11-30",
                                                                  until="2026-12-01 18:00")}))
    assert about_notices(result) == []


def test_a_notice_starting_over_a_year_ahead_is_a_warning(make_content: MakeContent) -> None:
    result = load(make_content({"en/notices/10-closed.md": notice(start="2028-12-24",
                                                                  until="2028-12-26")}))
    (problem,) = about_notices(result)
    assert (problem.line, problem.severity) == (2, Severity.WARNING)
    assert "more than a year from now" in problem.message


def test_kiosk_check_lists_an_expired_notice_as_a_note(make_content: MakeContent) -> None:
    folder = make_content({"en/notices/10-old.md": notice(start="2019-12-24",
                                                          until="2019-12-26")})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", str(folder)])
    assert code == 0
    assert "en/notices/10-old.md:3: note: expired: this notice ended on 2019-12-26" in (
        out.getvalue())


def test_a_file_that_is_not_a_notice_is_a_warning(make_content: MakeContent) -> None:
    result = load(make_content({"en/notices/10-closed.md": notice(),
                                "en/notices/picture.png": b"png"}))
    (problem,) = about_notices(result)
    assert (problem.path, problem.severity) == ("en/notices/picture.png", Severity.WARNING)
    assert result.library is not None and len(result.library.default.notices) == 1


def test_the_notices_folder_is_not_a_section(make_content: MakeContent) -> None:
    library = load(make_content({"en/notices/10-closed.md": notice()})).library
    assert library is not None
    assert [s.id for s in library.default.sections] == ["first", "second"]


def test_a_translation_pairs_by_file_name(make_content: MakeContent) -> None:
    folder = make_content({**ES_MINIMAL, "en/notices/10-closed.md": notice(),
                           "es/notices/10-closed.md": notice(CLOSED_ES)})
    result = load(folder)
    assert about_notices(result) == [], [p.format() for p in result.problems]
    assert result.library is not None
    spanish = result.library.language("es")
    assert spanish is not None
    assert [(n.text, n.language) for n in spanish.notices] == [(CLOSED_ES, "es")]


def test_an_untranslated_notice_shows_in_the_default_language(
        make_content: MakeContent) -> None:
    """A closure matters to every patient: shown in English on the Spanish home, with a note."""
    result = load(make_content({**ES_MINIMAL, "en/notices/10-closed.md": notice()}))
    assert result.library is not None
    spanish = result.library.language("es")
    assert spanish is not None
    assert [(n.text, n.language) for n in spanish.notices] == [(CLOSED, "en")]
    (problem,) = about_notices(result)
    assert (problem.path, problem.severity) == ("es/notices/10-closed.md", Severity.NOTE)
    assert "shows in `en` on the `es` home screen" in problem.message


def test_a_translation_with_other_dates_is_a_warning(make_content: MakeContent) -> None:
    folder = make_content({**ES_MINIMAL, "en/notices/10-closed.md": notice(),
                           "es/notices/10-closed.md": notice(CLOSED_ES, until="2026-12-25")})
    (problem,) = about_notices(load(folder))
    assert (problem.path, problem.severity) == ("es/notices/10-closed.md", Severity.WARNING)
    assert "differ from `en/notices/10-closed.md`" in problem.message


def test_a_notice_only_in_a_translation_shows_only_there(make_content: MakeContent) -> None:
    folder = make_content({**ES_MINIMAL, "es/notices/10-closed.md": notice(CLOSED_ES)})
    result = load(folder)
    assert result.library is not None
    assert result.library.default.notices == ()
    spanish = result.library.language("es")
    assert spanish is not None and [n.text for n in spanish.notices] == [CLOSED_ES]
    (problem,) = about_notices(result)
    assert (problem.path, problem.severity) == ("es/notices/10-closed.md", Severity.WARNING)
    assert "shows only in `es`" in problem.message


def test_kiosk_translated_says_notices_are_paired_by_name_not_marked(
        make_content: MakeContent) -> None:
    folder = make_content({**ES_MINIMAL, "en/notices/10-closed.md": notice(),
                           "es/notices/10-closed.md": notice(CLOSED_ES)})
    before = (folder / "es/notices/10-closed.md").read_text(encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["translated", "--content", str(folder), "es/notices/10-closed.md"])
    assert code == 1
    assert "notices are not marked: pair one with the same file name" in err.getvalue()
    assert (folder / "es/notices/10-closed.md").read_text(encoding="utf-8") == before
