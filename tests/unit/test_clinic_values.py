"""The clinic's values in staff text: `{{clinic_phone | fallback words}}` is the value where
kiosk.toml sets it, the fallback words where it does not, and every mistake in the placeholder is
reported by file and line, the same whatever the settings (kiosk/content/clinic_values.py)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from helpers.pages import DATES
from kiosk.content import LoadResult, Page, Severity, load_library
from kiosk.content.clinic_values import NAMES, fill
from kiosk.core.config import Settings

MakeContent = Callable[..., Path]
PHONE = "+1 (555) 010-2030"
PAGE = "en/10-first/10-one.md"
FALLBACK = "the number on your appointment letter"


def page_file(body: str, title: str = "Page one") -> str:
    """A page whose body starts on line 6 (lines 1-5 are the front matter)."""
    return f"---\ntitle: {title}\n{DATES}---\n{body}"


def first_page(result: LoadResult) -> Page:
    assert result.library is not None, [p.format() for p in result.problems]
    return result.library.default.sections[0].pages[0]


def located(result: LoadResult, severity: Severity) -> list[tuple[str, int]]:
    return [(p.path, p.line) for p in result.problems if p.severity is severity]


# -- the value, or the fallback words -----------------------------------------------------------
def test_a_set_value_is_shown_and_read_aloud(make_content: MakeContent) -> None:
    folder = make_content({PAGE: page_file(f"Call {{{{clinic_phone | {FALLBACK}}}}} today.\n")})
    result = load_library(folder, values={"clinic_phone": PHONE})
    page = first_page(result)
    assert result.problems == ()
    assert "Call +1 (555) 010-2030 today." in page.text  # what Listen reads and the grade
    assert "+1 (555) 010-2030" in page.html
    assert "{" not in page.text and "{" not in page.html and FALLBACK not in page.text


def test_a_value_not_set_shows_the_fallback_words(make_content: MakeContent) -> None:
    folder = make_content({PAGE: page_file(f"Call {{{{clinic_phone | {FALLBACK}}}}} today.\n")})
    for values in (None, {}, {"clinic_name": "Riverside Spine Clinic"}):
        page = first_page(load_library(folder, values=values))
        assert f"Call {FALLBACK} today." in page.text
        assert "{" not in page.html and "clinic_phone" not in page.html


def test_whitespace_around_the_name_and_the_words_is_ignored() -> None:
    for written in ("{{clinic_phone|the desk}}", "{{  clinic_phone  |   the desk  }}",
                    "{{\tclinic_phone |the   desk}}"):
        assert fill(f"Ring {written}.", {"clinic_phone": PHONE}) == (f"Ring {PHONE}.", ())
        assert fill(f"Ring {written}.", {}, markdown=True)[0] == "Ring the desk."


def test_every_name_is_filled(make_content: MakeContent) -> None:
    values = {"clinic_name": "Riverside Spine Clinic", "clinic_phone": "555 0100",
              "after_hours_phone": "555 0199 ext 2", "emergency_number": "911"}
    body = "".join(f"- {name}: {{{{{name} | unknown}}}}\n" for name in NAMES)
    page = first_page(load_library(make_content({PAGE: page_file(body)}), values=values))
    for name, value in values.items():
        assert f"{name}: {value}." in page.text


def test_titles_questions_tiles_and_the_welcome_are_filled(make_content: MakeContent) -> None:
    """Everything a patient reads: the page's title, a question's button, the home screen's
    title and welcome line, a topic's tile and its summary."""
    name = "{{clinic_name | our clinic}}"
    phone = f"{{{{clinic_phone | {FALLBACK}}}}}"
    folder = make_content({
        "en/_index.md": f"---\ntitle: Welcome to {name}\nwelcome: Questions? Call {phone}.\n"
                        "---\n",
        "en/10-first/_index.md": f"---\ntitle: About {name}\nsummary: Ring {phone}\n---\n",
        PAGE: page_file("Text.\n", title=f"Calling {name}"),
        "en/faq/10-a.md": f"---\ntitle: What is the number of {name}?\n{DATES}---\n"
                          f"It is {phone}.\n",
    })
    library = load_library(folder, values={"clinic_name": "Riverside & Co (North)",
                                           "clinic_phone": PHONE}).library
    assert library is not None
    english = library.default
    assert english.title == "Welcome to Riverside & Co (North)"
    assert english.welcome == f"Questions? Call {PHONE}."
    section = english.sections[0]
    assert (section.title, section.summary) == ("About Riverside & Co (North)", f"Ring {PHONE}")
    assert section.pages[0].title == "Calling Riverside & Co (North)"
    assert section.pages[0].text.startswith("Calling Riverside & Co (North)\n")
    question = english.faq[0]
    assert question.title == "What is the number of Riverside & Co (North)?"
    assert f"It is {PHONE}." in question.text
    plain = first_page(load_library(folder))
    assert plain.title == "Calling our clinic"  # titles are plain text: no escaping shown


