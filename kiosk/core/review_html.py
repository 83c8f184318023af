"""The review copy as one self-contained HTML file (`kiosk export --format html`), and the HTML
the PDF is printed from (kiosk/ui/review_pdf.py).

Self-contained: pictures are embedded as `data:` URIs and nothing refers to a file or the web,
so the file can be mailed, archived and opened anywhere. Large type for reading on paper; a
printed copy starts each language, section and the questions on a new sheet. The CSS keeps to
what Qt's rich text understands too, so the PDF is printed from this same HTML.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content import images, picture_fold
from kiosk.content.model import Language, Page
from kiosk.core import review_copy as rc
from kiosk.core.review_copy import ReviewCopy

# The largest a picture is printed, in CSS pixels (96 to the inch): 12 × 9 cm, well inside a
# page of A4 or Letter with 2 cm margins, and big enough to judge a diagram.
MAX_PICTURE = (454, 340)
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
         "svg": "image/svg+xml"}
_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
_HEADING = re.compile(r"<(/?)h([1-4])>")
_LONE_IMG = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>")
_BREAK = ' class="break"'  # a printed copy starts a new sheet here
# A link between pages opens another page on the kiosk; on paper it names that page.
_LINK = re.compile(r'<a href="kiosk:[^"]*">(.*?)</a>', re.DOTALL)


@dataclass(frozen=True)
class Picture:
    """A picture as the copy shows it: where its bytes come from, and its printed size."""

    src: str
    width: int | None = None  # CSS pixels; None when the size could not be told
    height: int | None = None


# A page's picture file → how to show it; None leaves only its description.
Pictures = Callable[[Path], Picture | None]

STYLE = """
body { font-family: "Atkinson Hyperlegible", Verdana, "DejaVu Sans", Arial, sans-serif;
       font-size: 13pt; color: #111111; line-height: 125%; }
h1 { font-size: 22pt; margin-top: 0; margin-bottom: 10pt; }
h2 { font-size: 17pt; margin-top: 16pt; margin-bottom: 6pt; }
h3 { font-size: 15pt; margin-top: 4pt; margin-bottom: 4pt; }
h4 { font-size: 13.5pt; margin-top: 10pt; margin-bottom: 2pt; }
h5 { font-size: 13pt; margin-top: 8pt; margin-bottom: 2pt; }
p { margin-top: 0; margin-bottom: 10pt; }
li { margin-top: 0; margin-bottom: 4pt; }
hr { margin-top: 14pt; margin-bottom: 6pt; }
.break { page-break-before: always; }
.meta { color: #3a3a3a; font-size: 11.5pt; margin-bottom: 4pt; }
.standin { color: #8a3b00; font-weight: bold; }
.sign { font-size: 14pt; white-space: pre-wrap; background-color: #eeeeee;
        margin-top: 12pt; margin-bottom: 4pt; }
.picture { line-height: 100%; margin-top: 4pt; }
.alt { color: #3a3a3a; font-style: italic; font-size: 11.5pt; }
.link { font-weight: bold; }
.refusal { color: #a00018; font-weight: bold; }
.problem { color: #a00018; font-size: 11.5pt; }
th { text-align: left; font-weight: bold; }
"""
# Only browsers read this: on screen, a readable column; printed, a clean page.
BROWSER_STYLE = """
body { max-width: 46em; margin: 2em auto; padding: 0 1em; }
th { padding-right: 1em; }
img { max-width: 100%; height: auto; }
.page { break-inside: avoid; }
.break { break-before: page; }
@page { margin: 2cm; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
"""


def as_html(copy: ReviewCopy, pictures: Pictures | None = None, *, browser: bool = True) -> str:
    """The whole copy as one HTML document. `pictures` decides how each picture is shown
    (embedded as a data: URI by default); `browser` adds the CSS only a browser reads."""
    show = pictures or embedded
    style = STYLE + (BROWSER_STYLE if browser else "")
    parts = [f'<!DOCTYPE html>\n<html lang="{_e(copy.library.default_language)}">\n<head>\n'
             '<meta charset="utf-8">\n'
             f"<title>Review copy: {_e(copy.title)}</title>\n"
             f"<style>{style}</style>\n</head>\n<body>\n"]
    parts += _cover(copy)
    for language in copy.languages:
        parts += _language(copy, language, show)
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def embedded(path: Path) -> Picture | None:
    """The picture's own bytes as a data: URI, sized to print (None if it cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    kind = images.sniff(data[:64 * 1024])
    if kind is None:
        return None
    size = picture_fold.pixel_size(path)
    width, height = fit(size, drawing=kind == "svg") if size else (None, None)
    uri = f"data:{_MIME[kind]};base64,{base64.b64encode(data).decode('ascii')}"
    return Picture(uri, width, height)


def fit(size: tuple[float, float], drawing: bool) -> tuple[int | None, int | None]:
    """A picture's printed size in CSS pixels: shrunk to MAX_PICTURE, and a drawing (which
    stays sharp at any size) also enlarged to it, as the kiosk's screen does."""
    width, height = size
    if width <= 0 or height <= 0:
        return None, None
    factor = min(MAX_PICTURE[0] / width, MAX_PICTURE[1] / height)
    if not drawing:
        factor = min(factor, 1.0)
    return max(1, round(width * factor)), max(1, round(height * factor))


def _cover(copy: ReviewCopy) -> list[str]:
    parts = [f"<h1>Review copy: {_e(copy.title)}</h1>\n",
             '<p>Everything patients can read on the kiosk, page by page, as it '
             "shows with this configuration. Read each page as a patient would, then sign its "
             "line.</p>\n", '<table cellpadding="3" cellspacing="0">\n']
    parts += [f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>\n"
              for label, value in rc.cover_facts(copy)]
    parts.append("</table>\n")
    if copy.cover.config_problems:
        parts.append('<p class="meta">Problems in the configuration file (those settings are '
                     "at their defaults):</p>\n<ul>\n")
        parts += [f'<li class="problem">{_e(p.format())}</li>\n'
                  for p in copy.cover.config_problems]
        parts.append("</ul>\n")
    parts.append("<h2>Notice patients see under every screen</h2>\n")
    parts += [f"<p><b>{_e(language)}:</b> {_e(words)}</p>\n"
              for language, words in rc.notices(copy)]
    parts.append("<h2>Content check</h2>\n"
                 f"<p><b>{_e(rc.check_summary(copy))}</b></p>\n")
    refusal = rc.refusal(copy)
    if refusal:
        parts.append(f'<p class="refusal">{_e(refusal)}</p>\n<ul>\n')
        parts += [f'<li class="problem">{_e(p.format())}</li>\n' for p in copy.result.errors]
        parts.append("</ul>\n")
    return parts


def _language(copy: ReviewCopy, language: Language, show: Pictures) -> list[str]:
    parts = [f'<div lang="{_e(language.code)}">\n',
             f"<h1{_BREAK}>{_e(rc.language_heading(language))}</h1>\n",
             "<h2>Home screen</h2>\n",
             f"<p><b>Title:</b> {_e(language.title)}</p>\n",
             f"<p><b>Welcome:</b> {_e(language.welcome or rc.NOT_GIVEN)}</p>\n"]
    count = len(language.sections)
    for number, section in enumerate(language.sections, start=1):
        # The first section shares its sheet with the home screen's two lines.
        parts.append(f'<h2{_BREAK if number > 1 else ""}>Section {number} of {count}: '
                     f"{_e(section.title)}</h2>\n")
        if note := rc.stand_in(copy, section, language):
            parts.append(f'<p class="meta standin">{_e(note)}</p>\n')
        parts.append(f'<p class="meta"><b>Tile summary:</b> '
                     f"{_e(section.summary or rc.NOT_GIVEN)}<br>\n"
                     f"File: {_e(rc.section_index(copy, section))}")
        if section.handout_url:
            parts.append(f"<br>\nTake-home link (QR code): {_e(section.handout_url)}")
        parts.append("</p>\n")
        for index, page in enumerate(section.pages, start=1):
            parts += _page(copy, page, language, f"Page {index} of {len(section.pages)}", show)
    if language.faq:
        parts.append(f'<h2{_BREAK}>Questions: {_e(language.faq_title)}</h2>\n')
        for index, page in enumerate(language.faq, start=1):
            parts += _page(copy, page, language, f"Question {index} of {len(language.faq)}",
                           show)
    parts.append("</div>\n")
    return parts


def _page(copy: ReviewCopy, page: Page, language: Language, place: str,
          show: Pictures) -> list[str]:
    parts = ['<div class="page">\n<hr>\n', f"<h3>{_e(place)}: {_e(page.title)}</h3>\n"]
    if note := rc.stand_in(copy, page, language):
        parts.append(f'<p class="meta standin">{_e(note)}</p>\n')
    parts.append(f'<p class="meta">File: {_e(rc.source(copy, page.source))}<br>\n'
                 f"{_e(rc.dates_line(page, copy.exported_on))}</p>\n")
    parts.append(f"{_body(page, show)}\n")
    parts.append(f'<p class="sign">{_e(rc.SIGN_LINE)}</p>\n</div>\n')
    return parts


def _body(page: Page, show: Pictures) -> str:
    """The page's safe HTML with its headings set below the page's title and each picture
    shown as `show` says, its description under it."""
    files = {path.as_uri(): path for path in page.images}

    def picture(match: re.Match[str]) -> str:
        attributes = {k: html.unescape(v) for k, v in _ATTRIBUTE.findall(match.group(1))}
        alt = attributes.get("alt", "").strip()
        caption = f'<span class="alt">Picture: {_e(alt or "no description")}</span>'
        path = files.get(attributes.get("src", ""))
        shown = show(path) if path is not None else None
        if shown is None:
            return caption
        size = "".join(f' {name}="{value}"' for name, value in
                       (("width", shown.width), ("height", shown.height)) if value)
        return f'<img src="{_e(shown.src)}" alt="{_e(alt)}"{size}><br>{caption}'

    body = _HEADING.sub(lambda m: f"<{m.group(1)}h{4 if m.group(2) in '12' else 5}>",
                        page.html)
    # A picture alone in its paragraph (the usual case) gets a paragraph of its own kind,
    # set solid: spaced lines would add space in proportion to the picture's height.
    body = _LONE_IMG.sub(lambda m: f'<p class="picture">{m.group(1)}</p>', body)
    body = _LINK.sub(lambda m: f'<span class="link">{m.group(1)} ›</span>', body)
    return _IMG.sub(picture, body)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
