"""Markdown → safe HTML for a screen that must never leave the app.

python-markdown does the parsing; a tree processor resolves images (only files inside the content
folder, never the web) and turns links into plain text; nh3 then removes anything outside a short
allow-list, so raw HTML a staff member pastes (script, iframe, style, remote images) never reaches
the text view.
"""

from __future__ import annotations

import html as htmllib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk.content import images
from kiosk.content.frontmatter import did_you_mean
from kiosk.content.images import IMAGE_SUFFIXES
from kiosk.content.model import Severity

__all__ = ["IMAGE_SUFFIXES", "RenderIssue", "Rendered", "render_markdown"]
_ALLOWED_TAGS = frozenset(
    {"p", "br", "h1", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em",
     "blockquote", "img", "code", "pre", "hr", "span"}
)
_ALLOWED_ATTRIBUTES = {"img": {"src", "alt"}}
# Raw HTML tags in the source, for a warning: they are dropped, not shown.
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_STASH = re.compile("\x02wzxhzdk:(\\d+)\x03")
_AMP_ENTITY = re.compile("\x02amp\x03(#\\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
# Elements whose content is code or hidden text, not words: removed with their content before
# parsing, so not even their text reaches the screen (nh3 alone would keep `alert(1)` as text).
_HIDDEN = "script|style|iframe|object|embed|applet|template|noscript|textarea|title|svg|math"
_HIDDEN_START = re.compile(rf"<({_HIDDEN})\b[^<>]{{0,2000}}>", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_EMPTY_BLOCK = re.compile(r"<p>\s*</p>\n?")
_WINDOWS_PATH = re.compile(r"^[a-zA-Z]:[\\/]|^\\\\")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
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

    def __init__(self, md: markdown.Markdown, renderer: _PageRender) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        r = self.renderer
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    r.image(child)
                elif child.tag == "a":
                    r.link(child)
        r.collect_text(root, self.md.htmlStash.rawHtmlBlocks)


class _PageRender:
    """State for rendering one page: where it lives, what it found."""

    def __init__(self, source: str, page_dir: Path, root: Path) -> None:
        self.source_lines = source.split("\n")
        self.page_dir = page_dir
        self.root = root.resolve()
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
        resolved = self._resolve(src, line)
        if resolved is None:
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

    def _resolve(self, src: str, line: int) -> Path | None:
        """The picture's file inside the content folder, or None after saying why not."""
        shown = _clip(src, 60)
        scheme = _SCHEME.match(src)
        if _WINDOWS_PATH.match(src) or src.startswith("/") or (
            scheme and scheme.group(1).lower() == "file"
        ):
            self.report(line, Severity.ERROR,
                        f"the picture `{shown}` is a place on one computer, outside the content "
                        "folder, so other kiosks cannot see it. Copy the picture into the "
                        "folder beside this page and write just its file name.")
            return None
        if scheme or src.startswith("//"):
            where = ("written into the page as data" if scheme and scheme.group(1).lower()
                     == "data" else "on the web")
            self.report(line, Severity.ERROR,
                        f"the picture `{shown}` is {where}. The kiosk works offline and shows "
                        "only picture files: save the picture into the folder beside this page "
                        "and write its file name, like `![Description](picture.png)`.")
            return None
        try:
            path = (self.page_dir / src).resolve()
        except (OSError, ValueError, RuntimeError):
            path = None
        if path is None or not src.strip():
            self.report(line, Severity.ERROR,
                        f"`{shown}` is not a picture file name. Write the picture's file name "
                        "in the round brackets, like `![Description](picture.png)`.")
            return None
        if not path.is_relative_to(self.root):
            self.report(line, Severity.ERROR,
                        f"the picture `{shown}` is outside the content folder. Copy it into the "
                        "folder beside this page and write just its file name.")
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            self.report(line, Severity.ERROR,
                        f"`{shown}` is not a picture the kiosk can show. Save the picture as a "
                        ".png, .jpg or .svg file and use that name.")
            return None
        if not path.is_file():
            self.report(line, Severity.ERROR, self._missing(src, path))
            return None
        return path

    def _missing(self, src: str, path: Path) -> str:
        folder = path.parent if path.parent.is_dir() else self.page_dir
        try:
            near = sorted(p.name for p in folder.iterdir()
                          if p.suffix.lower() in IMAGE_SUFFIXES and not p.name.startswith("."))
        except OSError:
            near = []
        guess = did_you_mean(path.name, near)
        if not guess:
            lower = {name.lower(): name for name in near}
            guess = f" Did you mean `{lower[path.name.lower()]}`?" if path.name.lower() in lower \
                else ""
        hint = f" Pictures in that folder: {', '.join(near[:10])}." if near else \
            " There are no pictures in that folder."
        return (f"the picture `{_clip(src, 60)}` is missing.{guess} Check the file name "
                f"(capital letters count) and that the picture is in the same folder as this "
                f"page.{hint}")

    def link(self, a: ET.Element) -> None:
        href = _AMP_ENTITY.sub(lambda m: htmllib.unescape(f"&{m.group(1)};"), a.get("href", ""))
        href = href.removeprefix("mailto:")
        self.report(self.line_of(href) or self.line_of(_plain(a)), Severity.WARNING,
                    f"links cannot be opened on the kiosk; `{_clip(href, 60)}` is shown as "
                    "plain text. Write the address out in words if patients need it.")
        a.tag = "span"
        a.attrib.clear()

    def collect_text(self, root: ET.Element, stash: list[str | ET.Element]) -> None:
        for element in root.iter():
            if element.tag == "pre":
                self.report(self.line_of(_plain(element).strip().split("\n")[0]),
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
            tags = [m.group(0) for m in _RAW_HTML.finditer(re.sub(r"`[^`]*`", "", line))]
            if not tags:
                continue
            names = ", ".join(f"`{_clip(t, 30)}`" for t in dict.fromkeys(tags[:3]))
            self.report(number, Severity.WARNING,
                        f"HTML such as {names} is not shown on the kiosk and is left out. Use "
                        "plain Markdown instead (**bold**, - lists, ![picture](file.png)).")


def _inline_text(element: ET.Element, stash: list[str | ET.Element]) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _BLOCKS and child.tag not in ("ul", "ol"):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    text = " ".join(" ".join(parts).split())
    return _unstash(text, stash, code=element.tag == "pre")


def _unstash(text: str, stash: list[str | ET.Element], code: bool = False) -> str:
    """Plain text for speech and the reading grade: entities as characters, raw HTML gone."""

    def entity(match: re.Match[str]) -> str:
        index = int(match.group(1))
        block = stash[index] if index < len(stash) else ""
        return htmllib.unescape(block) if isinstance(block, str) and \
            _DropRawHtml.ENTITY.match(block) else ""

    text = _STASH.sub(entity, text)
    text = _AMP_ENTITY.sub(lambda m: htmllib.unescape(f"&{m.group(1)};"), text)
    # python-markdown escapes `<`, `>` and `&` in code; a patient would hear "amp".
    return htmllib.unescape(text) if code or "<code>" in text else text


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
    def __init__(self, renderer: _PageRender) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - python-markdown API
        # Priority below "inline" (20) so images and links exist in the tree.
        md.treeprocessors.register(_PageTree(md, self.renderer), "kiosk_page", 5)
        md.postprocessors.register(_DropRawHtml(md), "raw_html", 30)


def strip_hidden(source: str) -> str:
    """Remove script, style, iframe and the like with their content, keeping the line count.

    Linear in the text's length: once a tag has no closing tag left, none is searched for again.
    """
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()
    while (match := _HIDDEN_START.search(source, pos)) is not None:
        tag = match.group(1).lower()
        end = None
        if tag not in unclosed:
            closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(source, match.end())
            if closing is None:
                unclosed.add(tag)
            else:
                end = closing.end()
        if end is None:  # unclosed: up to the end of the paragraph, as a browser would not
            blank = _BLANK_LINE.search(source, match.end())
            end = blank.start() if blank else len(source)
        out.append(source[pos : match.start()])
        out.append("\n" * source.count("\n", match.start(), end))
        pos = end
    out.append(source[pos:])
    return "".join(out)


def render_markdown(source: str, page_dir: Path, root: Path) -> Rendered:
    """Render one page body. `page_dir` resolves relative images; `root` bounds them."""
    state = _PageRender(source, page_dir, root)
    md = markdown.Markdown(extensions=["sane_lists", _KioskExtension(state)])
    html = md.convert(strip_hidden(source))
    state.raw_html_warnings()
    safe = nh3.clean(
        html,
        tags=set(_ALLOWED_TAGS),
        attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
        url_schemes={"file"},
        link_rel=None,
    )
    return Rendered(
        html=_EMPTY_BLOCK.sub("", safe).strip(),
        text="\n".join(state.text_blocks),
        images=tuple(dict.fromkeys(state.images)),
        issues=sorted(state.issues, key=lambda issue: issue.line),
    )
