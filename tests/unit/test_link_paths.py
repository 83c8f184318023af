"""Links between pages, as staff write them in real content folders: which open a page (a
`kiosk:` link the screen can follow), and which are plain words with a warning that says, by
file and line, what to write instead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.pages import DATES
from kiosk.content import LoadResult, Severity, load_library
from kiosk.content.links import target_of
from kiosk.content.model import Page
from kiosk.content.render import render_markdown

TODAY = dt.date(2026, 1, 1)
ONE = "en/10-first/10-one.md"
ANSWER = "en/faq/10-a.md"


def page(body: str, title: str = "Page one") -> str:
    return f"---\ntitle: {title}\n{DATES}---\n{body}"


def load(make_content: Callable[..., Path], files: dict[str, str | None],
         quick: bool = False) -> LoadResult:
    return load_library(make_content(files), today=TODAY, quick=quick)


def find(result: LoadResult, page_id: str, language: str = "en") -> Page:
    assert result.library is not None, [p.format() for p in result.problems]
    lang = result.library.language(language)
    assert lang is not None
    pages = [*lang.faq, *(p for s in lang.sections for p in s.pages)]
    return next(p for p in pages if p.id == page_id)


def about(result: LoadResult, path: str) -> list[tuple[int, Severity, str]]:
    return [(p.line, p.severity, p.message) for p in result.problems if p.path == path]


@pytest.mark.parametrize(("written", "target"), [
    ("../10-first/20-two.md", "first/two"),  # a page of another section
    ("20-two.md", "first/two"),  # a page beside it
    ("./30-three.md", "first/three"),
    ("../20-second/", "second"),  # a topic folder: its first page
    ("../20-second", "second"),
    ("../20-second/_index.md", "second"),
    ("../faq/20-b.md", "faq/b"),  # a question's answer
    ("../10-first/99-two.md", "first/two"),  # the number does not matter: renumbering is safe
    ("../10-First/20-Two.md", "first/two"),
    ("../10-first/20-two.md#top", "first/two"),
    ("../20-second/10%2Donly.md", "second/only"),
])
def test_a_link_to_a_page_of_the_kiosk_opens_it(
    make_content: Callable[..., Path], written: str, target: str,
) -> None:
    """A Markdown link with a path from the page's own file becomes a link the screen follows,
    by the id of what it opens, with no warning."""
    result = load(make_content, {ONE: page(f"See [the next part]({written}) for more.\n")})
    assert about(result, ONE) == []
    html = find(result, "first/one").html
    assert f'<a href="kiosk:{target}">the next part</a>' in html


def test_a_link_on_its_own_line_is_a_paragraph_of_its_own(
    make_content: Callable[..., Path],
) -> None:
    """`Read more: [link](…)` is split into its words and a paragraph holding only the link
    (the screen's large button); the words of both are read aloud, in order."""
    result = load(make_content, {ANSWER: page(
        "Yes. This is a test answer.\n\n"
        "Read more: [Page two, step by step](../10-first/20-two.md)\n\n"
        "[The second topic](../20-second/).\n", title="Is it a test?")})
    assert about(result, ANSWER) == []
    answer = find(result, "faq/a")
    assert answer.html == (
        "<p>Yes. This is a test answer.</p>\n<p>Read more:</p>\n"
        '<p><a href="kiosk:first/two">Page two, step by step</a></p>\n'
        '<p><a href="kiosk:second">The second topic</a></p>')
    assert answer.text.split("\n")[-3:] == [
        "Read more:", "Page two, step by step.", "The second topic."]


def test_a_link_inside_a_sentence_stays_in_it(make_content: Callable[..., Path]) -> None:
    """Only a colon before a closing link makes it a line of its own; a sentence keeps its
    link, and its full stop."""
    result = load(make_content, {ONE: page("You can read [page two](20-two.md).\n")})
    assert find(result, "first/one").html == (
        '<p>You can read <a href="kiosk:first/two">page two</a>.</p>')


def test_a_missing_page_is_plain_words_with_the_nearest_page_named(
    make_content: Callable[..., Path],
) -> None:
    """A typo in the path: a warning on the link's line naming the page meant, and the words
    shown as plain text (the content still loads)."""
    result = load(make_content, {ANSWER: page(
        "Yes. This is a test answer.\n\nRead more: [Page two](../10-first/20-tow.md)\n",
        title="Is it a test?")})
    assert result.ok
    [(line, severity, message)] = about(result, ANSWER)
    assert (line, severity) == (8, Severity.WARNING)
    assert "`../10-first/20-tow.md` leads to no page" in message
    assert "Did you mean `../10-first/20-two.md`?" in message
    html = find(result, "faq/a").html
    assert "<a" not in html and "href" not in html
    assert "Page two" in html and "Page two" in find(result, "faq/a").text


@pytest.mark.parametrize(("written", "says"), [
    ("../../../outside.md", "points outside this language's pages"),
    ("../../secret/10-x.md", "points outside this language's pages"),
    ("/en/10-first/20-two.md", "points outside this language's pages"),
    ("C:\\Users\\kim\\page.md", "points outside this language's pages"),
    ("https://example.org/help", "web links cannot be opened on the kiosk"),
    ("http://example.org", "web links cannot be opened on the kiosk"),
    ("mailto:care@example.org", "web links cannot be opened on the kiosk"),
    ("www.example.org", "web links cannot be opened on the kiosk"),
    ("kiosk:first/two", "web links cannot be opened on the kiosk"),
    ("10-one.md", "leads to this same page"),
    ("#top", "is not a page, a question or a topic folder"),
    ("spine.png", "is not a page, a question or a topic folder"),
    ("../", "is not a page, a question or a topic folder"),
    ("../faq/", "opens the list of questions"),
    ("../10-first/20-two.md/deeper.md", "is not a page, a question or a topic folder"),
    ("", "has nowhere to go"),
])
def test_a_link_the_kiosk_cannot_open_is_plain_words_with_a_warning(
    make_content: Callable[..., Path], written: str, says: str,
) -> None:
    """Every link that cannot open a page of this language: a warning on its line saying why
    and what to write, the words kept, nothing to tap."""
    result = load(make_content, {ONE: page(f"First line.\n\nSee [the words]({written}) now.\n")})
    assert result.ok
    problems = about(result, ONE)
    assert [(line, severity) for line, severity, _ in problems] == [(8, Severity.WARNING)]
    assert says in problems[0][2]
    html = find(result, "first/one").html
    assert "<a" not in html and "kiosk:" not in html
    assert "See <span>the words</span> now." in html


def test_a_link_to_another_languages_folder_names_this_languages_page(
    make_content: Callable[..., Path],
) -> None:
    """A Spanish page linking into `en/` would switch the patient's language: it is refused,
    with the path to write instead."""
    result = load(make_content, {
        "es/_index.md": "---\ntitle: Prueba\n---\n",
        "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
        "es/10-first/10-one.md": page("Vea [la página dos](../../en/10-first/20-two.md).\n",
                                      title="Uno"),
    })
    [message] = [m for _, _, m in about(result, "es/10-first/10-one.md") if "link" in m]
    assert "`en` folder, another language" in message
    assert "(`20-two.md`)" in message
    assert "kiosk:" not in find(result, "first/one", "es").html


def test_a_spanish_link_opens_the_spanish_page_or_its_stand_in(
    make_content: Callable[..., Path],
) -> None:
    """The same relative path as in English: to a translated page, and to one not translated
    yet (the kiosk shows the English one in its place), both open without a warning."""
    result = load(make_content, {
        "es/_index.md": "---\ntitle: Prueba\n---\n",
        "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
        "es/10-first/10-one.md": page("Vea [la página dos](20-two.md).\n\n"
                                      "[Solo](../20-second/10-only.md)\n", title="Uno"),
        "es/10-first/20-two.md": page("Página dos.\n", title="Dos"),
    })
    links = [m for _, _, m in about(result, "es/10-first/10-one.md") if "link" in m]
    assert links == []
    html = find(result, "first/one", "es").html
    assert '<a href="kiosk:first/two">la página dos</a>' in html
    assert '<a href="kiosk:second/only">Solo</a>' in html


def test_the_quick_load_renders_links_when_the_page_is_first_shown(
    make_content: Callable[..., Path],
) -> None:
    """The kiosk's own start renders pages lazily, after the whole library is known: a link to
    a page later in the folder works there too."""
    result = load(make_content, {ONE: page("[The last page](30-three.md)\n")}, quick=True)
    assert '<a href="kiosk:first/three">The last page</a>' in find(result, "first/one").html


def test_a_page_rendered_on_its_own_shows_every_link_as_words(tmp_path: Path) -> None:
    """Without the library (no page, no targets) nothing is a link, and it says so."""
    rendered = render_markdown("[Page two](20-two.md)\n", tmp_path, tmp_path)
    assert rendered.html == "<p><span>Page two</span></p>"
    assert "leads to no page" in rendered.issues[0].message


def test_only_kiosk_addresses_are_links() -> None:
    """The address the renderer writes, and nothing like it, is what the screen follows."""
    assert target_of("kiosk:first/two") == "first/two"
    assert target_of("kiosk:second") == "second"
    for other in ("https://example.org", "kiosk:../x", "kiosk:first/two/three", "javascript:x",
                  "kiosk:", "KIOSK:first", "kiosk:first two"):
        assert target_of(other) is None, other