def test_a_title_from_a_first_heading_is_filled(make_content: MakeContent) -> None:
    folder = make_content({PAGE: f"---\n{DATES}---\n# Ring {{{{clinic_phone | us}}}}\nText.\n"})
    page = first_page(load_library(folder, values={"clinic_phone": PHONE}))
    assert page.title == f"Ring {PHONE}"


def test_a_quick_load_fills_the_page_it_renders_later(make_content: MakeContent) -> None:
    """The kiosk starts on a quick load: the page rendered when first shown has the value."""
    folder = make_content({PAGE: page_file("Call {{clinic_phone | us}}.\n")})
    page = first_page(load_library(folder, quick=True, values={"clinic_phone": PHONE}))
    assert not page.body.is_rendered
    assert PHONE in page.html and f"Call {PHONE}." in page.text


# -- a value is never markup --------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    "<b>Bold</b> <script>alert(1)</script>",
    "*star* _under_ `code` [link](https://example.org) ![p](x.png)",
    "&amp; &lt;i&gt; \\*",
])
def test_markup_in_a_value_is_shown_as_written(make_content: MakeContent, value: str) -> None:
    """Settings check their values, but the filling itself never lets one act as Markdown or
    HTML: patients see the characters, and read aloud says them."""
    folder = make_content({PAGE: page_file("Here: {{clinic_name | us}} end.\n")})
    page = first_page(load_library(folder, values={"clinic_name": value}))
    assert f"Here: {value} end." in page.text
    for tag in ("<b>", "<script", "<em>", "<code>", "<img", "<strong>", "<i>"):
        assert tag not in page.html
    assert page.images == ()


@pytest.mark.parametrize(("value", "block"), [
    ("+ 1 555 0100", "<ul>"), ("- 555 0100", "<ul>"), ("1. 800 555", "<ol>"),
    ("# 555", "<h1>"), ("> 555", "<blockquote>"),
])
def test_a_value_at_the_start_of_a_line_starts_no_list_or_heading(
    make_content: MakeContent, value: str, block: str,
) -> None:
    folder = make_content({PAGE: page_file("Intro.\n\n{{clinic_phone | the desk}} is ours.\n")})
    page = first_page(load_library(folder, values={"clinic_phone": value}))
    assert block not in page.html
    assert f"{value} is ours." in page.text


# -- mistakes: the same errors whatever the settings --------------------------------------------
SETTINGS = [None, {}, {"clinic_phone": PHONE}]


@pytest.mark.parametrize("values", SETTINGS)
def test_a_misspelt_name_is_an_error_that_suggests_the_right_one(
    make_content: MakeContent, values: Mapping[str, str] | None,
) -> None:
    folder = make_content({PAGE: page_file("Intro.\n\nCall {{clinc_phone | the desk}}.\n")})
    result = load_library(folder, values=values)
    assert located(result, Severity.ERROR) == [(PAGE, 8)]
    message = result.errors[0].message
    assert "`clinc_phone` is not a value the kiosk knows" in message
    assert "Did you mean `clinic_phone`?" in message
    assert "Write it like this: `Call {{clinic_phone | the desk}}.`" in message
    for name in NAMES:
        assert f"`{name}`" in message
    assert not result.ok  # content with errors is not shown


def test_a_name_no_setting_provides_is_an_error_listing_the_names(
    make_content: MakeContent,
) -> None:
    folder = make_content({PAGE: page_file("Fax us on {{clinic_fax | the number}}.\n")})
    result = load_library(folder, values={"clinic_phone": PHONE})
    assert located(result, Severity.ERROR) == [(PAGE, 6)]
    assert result.errors[0].message.startswith("`clinic_fax` is not a value the kiosk knows")
    assert ("The values are: `clinic_name`, `clinic_phone`, `after_hours_phone`, "
            "`emergency_number`.") in result.errors[0].message


@pytest.mark.parametrize("values", SETTINGS)
def test_no_fallback_words_is_an_error_showing_the_line_to_write(
    make_content: MakeContent, values: Mapping[str, str] | None,
) -> None:
    """Even where the value is set: the same folder goes to screens where it is not."""
    folder = make_content({PAGE: page_file("Text.\nCall us on {{clinic_phone}} today.\n")})
    result = load_library(folder, values=values)
    assert located(result, Severity.ERROR) == [(PAGE, 7)]
    assert ("Write it like this: `Call us on {{clinic_phone | your clinic's number}} today.`"
            in result.errors[0].message)


