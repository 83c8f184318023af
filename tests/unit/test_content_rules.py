"""`kiosk check`'s rules for names, writing and review dates: each breaks in a real folder and
gives its message with the right line and severity, and a folder that follows it gives none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content import LoadResult, load_library
from kiosk.content.model import Problem, Severity

MakeContent = Callable[..., Path]
TODAY = dt.date(2026, 12, 2)
DATES = "reviewed: 2026-11-23\nreview_by: 2027-11-23\n"
PAGE = "en/20-second/10-only.md"
NINE = ["Your glasses", "Your pills", "A drink", "A snack", "A book", "Your phone", "A coat",
        "Your card", "A friend"]


def page(body: str, dates: str = DATES, title: str = "Only page") -> str:
    return f"---\ntitle: {title}\n{dates}---\n{body}"


def load(folder: Path) -> LoadResult:
    return load_library(folder, today=TODAY)


def about(result: LoadResult, path: str) -> list[Problem]:
    return [p for p in result.problems if p.path == path]


def only(result: LoadResult, path: str) -> Problem:
    found = about(result, path)
    assert len(found) == 1, [p.format() for p in result.problems]
    return found[0]


def test_the_minimal_folder_follows_every_rule(make_content: MakeContent) -> None:
    """A folder written as the guide says gets no message at all."""
    assert load(make_content()).problems == ()


# --- copies and names ------------------------------------------------------------------------

COPIES = ["10-only - Copy.md", "Copy of 10-only.md", "10-only (1).md", "10-only (2).md",
          "10-only copy.md", "10-only copy 2.md", "10-only - copia.md", "Copia de 10-only.md",
          "10-only copia.md", "10-only - Copy (2).md"]


@pytest.mark.parametrize("name", COPIES)
def test_a_file_manager_copy_of_a_page_is_an_error_and_not_shown(
    make_content: MakeContent, name: str,
) -> None:
    """Explorer's, Finder's and Spanish copies of a page are errors naming the original; the
    copy does not go live as a second page."""
    folder = make_content({f"en/20-second/{name}": page("The second topic has one page.\n")})
    result = load(folder)
    problem = only(result, f"en/20-second/{name}")
    assert (problem.line, problem.severity) == (0, Severity.ERROR)
    assert problem.message == (
        "this looks like a copy of `10-only.md` made by a file manager: it would show as a "
        "second page. Delete it, or rename it with its own number, like `15-….md`.")
    assert result.problems == (problem,)


def test_a_copy_whose_original_is_gone_is_still_an_error(make_content: MakeContent) -> None:
    """`Copy of 10-only.md` alone: still a copy's name, so rename it."""
    folder = make_content({PAGE: None, "en/20-second/Copy of 10-only.md": page("Text here.\n")})
    problem = only(load(folder), "en/20-second/Copy of 10-only.md")
    assert problem.severity is Severity.ERROR
    assert "looks like a copy made by a file manager" in problem.message
    assert "like `15-….md`" in problem.message


def test_a_copied_question_and_a_copied_section_folder_are_errors(
    make_content: MakeContent,
) -> None:
    """A copied question and a copied topic folder are named, as a question and a section."""
    folder = make_content({
        "en/faq/20-b - Copy.md": page("We hope so.\n", title="Will it pass?"),
        "en/20-second - Copy/_index.md": "---\ntitle: Second topic\n---\n",
        "en/20-second - Copy/10-only.md": page("The second topic has one page.\n"),
    })
    result = load(folder)
    question = only(result, "en/faq/20-b - Copy.md")
    assert question.severity is Severity.ERROR
    assert "a copy of `20-b.md`" in question.message
    assert "second question" in question.message
    assert "like `25-….md`" in question.message
    section = only(result, "en/20-second - Copy")
    assert section.severity is Severity.ERROR
    assert "a copy of `20-second`" in section.message
    assert "second section" in section.message
    assert "like `25-…`" in section.message
    assert len(result.errors) == 2


@pytest.mark.parametrize(("name", "tidy"), [
    ("en/20-second/10-Only.md", "10-only.md"),
    ("en/20-second/10 only page.md", "10-only-page.md"),
    ("en/faq/30-Will It Hurt.MD", "30-will-it-hurt.md"),
])
def test_spaces_and_capitals_in_a_page_name_are_a_warning_with_the_rename(
    make_content: MakeContent, name: str, tidy: str,
) -> None:
    """A name with spaces or capitals still shows, with a warning that gives the new name."""
    folder = make_content({PAGE: None, name: page("The page has a short text.\n",
                                                  title="Will it hurt?")})
    problem = only(load(folder), name)
    assert (problem.line, problem.severity) == (0, Severity.WARNING)
    assert problem.message == ("use small letters and hyphens in names, no spaces: rename this "
                               f"file to `{tidy}`.")


def test_a_section_folder_with_capitals_is_a_warning(make_content: MakeContent) -> None:
    """`20-Second Topic/` loads, with the folder's new name."""
    folder = make_content({
        "en/20-second/_index.md": None, PAGE: None,
        "en/20-Second Topic/_index.md": "---\ntitle: Second topic\n---\n",
        "en/20-Second Topic/10-only.md": page("The second topic has one page.\n"),
    })
    result = load(folder)
    problem = only(result, "en/20-Second Topic")
    assert problem.severity is Severity.WARNING
    assert "rename this folder to `20-second-topic`" in problem.message
    assert result.ok


