"""The sanitiser: whatever a staff member pastes, `Page.html` holds nothing that runs, loads from
the web or leaves the app, and `Page.text` reads as plain sentences."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from kiosk.content.render import MAX_MARKDOWN, Rendered, render_markdown

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT src=https://evil.example/x.js></SCRIPT>",
    "text <script>alert(2)</script> inline",
    "<script>\n\nalert(3)\n\n</script>",
    "<script>never closed\nalert(4)",
    "<svg><script>alert(5)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body { display: none }</style>",
    '<div style="background:url(https://evil.example/x)">styled</div>',
    '<img src="https://evil.example/x.png" onerror="alert(6)">',
    '<p onclick="alert(7)">click</p>',
    '<a href="javascript:alert(8)">link</a>',
    "[link](javascript:alert(9))",
    "[link](https://evil.example)",
    "<https://evil.example>",
    "<someone@evil.example>",
    "![remote](https://evil.example/x.png)",
    "![remote](//evil.example/x.png)",
    '![x](x.png "t" onerror="alert(10)")',
    "<object data=https://evil.example/x.swf></object>",
    "<embed src=https://evil.example/x.swf>",
    "<form action=https://evil.example><input name=q></form>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<!-- <script>alert(11)</script> -->",
    "<math><mi xlink:href=javascript:alert(12)>x</mi></math>",
    "&lt;script&gt;alert(13)&lt;/script&gt;",
    "`<script>alert(14)</script>`",
    "    <script>alert(15)</script>",
]
FORBIDDEN = ("<script", "<iframe", "<style", "<object", "<embed", "<form", "<input", "<meta",
             "<base", "<link", "<a ", "<a>", "href", "javascript:", "onerror", "onclick",
             "style=", 'src="http', 'src="//', "<svg", "<math", "<div")


def render(source: str, folder: Path) -> Rendered:
    return render_markdown(source, folder, folder)


@pytest.mark.parametrize("source", HOSTILE)
def test_nothing_that_runs_or_loads_survives(tmp_path: Path, source: str) -> None:
    """Script, iframe, style, on* handlers, javascript: URLs and remote images never survive."""
    html = render(f"Before.\n\n{source}\n\nAfter.\n", tmp_path).html
    lowered = html.lower()
    for bad in FORBIDDEN:
        assert bad not in lowered, html
    assert "Before." in html
    assert "After." in html


@pytest.mark.parametrize("source", [s for s in HOSTILE if "alert" in s and "&lt;" not in s
                                    and "`" not in s and not s.startswith("    ")])
def test_script_code_is_not_shown_as_text_either(tmp_path: Path, source: str) -> None:
    """The code inside a script is not shown to patients as if it were page text."""
    rendered = render(f"{source}\n", tmp_path)
    assert "alert" not in rendered.html
    assert "alert" not in rendered.text


def test_escaped_tags_are_shown_as_text_not_run(tmp_path: Path) -> None:
    """`&lt;script&gt;` written as entities is text that patients can read, never a tag."""
    html = render("&lt;script&gt;alert(1)&lt;/script&gt;\n", tmp_path).html
    assert "&lt;script&gt;" in html
    assert "<script" not in html


@pytest.mark.parametrize(("source", "html", "text"), [
    ("Salt &amp; pepper", "Salt &amp; pepper", "Salt & pepper."),
    ("A &lt; B &gt; C", "A &lt; B &gt; C", "A < B > C."),
    ("Fish & chips, 5 < 6", "Fish &amp; chips, 5 &lt; 6", "Fish & chips, 5 < 6."),
    ("&copy; Clinic &#169; &#xA9;", "© Clinic © ©", "© Clinic © ©."),
    ("Caf&eacute; &ndash; open", "Café – open", "Café – open."),
])
def test_entities_survive(tmp_path: Path, source: str, html: str, text: str) -> None:
    """`&amp;` and friends show as the character meant, in the HTML and in the plain text."""
    rendered = render(f"{source}\n", tmp_path)
    assert rendered.html == f"<p>{html}</p>"
    assert rendered.text == text


def test_backslash_escapes_read_as_the_character(tmp_path: Path) -> None:
    """`1\\.` (not a list) and `\\*` (not emphasis) show the character, and read aloud says it,
    not python-markdown's internal marker for it."""
    rendered = render("1\\. Call \\*now\\* \\(today\\)\n", tmp_path)
    assert rendered.html == "<p>1. Call *now* (today)</p>"
    assert rendered.text == "1. Call *now* (today)."


