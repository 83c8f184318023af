"""Markdown → safe HTML for a screen that must never leave the app.

python-markdown does the parsing; a tree processor resolves images (only files inside the content
folder, never the web) and links (only to pages of the kiosk, as `kiosk:` ids: links.py; any
other link becomes plain text); nh3 then removes anything outside a short allow-list, so raw
HTML a staff member pastes (script, iframe, style, remote images, other links) never reaches the
text view.

A paragraph that is only a link (`[The injection](../20-the-procedure/30-the-needle.md)`) is
shown by the text view as a large button; one that ends in a link after a colon
(`Read more: [The injection](…)`) is split here into its words and a link-only paragraph, so
the button gets a paragraph of its own too.
"""

from __future__ import annotations

import html as htmllib
import re
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk.content import images, links
from kiosk.content.images import IMAGE_SUFFIXES
from kiosk.content.model import Severity
from kiosk.content.rawhtml import CODE_SPAN, RAW_HTML, defuse, plain_paragraphs

__all__ = ["IMAGE_SUFFIXES", "RenderIssue", "Rendered", "render_markdown"]
_ALLOWED_TAGS = frozenset(
    {"p", "br", "h1", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em",
     "blockquote", "img", "code", "pre", "hr", "span", "a"}
)
_ALLOWED_ATTRIBUTES = {"img": {"src", "alt"}, "a": {"href"}}
_STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")
_AMP_ENTITY = re.compile("\x02amp\x03(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
# python-markdown's mark for a backslash-escaped character (`\*`), put back after the tree
# processors run: the plain text must read the character itself.
_ESCAPED = re.compile("\x02(\\d{1,6})\x03")
# About 1,600 words: ten screens. Bounds python-markdown's time on any text to about 1 s.
MAX_MARKDOWN = 10_000
MAX_ISSUES = 25  # per page: a pasted mess gets a few examples and a count, not a thousand lines
_EMPTY_BLOCK = re.compile(r"<p>\s*</p>\n?")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "blockquote", "pre")


@dataclass
class RenderIssue:
    line: int
    severity: Severity
    message: str


@dataclass
class Rendered:
    html: str
    text: str
    images: tuple[Path, ...]
    issues: list[RenderIssue] = field(default_factory=list)


class _PageTree(Treeprocessor):  # type: ignore[misc]  # markdown ships no types
    """Rewrites images and links in the parsed tree and collects the page's plain text."""

    def __init__(self, md: markdown.Markdown, extension: _KioskExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: ET.Element) -> None:
        r = self.extension.renderer
        assert r is not None
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    r.image(child)
                elif child.tag == "a":
                    r.link(child)
        _give_links_their_own_paragraph(root)
        r.collect_text(root, self.md.htmlStash.rawHtmlBlocks)


class _PageRender:
    """State for rendering one page: where it lives, what it found."""

    def __init__(self, source: str, page_dir: Path, root: Path, page: Path | None = None,
                 targets: links.Targets | None = None) -> None:
        self.source_lines = source.split("\n")
        self.page_dir = page_dir
        self.root = root  # resolved
        self.page = page
        self.targets = targets
        self.images: list[Path] = []
        self.issues: list[RenderIssue] = []
        self.text_blocks: list[str] = []

    def line_of(self, needle: str) -> int:
        for number, line in enumerate(self.source_lines, start=1):
            if needle and needle in line:
                return number
        return 0

    def report(self, line: int, severity: Severity, message: str) -> None:
        self.issues.append(RenderIssue(line, severity, message))

    def image(self, img: ET.Element) -> None:
        src = img.get("src", "")
        alt = img.get("alt", "")
        line = self.line_of(src)
        resolved, refusal = images.locate(src, self.page_dir, self.root)
        if resolved is None:
            self.report(line, Severity.ERROR, refusal)
            # Keep the alt text so the page still reads sensibly without the picture.
            img.tag = "em"
            img.attrib.clear()
            img.text = f"[{alt}]" if alt else ""
            return
        if not alt.strip():
            self.report(line, Severity.WARNING,
                        f"the picture `{src}` has no description. Write one between the square "
                        "brackets, like `![Side view of the spine](spine.svg)`; it is read "
                        "aloud and shown if the picture cannot be.")
        for severity, message in images.check(resolved, src):
            self.report(line, severity, message)
        self.images.append(resolved)
        img.set("src", resolved.as_uri())

    def link(self, a: ET.Element) -> None:
        href = _AMP_ENTITY.sub(lambda m: htmllib.unescape(f"&{m.group(1)};"), a.get("href", ""))
        resolved = links.resolve(href, self.page, self.targets)
        if resolved.target:
            a.attrib.clear()
            a.set("href", links.href(resolved.target))
            return
        self.report(self.line_of(href.removeprefix("mailto:")) or self.line_of(_plain(a)),
                    Severity.WARNING, resolved.problem)
        a.tag = "span"
        a.attrib.clear()

    def collect_text(self, root: ET.Element, stash: list[str | ET.Element]) -> None:
        for element in root.iter():
            if element.tag == "pre":
                self.report(self.line_of(_code_text(element).strip().split("\n")[0]),
                            Severity.WARNING,
                            "this text starts with 4 spaces or a tab, so it shows as computer "
                            "code in a small plain font. Remove the spaces at the start of the "
                            "line.")
            if element.tag in _BLOCKS:
                # Only the element's own text and inline children, not nested blocks.
                text = _inline_text(element, stash).strip()
                if not text:
                    continue
                if text[-1] not in ".!?:;…":
                    text += "."  # a list item or heading reads as one sentence
                self.text_blocks.append(text)

    def raw_html_warnings(self) -> None:
        for number, line in enumerate(self.source_lines, start=1):
            tags = [m.group(0) for m in RAW_HTML.finditer(CODE_SPAN.sub("", line))]
            if not tags:
                continue
            names = ", ".join(f"`{_clip(t, 30)}`" for t in dict.fromkeys(tags[:3]))
            self.report(number, Severity.WARNING,
                        f"HTML such as {names} is not shown on the kiosk and is left out. Use "
                        "plain Markdown instead (**bold**, - lists, ![picture](file.png)).")