def test_a_picture_name_with_spaces_is_a_warning(make_content: MakeContent) -> None:
    """`Needle Position.PNG` is renamed in the folder and in the page."""
    folder = make_content({"en/20-second/Needle Position.PNG": b"\x89PNG\r\n\x1a\n"})
    problem = only(load(folder), "en/20-second/Needle Position.PNG")
    assert problem.severity is Severity.WARNING
    assert "rename this picture to `needle-position.png`" in problem.message
    assert "in the page that shows it" in problem.message


# --- the guide's writing rules ---------------------------------------------------------------

def test_a_list_of_more_than_seven_items_is_a_warning_at_its_first_line(
    make_content: MakeContent,
) -> None:
    """Nine items in a list: a warning on the list's first line (file line 8)."""
    items = "".join(f"- {thing}\n" for thing in NINE)
    folder = make_content({PAGE: page(f"Bring these:\n\n{items}")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (8, Severity.WARNING)
    assert problem.message.startswith("this list has 9 items; keep a list to 7 or fewer")


def test_seven_items_and_two_short_lists_are_fine(make_content: MakeContent) -> None:
    """Seven items, or two lists split by a line of text, give no message."""
    seven = "".join(f"- {thing}\n" for thing in NINE[:7])
    numbered = "".join(f"{n}. Step {n}\n" for n in range(1, 6))
    folder = make_content({PAGE: page(f"Bring these:\n\n{seven}\nThen:\n\n{numbered}")})
    assert about(load(folder), PAGE) == []


def test_a_table_is_a_warning_at_its_first_line(make_content: MakeContent) -> None:
    """A pipe table would show as `|` signs: a warning on its header line."""
    table = "| When | What |\n|------|------|\n| Before | Eat |\n"
    folder = make_content({PAGE: page(f"Here is when.\n\n{table}")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (8, Severity.WARNING)
    assert "looks like a table" in problem.message


def test_a_line_with_a_bar_over_a_heading_rule_is_no_table(make_content: MakeContent) -> None:
    """`Call us | or visit` over `---` is a subheading with a `|` in it, not a table."""
    folder = make_content({PAGE: page("The topic has one page.\n\nCall us | or visit\n---\n\n"
                                      "Rest well.\n")})
    assert about(load(folder), PAGE) == []


def test_a_later_heading_that_repeats_the_title_is_a_warning(make_content: MakeContent) -> None:
    """`## Only page` further down repeats the title: a warning on its line."""
    folder = make_content({PAGE: page("The topic has one page.\n\n## Only page\n\nMore text.\n")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (8, Severity.WARNING)
    assert "this heading repeats the title" in problem.message


def test_a_subheading_of_its_own_is_fine(make_content: MakeContent) -> None:
    """`## Before you come` is a subheading, not the title again."""
    folder = make_content({PAGE: page("The topic has one page.\n\n## Before you come\n\nRest.\n")})
    assert about(load(folder), PAGE) == []


# --- review dates ----------------------------------------------------------------------------

def test_a_page_without_review_dates_is_a_warning(make_content: MakeContent) -> None:
    """No `reviewed` or `review_by`: a warning on the title line, with dates to copy."""
    folder = make_content({PAGE: page("The second topic has one page.\n", dates="")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (2, Severity.WARNING)
    assert problem.message == (
        "this page has no `reviewed` or `review_by` date, so nobody is reminded to have it "
        "checked. Add `reviewed: 2026-12-02` (the day a clinician checked it) and `review_by: "
        "2027-12-02` (when it is due again) to the front matter.")


def test_a_misspelt_review_key_gets_one_message(make_content: MakeContent) -> None:
    """`reviwed:` is an unknown key with "did you mean"; it is not also called missing."""
    folder = make_content({PAGE: page("Text.\n", dates="reviwed: 2026-11-23\n"
                                                       "review_by: 2027-11-23\n")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (3, Severity.ERROR)
    assert "Did you mean `reviewed`?" in problem.message


def test_the_example_review_by_is_a_year_on_across_a_leap_day(make_content: MakeContent) -> None:
    """On 2027-06-01 the suggested `review_by` is 2028-06-01, though 2028 has 29 February."""
    folder = make_content({PAGE: page("Text.\n", dates="")})
    problem = only(load_library(folder, today=dt.date(2027, 6, 1)), PAGE)
    assert "`reviewed: 2027-06-01`" in problem.message
    assert "`review_by: 2028-06-01`" in problem.message


def test_a_question_without_review_by_is_a_warning(make_content: MakeContent) -> None:
    """A question with `reviewed` only is told to add `review_by`."""
    folder = make_content({"en/faq/10-a.md": page("Yes. This is a test answer.\n",
                                                  dates="reviewed: 2026-11-23\n",
                                                  title="Is it a test?")})
    problem = only(load(folder), "en/faq/10-a.md")
    assert problem.severity is Severity.WARNING
    assert problem.message.startswith("this question has no `review_by` date")


@pytest.mark.parametrize(("written", "right"), [
    ("30/11/2026", "2026-11-30"), ("11/30/2026", "2026-11-30"), ("2026/11/30", "2026-11-30"),
    ("30.11.2026", "2026-11-30"), ("2026-1-5", "2026-01-05"),
])
def test_a_date_not_written_year_month_day_is_an_error_with_the_right_form(
    make_content: MakeContent, written: str, right: str,
) -> None:
    """`review_by: 30/11/2026` is an error that says to write `2026-11-30`."""
    folder = make_content({PAGE: page("Text.\n", dates=f"reviewed: 2026-11-23\n"
                                                       f"review_by: {written}\n")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (4, Severity.ERROR)
    assert problem.message == (f"`review_by: {written}` must be written as year-month-day: "
                               f"write it as `{right}`.")


def test_a_date_that_does_not_exist_is_an_error(make_content: MakeContent) -> None:
    """`2027-02-30` is no day at all."""
    folder = make_content({PAGE: page("Text.\n", dates="reviewed: 2026-11-23\n"
                                                       "review_by: 2027-02-30\n")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (4, Severity.ERROR)
    assert "is not a real date" in problem.message


def test_reviewed_in_the_future_is_an_error(make_content: MakeContent) -> None:
    """`reviewed` after today cannot be right."""
    folder = make_content({PAGE: page("Text.\n", dates="reviewed: 2026-12-03\n"
                                                       "review_by: 2027-12-03\n")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (3, Severity.ERROR)
    assert "is in the future (today is 2026-12-02)" in problem.message


def test_review_by_before_reviewed_is_an_error(make_content: MakeContent) -> None:
    """`review_by` before `reviewed`: an error on the `review_by` line."""
    folder = make_content({PAGE: page("Text.\n", dates="reviewed: 2026-11-23\n"
                                                       "review_by: 2025-11-23\n")})
    problem = only(load(folder), PAGE)
    assert (problem.line, problem.severity) == (4, Severity.ERROR)
    assert "`review_by: 2025-11-23` is before `reviewed: 2026-11-23`" in problem.message


def test_review_by_within_30_days_is_a_note(make_content: MakeContent) -> None:
    """Due in 30 days: a note (not a warning, not an error), and the folder is fine."""
    folder = make_content({PAGE: page("Text.\n", dates="reviewed: 2026-01-01\n"
                                                       "review_by: 2027-01-01\n")})
    result = load(folder)
    problem = only(result, PAGE)
    assert (problem.line, problem.severity) == (4, Severity.NOTE)
    assert problem.message.startswith("this page is due for review in 30 days (2027-01-01).")
    assert result.ok
    assert result.warnings == ()
    assert result.notes == (problem,)


def test_review_by_31_days_away_is_quiet_and_past_is_a_warning(make_content: MakeContent) -> None:
    """31 days away: nothing; the day after `review_by`: a warning, and the page still shows."""
    folder = make_content({PAGE: page("Text.\n", dates="reviewed: 2026-01-01\n"
                                                       "review_by: 2027-01-02\n")})
    assert about(load(folder), PAGE) == []
    late = load_library(folder, today=dt.date(2027, 1, 3))
    problem = only(late, PAGE)
    assert (problem.line, problem.severity) == (4, Severity.WARNING)
    assert "was due for review on 2027-01-02" in problem.message
    assert late.ok


def test_a_wrong_date_is_caught_by_the_quick_load_too(make_content: MakeContent) -> None:
    """The kiosk's start (a quick load) refuses a date it cannot read, as the check does."""
    folder = make_content({PAGE: page("Text.\n", dates="reviewed: 23/11/2026\n"
                                                       "review_by: 2027-11-23\n")})
    result = load_library(folder, today=TODAY, quick=True)
    assert [(p.path, p.line, p.severity) for p in result.errors] == [(PAGE, 3, Severity.ERROR)]


# --- the home screen -------------------------------------------------------------------------

def topics(count: int) -> dict[str, str | None]:
    """`count` more topics, each with one dated page."""
    files: dict[str, str | None] = {}
    for n in range(1, count + 1):
        files[f"en/{n + 20:02d}-topic-{n}/_index.md"] = f"---\ntitle: Topic {n}\n---\n"
        files[f"en/{n + 20:02d}-topic-{n}/10-page.md"] = page("Text.\n", title=f"Page {n}")
    return files


def test_more_home_tiles_than_fit_at_1280x800_is_a_warning(make_content: MakeContent) -> None:
    """Six sections and the questions make seven tiles: a warning on the language folder."""
    problem = only(load(make_content(topics(4))), "en")
    assert (problem.line, problem.severity) == (0, Severity.WARNING)
    assert problem.message.startswith("the home screen has 7 tiles (6 sections and the "
                                      "questions); only 6 fit")


def test_six_home_tiles_are_fine(make_content: MakeContent) -> None:
    """Five sections and the questions: six tiles, no message."""
    assert load(make_content(topics(3))).problems == ()