def test_list_items_read_as_sentences(tmp_path: Path) -> None:
    """Each list item, heading and paragraph is its own sentence in the plain text."""
    source = ("Before you come:\n\n- Eat a light meal\n- Bring your medicines\n"
              "- Arrange a lift home!\n\n## After\n\nRest today.\n")
    rendered = render(source, tmp_path)
    assert rendered.text.split("\n") == [
        "Before you come:", "Eat a light meal.", "Bring your medicines.",
        "Arrange a lift home!", "After.", "Rest today."]
    assert "<li>Eat a light meal</li>" in rendered.html


def test_loose_and_nested_lists_are_not_read_twice(tmp_path: Path) -> None:
    """A list item holding a paragraph or a sub-list yields each sentence once."""
    source = "- First point\n\n- Second point\n    - Detail here\n"
    text = render(source, tmp_path).text
    assert text.count("First point") == 1
    assert text.count("Detail here") == 1


def test_bold_and_emphasis_stay_and_read_plainly(tmp_path: Path) -> None:
    """`**bold**` and `*emphasis*` are kept as such; the text has no asterisks."""
    rendered = render("Do **not** drive *today*.\n", tmp_path)
    assert rendered.html == "<p>Do <strong>not</strong> drive <em>today</em>.</p>"
    assert rendered.text == "Do not drive today."


def test_web_address_is_shown_as_words_only(tmp_path: Path) -> None:
    """An autolinked address is visible text, never a link."""
    html = render("<https://example.org/help>\n", tmp_path).html
    assert html == "<p><span>https://example.org/help</span></p>"


def test_links_become_plain_text(tmp_path: Path) -> None:
    """A link's words stay; there is nothing to tap and no address to follow."""
    rendered = render("Call [the clinic](tel:5551234) or see <https://example.org>.\n",
                      tmp_path)
    assert "<a" not in rendered.html
    assert "the clinic" in rendered.html
    assert "tel:" not in rendered.html
    assert len([i for i in rendered.issues if "links cannot be opened" in i.message]) == 2


def test_email_autolink_reads_as_the_address(tmp_path: Path) -> None:
    """python-markdown hides e-mail addresses in entities; the patient sees and hears it plainly."""
    rendered = render("Write to <care@example.org>.\n", tmp_path)
    assert "care@example.org" in rendered.text
    assert "\x02" not in rendered.text
    assert "mailto" not in rendered.html


def test_local_image_is_kept_as_a_file_uri(tmp_path: Path) -> None:
    """A picture beside the page is shown from its absolute file path, with its description."""
    (tmp_path / "spine.png").write_bytes(PNG)
    rendered = render("![Side view of the spine](spine.png)\n", tmp_path)
    uri = (tmp_path / "spine.png").resolve().as_uri()
    assert rendered.html == f'<p><img alt="Side view of the spine" src="{uri}"></p>'
    assert rendered.images == ((tmp_path / "spine.png").resolve(),)


def test_refused_image_leaves_its_description(tmp_path: Path) -> None:
    """A picture that cannot be shown leaves its words, so the page still makes sense."""
    rendered = render("![Side view of the spine](https://example.org/s.png)\n", tmp_path)
    assert rendered.html == "<p><em>[Side view of the spine]</em></p>"
    assert rendered.images == ()


