"""Raw HTML in staff Markdown, taken out before python-markdown sees it.

Raw HTML is never shown, so nothing is lost by removing it first; and python-markdown's HTML and
link parsers take time that grows with the square of a paragraph's length on inputs like
`<a<a<a…` or `[[[…`: a pasted mess must not hold up a reload for minutes. Every function keeps
the text's line count, so messages still point at the right line.
"""

from __future__ import annotations

import re

# A tag in the source, for a warning and for removal.
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
CODE_SPAN = re.compile(r"(`[^`\n]*`)")
BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Elements whose content is code or hidden text, not words: removed with their content, so not
# even their text reaches the screen (nh3 alone would keep `alert(1)` as text).
HIDDEN = "script|style|iframe|object|embed|applet|template|noscript|textarea|title|svg|math"
_HIDDEN_START = re.compile(rf"<(?:({HIDDEN})\b[^<>]{{0,2000}}>|!--)", re.IGNORECASE)
# A `<` that starts no tag and no autolink (`<https://…>`, `<name@example.org>`): plain text.
_LONE_LT = re.compile(r"<(?!(?:https?|ftp|mailto):|[^\s<>@]+@[^\s<>]+>)")
_MAX_BRACKETS = 40  # a real paragraph has a few; hundreds are a paste gone wrong


def defuse(source: str) -> str:
    """Markdown for python-markdown: no raw HTML, no lone `<`, no flood of `[` to parse."""
    lines = []
    for line in strip_hidden(source).split("\n"):
        parts = CODE_SPAN.split(line)  # odd items are `code`, shown as written
        for index in range(0, len(parts), 2):
            text = RAW_HTML.sub("", parts[index])
            parts[index] = _LONE_LT.sub("&lt;", text)
        lines.append("".join(parts))
    paragraphs = re.split(r"(\n[ \t]*\n)", "\n".join(lines))
    return "".join(p.replace("[", "&#91;") if p.count("[") > _MAX_BRACKETS else p
                   for p in paragraphs)


def strip_hidden(source: str) -> str:
    """Remove script, style, iframe, comments and the like with their content, keeping the
    line count. Linear in the text's length: a tag with no closing tag left is not searched
    for again."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()
    while (match := _HIDDEN_START.search(source, pos)) is not None:
        tag = (match.group(1) or "--").lower()
        end = None
        if tag not in unclosed:
            closing = re.compile("-->" if tag == "--" else rf"</{tag}\s*>", re.IGNORECASE)
            found = closing.search(source, match.end())
            if found is None:
                unclosed.add(tag)
            else:
                end = found.end()
        if end is None:  # unclosed: up to the end of the paragraph
            blank = BLANK_LINE.search(source, match.end())
            end = blank.start() if blank else len(source)
        out.append(source[pos : match.start()])
        out.append("\n" * source.count("\n", match.start(), end))
        pos = end
    out.append(source[pos:])
    return "".join(out)


def plain_paragraphs(text: str) -> list[str]:
    """Text without Markdown: paragraphs with hidden elements and HTML tags taken out."""
    paragraphs = (" ".join(RAW_HTML.sub("", p).split())
                  for p in BLANK_LINE.split(strip_hidden(text)))
    return [p for p in paragraphs if p]
