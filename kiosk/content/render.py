"""Markdown → safe HTML for a screen that must never leave the app.

python-markdown does the parsing; a tree processor resolves images (only files inside the content
folder, never the web) and turns links into plain text; nh3 then removes anything outside a short
allow-list, so raw HTML a staff member pastes (script, iframe, style, remote images) never reaches
the text view.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.treeprocessors import Treeprocessor

from kiosk.content.model import Severity

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"})
_ALLOWED_TAGS = frozenset(
    {"p", "br", "h1", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em",
     "blockquote", "img", "code", "pre", "hr", "span"}
)
_ALLOWED_ATTRIBUTES = {"img": {"src", "alt"}}
# Raw HTML tags in the source, for a warning: they are dropped, not shown.
_RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_STASH = re.compile("\x02wzxhzdk:\\d+\x03")
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


class _PageTree(Treeprocessor):
    """Rewrites images and links in the parsed tree and collects the page's plain text."""

    def __init__(self, md: markdown.Markdown, renderer: _PageRender) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        r = self.renderer
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    r.image(parent, child)
                elif child.tag == "a":
                    r.link(child)
        r.collect_text(root)


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

    def image(self, parent: ET.Element, img: ET.Element) -> None:
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
        if not alt:
            self.issues.append(
                RenderIssue(
                    line,
                    Severity.WARNING,
                    f"the picture `{src}` has no description. Write one between the square "
                    "brackets, like `![Side view of the spine](spine.svg)`; it is read aloud "
                    "and shown if the picture cannot be.",
                )
            )
        self.images.append(resolved)
        img.set("src", resolved.as_uri())

    def _resolve(self, src: str, line: int) -> Path | None:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
            self.issues.append(
                RenderIssue(
                    line,
                    Severity.ERROR,
                    f"the picture `{src}` is on the web. The kiosk works offline: save the "
                    "picture into the folder beside this page and use its file name.",
                )
            )
            return None
        path = (self.page_dir / src).resolve()
        if not path.is_relative_to(self.root):
            self.issues.append(
                RenderIssue(
                    line,
                    Severity.ERROR,
                    f"the picture `{src}` is outside the content folder. Copy it into the "
                    "folder beside this page and use its file name.",
                )
            )
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            self.issues.append(
                RenderIssue(
                    line,
                    Severity.ERROR,
                    f"`{src}` is not a picture the kiosk can show. Use a .png, .jpg or .svg file.",
                )
            )
            return None
        if not path.is_file():
            near = sorted(p.name for p in path.parent.glob("*") if p.suffix.lower() in IMAGE_SUFFIXES) \
                if path.parent.is_dir() else []
            hint = f" Pictures in that folder: {', '.join(near)}." if near else ""
            self.issues.append(
                RenderIssue(
                    line,
                    Severity.ERROR,
                    f"the picture `{src}` is missing. Check the file name (capital letters "
                    f"count) and that the file is in the same folder as this page.{hint}",
                )
            )
            return None
        return path

    def link(self, a: ET.Element) -> None:
        href = a.get("href", "")
        self.issues.append(
            RenderIssue(
                self.line_of(href),
                Severity.WARNING,
                f"links cannot be opened on the kiosk; `{href}` is shown as plain text. "
                "Write the address out in words if patients need it.",
            )
        )
        a.tag = "span"
        a.attrib.clear()

    def collect_text(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag in _BLOCKS:
                # Only the element's own text and inline children, not nested blocks.
                text = _inline_text(element).strip()
                if not text:
                    continue
                if text[-1] not in ".!?:;…":
                    text += "."  # a list item or heading reads as one sentence
                self.text_blocks.append(text)

    def raw_html_warnings(self) -> None:
        in_code = False
        for number, line in enumerate(self.source_lines, start=1):
            if line.lstrip().startswith(("```", "~~~")):
                in_code = not in_code
            if in_code or line.startswith(("    ", "\t")):
                continue
            match = _RAW_HTML.search(re.sub(r"`[^`]*`", "", line))
            if match:
                self.issues.append(
                    RenderIssue(
                        number,
                        Severity.WARNING,
                        f"HTML such as `{match.group(0)[:30]}` is not shown on the kiosk and "
                        "is left out. Use plain Markdown instead (**bold**, - lists, "
                        "![picture](file.png)).",
                    )
                )


def _inline_text(element: ET.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _BLOCKS and child.tag not in ("ul", "ol"):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return _STASH.sub("", " ".join(" ".join(parts).split()))


class _DropRawHtml(RawHtmlPostprocessor):
    """Puts back character entities (`&amp;`) but drops raw HTML, which staff may not use."""

    _ENTITY = re.compile(r"^&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);$")

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        stash.rawHtmlBlocks = [
            block if isinstance(block, str) and self._ENTITY.match(block) else ""
            for block in stash.rawHtmlBlocks
        ]
        return super().run(text)


class _KioskExtension(Extension):
    def __init__(self, renderer: _PageRender) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - python-markdown API
        # Priority below "inline" (20) so images and links exist in the tree.
        md.treeprocessors.register(_PageTree(md, self.renderer), "kiosk_page", 5)
        md.postprocessors.register(_DropRawHtml(md), "raw_html", 30)


def render_markdown(source: str, page_dir: Path, root: Path) -> Rendered:
    """Render one page body. `page_dir` resolves relative images; `root` bounds them."""
    state = _PageRender(source, page_dir, root)
    md = markdown.Markdown(extensions=["sane_lists", _KioskExtension(state)])
    html = md.convert(source)
    state.raw_html_warnings()
    safe = nh3.clean(
        html,
        tags=set(_ALLOWED_TAGS),
        attributes={k: set(v) for k, v in _ALLOWED_ATTRIBUTES.items()},
        url_schemes={"file"},
        link_rel=None,
    )
    return Rendered(
        html=safe,
        text="\n".join(state.text_blocks),
        images=tuple(dict.fromkeys(state.images)),
        issues=state.issues,
    )