def _give_links_their_own_paragraph(root: ET.Element) -> None:
    """`Read more: [The injection](…)` → `Read more:` and a paragraph holding only the link (the
    text view's button). A full stop after a paragraph's only link goes with it."""
    for index, block in reversed(list(enumerate(root))):
        anchors = list(block.iter("a"))
        if block.tag != "p" or len(anchors) != 1 or block[-1] is not anchors[0]:
            continue
        link = anchors[0]
        if (link.tail or "").strip() not in ("", "."):
            continue
        before = (block.text or "") + "".join(_plain(e) + (e.tail or "") for e in block[:-1])
        if before.strip() and not before.rstrip().endswith(":"):
            continue  # a link inside a sentence stays there
        link.tail = None
        if not before.strip():
            block.text = None  # only the link: a paragraph of its own already
            continue
        block.remove(link)
        if len(block):
            block[-1].tail = (block[-1].tail or "").rstrip()
        else:
            block.text = (block.text or "").rstrip()
        own = ET.Element("p")
        own.append(link)
        own.tail, block.tail = block.tail, "\n"
        root.insert(index + 1, own)


def _inline_text(element: ET.Element, stash: list[str | ET.Element]) -> str:
    if element.tag == "pre":
        return _unstash(" ".join(_code_text(element).split()), stash)
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _BLOCKS and child.tag not in ("ul", "ol"):
            parts.append(_code_text(child) if child.tag == "code" else _plain(child))
        parts.append(child.tail or "")
    return _unstash(" ".join("".join(parts).split()), stash)


def _code_text(element: ET.Element) -> str:
    """python-markdown escapes `<`, `>` and `&` in code: a patient would hear "amp"."""
    return htmllib.unescape(_plain(element))


def _unstash(text: str, stash: list[str | ET.Element]) -> str:
    """Plain text for speech and the reading grade: entities as characters, raw HTML gone."""

    def entity(match: re.Match[str]) -> str:
        index = int(match.group(1))
        block = stash[index] if index < len(stash) else ""
        return htmllib.unescape(block) if isinstance(block, str) and \
            _DropRawHtml.ENTITY.match(block) else ""

    text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), _STASH.sub(entity, text))
    return _AMP_ENTITY.sub(lambda m: htmllib.unescape(f"&{m.group(1)};"), text)


def _plain(element: ET.Element) -> str:
    return "".join(element.itertext())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _DropRawHtml(RawHtmlPostprocessor):  # type: ignore[misc]
    """Puts back character entities (`&amp;`) but drops raw HTML, which staff may not use."""

    ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$")

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        stash.rawHtmlBlocks = [
            block if isinstance(block, str) and self.ENTITY.match(block) else ""
            for block in stash.rawHtmlBlocks
        ]
        result: str = super().run(text)
        return result