def test_image_outside_the_root_is_refused_even_if_it_exists(tmp_path: Path) -> None:
    """Only files inside the content folder are ever shown."""
    (tmp_path / "secret.png").write_bytes(PNG)
    page_dir = tmp_path / "content" / "en" / "10-x"
    page_dir.mkdir(parents=True)
    rendered = render_markdown("![x](../../../secret.png)\n", page_dir, tmp_path / "content")
    assert rendered.images == ()
    assert "secret" not in rendered.html


def test_raw_html_is_dropped_with_its_text_kept(tmp_path: Path) -> None:
    """Harmless tags (`<b>`, `<div>`) go, but the staff member's words in them stay."""
    rendered = render("<div>\nHello <b>there</b>\n</div>\n", tmp_path)
    assert rendered.html == "<p>Hello there</p>"
    assert rendered.issues


def test_no_empty_paragraphs_are_left_behind(tmp_path: Path) -> None:
    """Dropped blocks leave no blank gaps on the screen."""
    html = render("One.\n\n<script>x</script>\n\n<!-- note -->\n\nTwo.\n", tmp_path).html
    assert html == "<p>One.</p>\n<p>Two.</p>"


def test_code_spans_read_as_what_they_show(tmp_path: Path) -> None:
    """Text in backticks is shown as written, and read without `&lt;` noise."""
    rendered = render("Press `<Enter>` & wait.\n", tmp_path)
    assert "<code>&lt;Enter&gt;</code>" in rendered.html
    assert rendered.text == "Press <Enter> & wait."


@pytest.mark.parametrize("mess", [
    "[" * 200_000, "<" * 200_000, "<a" * 100_000, "<a\n" * 60_000, "`<a" * 60_000,
    "1. " * 60_000, "> " * 60_000, "\\" * 200_000, "*_" * 100_000, "![a](" * 40_000,
    "&#" * 100_000, "<!--" * 50_000, "<script>" * 25_000, "=\n" * 100_000,
])
@pytest.mark.timeout(120)  # a hang guard; the bound itself is asserted without a clock
def test_pathological_text_renders_in_bounded_time(
    tmp_path: Path, mess: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pasted messes that make python-markdown slow (quadratic) are bounded: python-markdown
    is given only the first MAX_MARKDOWN characters of them (the rest is shown as plain text),
    nothing is let through as markup, and the check says what happened."""
    given: list[int] = []
    convert = markdown.Markdown.convert

    def counting_convert(self: markdown.Markdown, source: str) -> str:
        given.append(len(source))
        html: str = convert(self, source)
        return html

    monkeypatch.setattr(markdown.Markdown, "convert", counting_convert)
    rendered = render(mess, tmp_path)
    # defuse() may spell a `[` as `&#91;`: at most five characters for each one of the page's.
    assert given and max(given) <= len("&#91;") * MAX_MARKDOWN
    assert "<script" not in rendered.html
    assert rendered.issues, "staff are told why the page does not look as written"


def test_very_long_page_is_shown_whole_as_plain_text_past_the_limit(tmp_path: Path) -> None:
    """Past MAX_MARKDOWN characters the rest is plain paragraphs: nothing lost, and said so."""
    paragraph = "This is a sentence that repeats. " * 10
    source = "\n\n".join(f"{paragraph} Number {n}." for n in range(200))
    assert len(source) > MAX_MARKDOWN
    rendered = render(source, tmp_path)
    assert "Number 199." in rendered.text
    assert "Number 199." in rendered.html
    assert any("shown as plain text" in i.message for i in rendered.issues)


def test_a_flood_of_problems_is_summarised(tmp_path: Path) -> None:
    """Two hundred links give a few examples and a count, not two hundred lines."""
    rendered = render("[x](http://a)\n\n" * 200, tmp_path)
    assert len(rendered.issues) <= 26
    assert "more problems like those above" in rendered.issues[-1].message
