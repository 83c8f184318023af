"""The review copy as plain text (`kiosk export --format text`): for a terminal, an e-mail or a
diff between two exports. Each page's words come from the HTML patients see, so lists keep
their bullets and a picture shows as "[Picture: its description]"."""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser

from kiosk.content.model import Language, Page
from kiosk.core import review_copy as rc
from kiosk.core.review_copy import ReviewCopy

WIDTH = 78


def as_text(copy: ReviewCopy) -> str:
    lines = _cover(copy)
    for language in copy.languages:
        lines += _language(copy, language)
    return "\n".join(lines).rstrip() + "\n"


def _cover(copy: ReviewCopy) -> list[str]:
    title = f"REVIEW COPY: {copy.title}"
    lines = [title, "=" * len(title),
             *_wrap("Everything patients can read on the kiosk, page by page, as it shows "
                    "with this configuration. Read each page as a patient would, then sign "
                    "its line."), ""]
    facts = rc.cover_facts(copy)
    width = max(len(label) for label, _ in facts) + 2
    for label, value in facts:
        lines += _wrap(value, initial=f"{label + ':':<{width}}", indent=" " * width)
    for setting in copy.cover.config_problems:
        lines += _wrap(setting.format(), initial="  ! ", indent="    ")
    lines += ["", "Notice patients see under every screen:"]
    for language, words in rc.notices(copy):
        lines += _wrap(words, initial=f"  {language}: ", indent="    ")
    lines += ["", f"Content check: {rc.check_summary(copy)}"]
    refusal = rc.refusal(copy)
    if refusal:
        lines += ["", *_wrap("!! " + refusal)]
        for problem in copy.result.errors:
            lines += _wrap(problem.format(), initial="  - ", indent="    ")
    return lines


def _language(copy: ReviewCopy, language: Language) -> list[str]:
    heading = rc.language_heading(language).upper()
    lines = ["", "", "#" * WIDTH, heading, "#" * WIDTH, "", "Home screen",
             *_wrap(language.title, initial="  Title:   ", indent="           "),
             *_wrap(language.welcome or rc.NOT_GIVEN, initial="  Welcome: ",
                    indent="           ")]
    count = len(language.sections)
    for number, section in enumerate(language.sections, start=1):
        head = f"Section {number} of {count}: {section.title}"
        lines += ["", "", "=" * WIDTH, head, "=" * WIDTH]
        if note := rc.stand_in(copy, section, language):
            lines.append(f"({note})")
        lines += [*_wrap(section.summary or rc.NOT_GIVEN, initial="Tile summary: ",
                         indent="  "),
                  f"File: {rc.section_index(copy, section)}"]
        if section.handout_url:
            lines.append(f"Take-home link (QR code): {section.handout_url}")
        for index, page in enumerate(section.pages, start=1):
            lines += _page(copy, page, language, f"Page {index} of {len(section.pages)}")
    if language.faq:
        lines += ["", "", "=" * WIDTH, f"Questions: {language.faq_title}", "=" * WIDTH]
        for index, page in enumerate(language.faq, start=1):
            lines += _page(copy, page, language, f"Question {index} of {len(language.faq)}")
    return lines


def _page(copy: ReviewCopy, page: Page, language: Language, place: str) -> list[str]:
    lines = ["", "-" * WIDTH, f"{place}: {page.title}", "-" * WIDTH]
    if note := rc.stand_in(copy, page, language):
        lines.append(f"({note})")
    lines += [f"File: {rc.source(copy, page.source)}", rc.dates_line(page, copy.exported_on),
              "", *plain_text(page.html), "", rc.SIGN_LINE]
    return lines


def plain_text(html: str) -> list[str]:
    """A page's safe HTML (content/render.py) as wrapped lines: paragraphs apart, list items
    bulleted or numbered, each picture as "[Picture: description]"."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    parser.end_block()
    while parser.lines and not parser.lines[-1]:
        parser.lines.pop()
    return parser.lines


class _PlainText(HTMLParser):
    _HEADINGS = frozenset({"h1", "h2", "h3", "h4"})
    _BLOCKS = frozenset({"p", "pre", "blockquote", "hr"}) | _HEADINGS

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.words: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; [-1] for bullets
        self.marker = ""  # the open list item's bullet or number, until its first line
        self.quoted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS or tag in ("ul", "ol", "li"):
            self.end_block()
        if tag in ("ul", "ol"):
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li" and self.lists:
            counter = self.lists[-1]
            if counter[0] >= 0:
                counter[0] += 1
                self.marker = f"{counter[0]}. "
            else:
                self.marker = "- "
        elif tag == "blockquote":
            self.quoted += 1
        elif tag == "br":
            self.end_block(blank=False)
        elif tag == "hr":
            self.lines += ["* * *", ""]
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            self.end_block(blank=False)
            self.words.append(f"[Picture: {alt}]" if alt else "[Picture]")
            self.end_block(blank=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS or tag in ("li", "ul", "ol"):
            self.end_block(blank=tag != "li", underline=tag in self._HEADINGS)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote" and self.quoted:
            self.quoted -= 1

    def handle_data(self, data: str) -> None:
        self.words.append(data)

    def end_block(self, blank: bool = True, underline: bool = False) -> None:
        text = " ".join("".join(self.words).split())
        self.words = []
        if text:
            depth = max(0, len(self.lists) - 1) * 3
            prefix = "> " * self.quoted + " " * depth
            marker = self.marker
            self.marker = ""
            self.lines += _wrap(text, initial=prefix + marker,
                                indent=prefix + " " * len(marker))
            if underline:  # a heading inside the page, told apart from its paragraphs
                self.lines.append("~" * len(self.lines[-1]))
            if blank:
                self.lines.append("")
        elif blank and self.lines and self.lines[-1] and not self.lists:
            self.lines.append("")


def _wrap(text: str, initial: str = "", indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=initial, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [initial.rstrip()]