class _KioskExtension(Extension):  # type: ignore[misc]
    """Holds the page being rendered: the parser is built once and reused (see _parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.renderer: _PageRender | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - python-markdown API
        # Priority below "inline" (20) so images and links exist in the tree.
        md.treeprocessors.register(_PageTree(md, self), "kiosk_page", 5)
        md.postprocessors.register(_DropRawHtml(md), "raw_html", 30)


_parsers = threading.local()


def _parser(state: _PageRender) -> markdown.Markdown:
    """This thread's Markdown parser, reset for one more page. Building a parser (its regular
    expressions, processors and extensions) cost as much as converting a page, for every page
    of every load; python-markdown supports reuse through reset(). One per thread, because the
    content watcher loads in its own thread. sane_lists is passed as the class its entry point
    names, so the parser is built without scanning every installed package's entry points."""
    md: markdown.Markdown | None = getattr(_parsers, "md", None)
    if md is None:
        _parsers.kiosk = _KioskExtension()
        md = markdown.Markdown(extensions=[SaneListExtension(), _parsers.kiosk])
        _parsers.md = md
    md.reset()
    _parsers.kiosk.renderer = state
    return md


def render_markdown(source: str, page_dir: Path, root: Path, *,
                    root_resolved: bool = False, page: Path | None = None,
                    targets: links.Targets | None = None) -> Rendered:
    """Render one page body. `page_dir` resolves relative images; `root` bounds them
    (`root_resolved`: the caller has resolved it already, once for a whole load). `page` (the
    page's own file) and `targets` (what links may open) make links to other pages work;
    without them every link is plain text."""
    if not root_resolved:
        root = root.resolve()
    head, tail = _split_for_markdown(source)
    state = _PageRender(head, page_dir, root, page, targets)
    md = _parser(state)
    try:
        html = md.convert(defuse(head))
    except RecursionError:  # python-markdown recurses once per level of `1. 1. 1. …` or `> > …`
        _parsers.md = None  # a parser that gave up half-way is not reused
        state = _PageRender(head, page_dir, root, page, targets)
        state.report(1, Severity.WARNING,
                     "the lists or quotes on this page are nested far too deeply to show, so "
                     "the page is shown as plain text. Start each list item on its own line "
                     "with `- `.")
        html, head, tail = "", "", source
    state.raw_html_warnings()
    if tail:
        if head:
            # Far past one screen: shown, but as plain paragraphs (python-markdown's time grows
            # faster than the text, and a reload must stay quick).
            state.report(head.count("\n") + 1, Severity.WARNING,
                         f"the page is {len(source):,} characters long, far more than fits on "
                         "a screen, so from this line on it is shown as plain text without "
                         "pictures or lists. Split it into several pages.")
        plain = plain_paragraphs(tail)
        html += "".join(f"<p>{htmllib.escape(p)}</p>" for p in plain)
        state.text_blocks.extend(plain)
    safe = nh3.clean(
        html,
        tags=set(_ALLOWED_TAGS),
        attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_only_kiosk_links,
        url_schemes={"file", "kiosk"},
        link_rel=None,
    )
    return Rendered(
        html=_EMPTY_BLOCK.sub("", safe).strip(),
        text="\n".join(state.text_blocks),
        images=tuple(dict.fromkeys(state.images)),
        issues=_capped(state.issues),
    )


def _only_kiosk_links(tag: str, attribute: str, value: str) -> str | None:
    """A link may only open a page of the kiosk: whatever else reached nh3 loses its address."""
    if tag == "a" and attribute == "href":
        return value if links.HREF.match(value) else None
    return value


def _capped(issues: list[RenderIssue]) -> list[RenderIssue]:
    issues = sorted(issues, key=lambda issue: issue.line)
    if len(issues) <= MAX_ISSUES:
        return issues
    rest = issues[MAX_ISSUES:]
    severity = Severity.ERROR if any(i.severity is Severity.ERROR for i in rest) \
        else Severity.WARNING
    return [*issues[:MAX_ISSUES], RenderIssue(rest[0].line, severity,
            f"… and {len(rest)} more problems like those above from this line on. Fix those "
            "first, then run the check again.")]


def _split_for_markdown(source: str) -> tuple[str, str]:
    """The part read as Markdown (up to MAX_MARKDOWN, ending at a paragraph) and the rest."""
    if len(source) <= MAX_MARKDOWN:
        return source, ""
    for separator in ("\n\n", "\n", " "):  # a paragraph's end, else a line's, else a word's
        cut = source.rfind(separator, 0, MAX_MARKDOWN)
        if cut > 0:
            return source[:cut], source[cut:]
    return source[:MAX_MARKDOWN], source[MAX_MARKDOWN:]