@pytest.mark.parametrize(("line", "fix"), [
    ("Call {{clinic_phone | the desk", "Call {{clinic_phone | the desk}}"),
    ("Call {{clinic_phone | the desk} now.", "Call {{clinic_phone | the desk}} now."),
    ("Call {clinic_phone} now.", "Call {{clinic_phone | your clinic's number}} now."),
    ("Call {clinic_phone | the desk}} now.", "Call {{clinic_phone | the desk}} now."),
    ("Call {{{clinic_phone | the desk}}} now.", "Call {{clinic_phone | the desk}} now."),
    ("Call {{clinic phone | the desk}} now.", "Call {{clinic_phone | the desk}} now."),
])
@pytest.mark.parametrize("values", SETTINGS)
def test_malformed_braces_are_an_error_with_the_fix(
    make_content: MakeContent, line: str, fix: str, values: Mapping[str, str] | None,
) -> None:
    folder = make_content({PAGE: page_file(f"Text.\n\n{line}\n")})
    result = load_library(folder, values=values)
    assert located(result, Severity.ERROR) == [(PAGE, 8)]
    assert f"Write it like this: `{fix}`" in result.errors[0].message


def test_braces_that_close_nothing_are_an_error(make_content: MakeContent) -> None:
    result = load_library(make_content({PAGE: page_file("Call clinic_phone | us}} now.\n")}))
    assert located(result, Severity.ERROR) == [(PAGE, 6)]
    assert "`}}` here closes nothing" in result.errors[0].message


def test_a_lone_brace_in_ordinary_text_is_no_problem(make_content: MakeContent) -> None:
    body = "Use { and } freely, {like this}, or {name} and {phone}.\n"
    result = load_library(make_content({PAGE: page_file(body)}), values={})
    assert result.problems == ()
    assert "Use { and } freely, {like this}, or {name} and {phone}." in first_page(result).text


def test_a_mistake_in_a_title_is_reported_on_its_line(make_content: MakeContent) -> None:
    folder = make_content({
        "en/_index.md": "---\ntitle: Kiosk\nwelcome: Call {{clinic_phon | us}}.\n---\n",
        PAGE: page_file("Text.\n", title="Calling {{clinic_phone}}"),
    })
    result = load_library(folder)
    assert located(result, Severity.ERROR) == [(PAGE, 2), ("en/_index.md", 3)]


def test_filling_keeps_every_later_problem_on_its_line(make_content: MakeContent) -> None:
    """A page with values on several lines still has its missing picture reported at line 9."""
    body = ("{{clinic_name | Our clinic}} is open.\n"
            "Call {{clinic_phone | us}} or {{after_hours_phone | the night line}}.\n\n"
            "![A spine](spine.png)\n")
    for values in SETTINGS:
        result = load_library(make_content({PAGE: page_file(body)}), values=values)
        assert located(result, Severity.ERROR) == [(PAGE, 9)]
        assert "spine.png" in result.errors[0].message


def test_filling_keeps_the_number_of_lines() -> None:
    text = "a {{clinic_name | b}}\n{{clinic_phone}}\n\n{clinic_phone\nd }}\n"
    for values in ({"clinic_name": "x\ny", "clinic_phone": "1\n2"}, None):
        filled, issues = fill(text, values, markdown=True)
        assert filled.count("\n") == text.count("\n")
        assert [i.line for i in issues] == [2, 4, 5]


# -- notes, only when settings were read --------------------------------------------------------
def test_a_value_used_but_not_set_is_one_note_at_its_first_use(
    make_content: MakeContent,
) -> None:
    folder = make_content({
        PAGE: page_file(f"Call {{{{clinic_phone | {FALLBACK}}}}}.\n"),
        "en/10-first/20-two.md": page_file("Or {{clinic_phone | the desk}}, "
                                           "{{clinic_name | us}}.\n", title="Page two"),
    })
    result = load_library(folder, values={"clinic_name": "Riverside"})
    assert result.ok
    assert located(result, Severity.NOTE) == [(PAGE, 6)]
    assert result.notes[0].message.startswith(
        "`clinic_phone` is not set in kiosk.toml, so pages show the fallback words")
    assert load_library(folder, values={"clinic_name": "Riverside", "clinic_phone": PHONE}
                        ).problems == ()
    assert load_library(folder).problems == ()  # no settings read: nothing to say about them


def test_a_translation_keeps_its_state_whatever_the_values(make_content: MakeContent) -> None:
    """A page's version is of its words as written: marking a translation on one screen holds
    on every other."""
    folder = make_content({PAGE: page_file("Call {{clinic_phone | us}}.\n")})
    versions = {first_page(load_library(folder, values=v)).version for v in SETTINGS}
    assert len(versions) == 1


def test_every_value_is_a_setting() -> None:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    for name in NAMES:
        assert fields[name].type == "str"
        assert fields[name].default == ""
    settings = Settings(clinic_phone=PHONE, emergency_number="911")
    assert settings.clinic_values() == {"clinic_phone": PHONE, "emergency_number": "911"}
    assert Settings().clinic_values() == {}


def test_the_staff_guide_lists_every_name() -> None:
    guide = (Path(__file__).resolve().parents[2] / "content" / "README.md").read_text("utf-8")
    listed = re.findall(r"^\| `([a-z_]+)` \|", guide, re.MULTILINE)
    assert listed == list(NAMES)
