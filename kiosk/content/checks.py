"""Checks on pages that loaded: plain language, fit on screen, review dates.

These are warnings: the page still shows, but a staff member learns what to improve.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from kiosk.content.frontmatter import FrontMatter
from kiosk.content.model import Page, Severity

MAX_GRADE = 8.0
MAX_PAGE_WORDS = 160  # about one screen at body size; more means scrolling
MAX_TILE_TITLE = 28  # the numbers content/README.md gives staff
MAX_PAGE_TITLE = 60
MAX_QUESTION = 90
MAX_SUMMARY = 60
MAX_WORD = 40  # longer "words" are pasted links or typos and break the line layout

Report = Callable[[Path, int, Severity, str], None]
Warn = Callable[[Path, int, str], None]


def section_index(warn: Warn, path: Path, fm: FrontMatter) -> None:
    title = fm.values.get("title", "")
    if title and len(title) > MAX_TILE_TITLE:
        warn(path, fm.lines["title"], f"the title is {len(title)} characters, too long for its "
             f"tile on the home screen (at most {MAX_TILE_TITLE}). Use a shorter title.")
    summary = fm.values.get("summary", "")
    if len(summary) > MAX_SUMMARY:
        warn(path, fm.lines["summary"], f"the summary is {len(summary)} characters, too long "
             f"for its tile on the home screen (at most {MAX_SUMMARY}). Shorten it.")


def page(report: Report, path: Path, fm: FrontMatter, page: Page, *, is_faq: bool,
         today: dt.date) -> None:
    limit = MAX_QUESTION if is_faq else MAX_PAGE_TITLE
    title_line = fm.lines.get("title", 1)
    if len(page.title) > limit:
        report(path, title_line, Severity.WARNING, f"the title is {len(page.title)} characters; "
               f"keep it to {limit} or fewer so it fits on one or two lines.")
    if is_faq and not page.title.rstrip().endswith(("?", "？", "؟")):
        report(path, title_line, Severity.WARNING, "a question's title is shown on its button: "
               f"end it with a question mark, like `{_clip(page.title, 40)}?`.")
    words = page.word_count
    if words > MAX_PAGE_WORDS:
        report(path, 0, Severity.WARNING, f"the page has {words} words, more than fits on one "
               f"screen (about {MAX_PAGE_WORDS}). Patients will have to scroll: split it into "
               "two pages.")
    long_words = [w for w in page.text.split() if len(w) > MAX_WORD]
    if long_words:
        report(path, 0, Severity.WARNING, f"`{long_words[0][:30]}…` is {len(long_words[0])} "
               "characters with no space; it will be broken across lines. Check for a pasted "
               "link or a missing space.")
    # The pronouncing dictionary and the hyphenation patterns load only when a page is graded:
    # a quick load (the kiosk's start) never grades.
    from kiosk.content.readability import measure  # noqa: PLC0415

    reading = measure(page.text, page.language or "en")
    if not reading.acceptable:
        report(path, _line_of(fm, reading.longest_sentence), Severity.WARNING,
               f"{reading.formula} {reading.score:.1f} is not "
               f"{reading.target}, so the page is too hard for many patients. Use shorter "
               f"sentences and everyday words. Longest sentence: "
               f"\"{_clip(reading.longest_sentence)}\"")
    dates = {}
    for key in ("reviewed", "review_by"):
        raw = fm.values.get(key)
        if raw is None:
            continue
        try:
            dates[key] = dt.date.fromisoformat(raw)
        except ValueError:
            report(path, fm.lines[key], Severity.WARNING, f"`{key}: {raw}` is not a date. "
                   "Write it as year-month-day, like `2027-01-31`.")
    review_by = dates.get("review_by")
    if review_by is not None and review_by < today:
        report(path, fm.lines["review_by"], Severity.WARNING, f"this page was due for review "
               f"on {review_by.isoformat()}. Ask the care team to check it, then set a new "
               "`review_by` date.")


def _line_of(fm: FrontMatter, sentence: str) -> int:
    """The body line where a sentence starts, found by its first words; 0 if not found."""
    words = sentence.split()[:3]
    if not words:
        return 0
    for number, line in enumerate(fm.body.split("\n"), start=fm.body_line):
        if " ".join(words) in " ".join(line.split()):
            return number
    return 0


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def handout_url(error: Warn, path: Path, fm: FrontMatter) -> str:
    """A take-home address, shown only as a QR code: it must be a plain web address."""
    url = fm.values.get("handout_url", "").strip()
    if url and not re.match(r"^https?://[^\s/]+\.[^\s]+$", url):
        error(path, fm.lines["handout_url"], f"`handout_url: {url[:40]}` is not a web address. "
              "Write the whole address, starting with https://, or delete the line.")
        return ""
    return url
