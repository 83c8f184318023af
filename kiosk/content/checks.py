"""Checks on pages that loaded: plain language, fit on screen, review dates.

Most are warnings: the page still shows, but a staff member learns what to improve. A review
date the kiosk cannot read, or that cannot be right, is an error; one coming up soon is a note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from kiosk.content import images, picture_fold
from kiosk.content.frontmatter import FrontMatter
from kiosk.content.model import Page, Severity

MAX_GRADE = 8.0
# Two screens' worth at body size (a 1920x1080 screen holds about 80 words, fewer with a list):
# past this, patients slide through more than they will read.
MAX_PAGE_WORDS = 160
SCREEN_WORDS = 80
MAX_TILE_TITLE = 28  # the numbers content/README.md gives staff
MAX_PAGE_TITLE = 60
MAX_QUESTION = 90
MAX_SUMMARY = 60
MAX_WORD = 40  # longer "words" are pasted links or typos and break the line layout
# Tiles on the home screen (one per section, one for the questions) that fit without scrolling
# on the smallest reference screen, 1280×800: kiosk/ui/home.py lays out more than four tiles
# three to a row, and two rows fit there, three do not. tests/gui/test_layout.py
# (test_home_tiles_that_the_check_allows_fit_at_1280x800) measures it on the real home screen.
# A main message (`message:`) takes the second row's place there; the screen then says "More
# topics below" (tests/gui/test_home_screen.py).
MAX_HOME_TILES = 6
# The home screen's main message (`message:` in a language's `_index.md`): what a patient takes
# in at a glance, so at most two sentences and about two lines on the widest screen.
MAX_MESSAGE = 250  # Spanish runs about a tenth longer than English
MAX_MESSAGE_SENTENCES = 2
MAX_LIST = 7  # items; content/README.md: "No more than 7 items in a list"
REVIEW_SOON = 30  # days: a `review_by` this close is a note, so the care team can plan
# A sentence ends with . ! ? or … (and any closing quote or bracket), before a space or the end;
# "2.5" does not end one. An abbreviation such as "Dr." is counted: rare in plain language.
_SENTENCE_END = re.compile(r"[.!?…。！？]+[\"'”’)\]]*(?=\s|$)")
_ITEM = re.compile(r"^ {0,3}(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})[.)])(?:\s+|$)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_OTHER_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")

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


def home_message(warn: Warn, path: Path, fm: FrontMatter) -> None:
    message = fm.values.get("message", "").strip()
    if not message:
        return
    line = fm.lines["message"]
    if len(message) > MAX_MESSAGE:
        warn(path, line, f"the main message is {len(message)} characters; keep it to "
             f"{MAX_MESSAGE} or fewer, so patients take it in at a glance. Say the one thing "
             "they most need to know, and put the rest in a page.")
    sentences = message_sentences(message)
    if sentences > MAX_MESSAGE_SENTENCES:
        warn(path, line, f"the main message has {sentences} sentences; keep it to one or two "
             "short ones, and put the rest in a page.")


def message_sentences(text: str) -> int:
    """How many sentences `text` has: one per sentence end, and the last even without one."""
    text = text.strip()
    ends = list(_SENTENCE_END.finditer(text))
    if not text:
        return 0
    return len(ends) + (0 if ends and ends[-1].end() == len(text) else 1)


def page(report: Report, path: Path, fm: FrontMatter, page: Page, *, is_faq: bool,
         root: Path) -> None:
    """`root`: the content folder, resolved (pictures are only read from inside it)."""
    _pictures_first(report, path, fm, root)
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
        report(path, 0, Severity.WARNING, f"the page has {words} words, more than two screens "
               f"(a screen holds about {SCREEN_WORDS}, over {MAX_PAGE_WORDS} is too many). "
               "Patients will have to slide a long way: split it into two pages.")
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


def home_tiles(warn: Warn, folder: Path, sections: int, has_faq: bool) -> None:
    tiles = sections + (1 if has_faq else 0)
    if tiles > MAX_HOME_TILES:
        what = f"{sections} sections" + (" and the questions" if has_faq else "")
        warn(folder, 0, f"the home screen has {tiles} tiles ({what}); only {MAX_HOME_TILES} fit "
             "on a smaller kiosk screen (1280×800) without scrolling, so patients may miss "
             "the last ones. Join some sections, or move their pages into others.")


def body_rules(report: Report, path: Path, fm: FrontMatter, title: str) -> None:
    """The writing rules of content/README.md that can be seen in the text, with their lines:
    short lists, no tables, no heading that repeats the title."""
    lines = fm.body.split("\n")
    start, count, kind = 0, 0, ""
    previous_blank = True
    # A first heading that repeats the title is the loader's to report (it also hides it).
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)

    def end_list() -> None:
        if count > MAX_LIST:
            report(path, fm.body_line + start, Severity.WARNING, f"this list has {count} items; "
                   f"keep a list to {MAX_LIST} or fewer so patients can take it in. Split it "
                   "into two short lists, each with a line of its own above it, or move some "
                   "items to another page.")

    for index, line in enumerate(lines):
        item = _ITEM.match(line)
        if item:
            this_kind = "bullet" if item.group("bullet") else "number"
            if count and this_kind == kind:
                count += 1
            else:
                end_list()
                start, count, kind = index, 1, this_kind
        elif line.strip() and not line.startswith((" ", "\t")) and previous_blank:
            end_list()
            count = 0
        previous_blank = not line.strip()
        heading = _HEADING.match(line)
        if title and index != first and heading and _same(heading.group("text"), title):
            report(path, fm.body_line + index, Severity.WARNING, "this heading repeats the "
                   "title, which the kiosk shows already. Delete this line.")
        # A header row, then a rule row like `|---|---|` (a `---` alone is a heading's line).
        if (index + 1 < len(lines) and "|" in line and "|" in lines[index + 1]
                and _TABLE_RULE.match(lines[index + 1])):
            report(path, fm.body_line + index, Severity.WARNING, "this looks like a table. The "
                   "kiosk does not show tables: patients would see the `|` signs. Write it as a "
                   "list instead, one line for each row, starting with `- `.")
    end_list()


def _same(heading: str, title: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.casefold().strip(" ?!.:¿¡").split())
    return key(heading) == key(title)


def review_dates(report: Report, path: Path, fm: FrontMatter, *, is_faq: bool,
                 today: dt.date) -> dict[str, dt.date]:
    """`reviewed` and `review_by`: present, written as YYYY-MM-DD, and in an order that can be.
    Returns the dates that could be read (the page shows `reviewed` to patients).

    Runs on the quick load too: a date that is wrong is an error, and errors are what keep a
    change off the screen. Once `review_by` has passed the page still shows, with a warning.
    """
    what = "question" if is_faq else "page"
    # A misspelt key (`reviwed`) already has its "did you mean" error.
    missing = [key for key in ("reviewed", "review_by")
               if key not in fm.values and key not in fm.misspelt]
    if missing and not fm.broken:
        later = today + dt.timedelta(days=366 if _leap_day_within_a_year(today) else 365)
        examples = {"reviewed": f"`reviewed: {today.isoformat()}` (the day a clinician "
                                "checked it)",
                    "review_by": f"`review_by: {later.isoformat()}` (when it is due again)"}
        wanted = " and ".join(examples[key] for key in missing)
        report(path, fm.lines.get("title", 1), Severity.WARNING,
               f"this {what} has no `{'` or `'.join(missing)}` date, so nobody is reminded to "
               f"have it checked. Add {wanted} to the front matter.")
    dates: dict[str, dt.date] = {}
    for key in ("reviewed", "review_by"):
        raw = fm.values.get(key)
        if raw is None:
            continue
        date, fix = _read_date(raw)
        if date is not None:
            dates[key] = date
        else:
            report(path, fm.lines[key], Severity.ERROR, f"`{key}: {raw[:30]}` {fix}")
    reviewed, review_by = dates.get("reviewed"), dates.get("review_by")
    if reviewed is not None and reviewed > today:
        report(path, fm.lines["reviewed"], Severity.ERROR, f"`reviewed: {reviewed.isoformat()}` "
               f"is in the future (today is {today.isoformat()}). Write the day a clinician "
               "last checked the page.")
    if reviewed is not None and review_by is not None and review_by < reviewed:
        report(path, fm.lines["review_by"], Severity.ERROR, f"`review_by: "
               f"{review_by.isoformat()}` is before `reviewed: {reviewed.isoformat()}`. "
               "`review_by` is the date the page is due to be checked again, after `reviewed`.")
    elif review_by is not None and review_by < today:
        report(path, fm.lines["review_by"], Severity.WARNING, f"this {what} was due for review "
               f"on {review_by.isoformat()}. Ask the care team to check it, then set a new "
               "`review_by` date.")
    elif review_by is not None and (review_by - today).days <= REVIEW_SOON:
        days = (review_by - today).days
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        report(path, fm.lines["review_by"], Severity.NOTE, f"this {what} is due for review "
               f"{when} ({review_by.isoformat()}). Ask the care team to check it, then set new "
               "`reviewed` and `review_by` dates.")
    return dates


def _leap_day_within_a_year(day: dt.date) -> bool:
    """Whether 29 February falls in the year after `day`, so "a year later" is 366 days."""
    for year in (day.year, day.year + 1):
        try:
            leap = dt.date(year, 2, 29)
        except ValueError:
            continue
        if day < leap <= day + dt.timedelta(days=365):
            return True
    return False


def _read_date(raw: str) -> tuple[dt.date | None, str]:
    """The date, or None and what to write instead, in plain words."""
    text = raw.strip()
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups())), ""
        except ValueError:
            return None, ("is not a real date. Check the day and the month, written as "
                          "year-month-day, like `2027-01-31`.")
    other = _OTHER_DATE.match(text)
    if other:
        a, b, c = (int(g) for g in other.groups())
        # Year first (2026/11/30), else day first (30/11/2026, as in the UK and in Spanish),
        # unless the day cannot be first (11/30/2026, as in the US).
        if len(other.group(1)) == 4:
            candidates = [(a, b, c)]
        elif len(other.group(3)) == 4:
            candidates = [(c, b, a), (c, a, b)]
        else:
            candidates = []
        for year, month, day in candidates:
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue
            return None, f"must be written as year-month-day: write it as `{date.isoformat()}`."
    return None, "is not a date the kiosk can read. Write it as year-month-day, like `2027-01-31`."


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


def _pictures_first(report: Report, path: Path, fm: FrontMatter, root: Path) -> None:
    """Pictures before the first words that fill the screen (picture_fold.py says why)."""
    leading = picture_fold.leading_pictures(fm.body)
    if len(leading) < 2:
        return  # one picture is at most 40 % of the screen: words always show under it
    heights = []
    for _, src in leading:
        file, _ = images.locate(src, path.parent, root)
        size = picture_fold.pixel_size(file) if file is not None else None
        if size is None:
            return  # a missing or unreadable picture is reported where pictures are checked
        heights.append(picture_fold.shown_height(size, src.lower().endswith(".svg")))
    if picture_fold.hides_the_words(heights):
        report(path, fm.body_line + leading[-1][0] - 1, Severity.WARNING,
               f"the {len(leading)} pictures at the top of this page fill the screen, so "
               "patients see no words until they scroll (on a 1920×1080 screen). Put a "
               "sentence or two before the pictures, or move a picture to a page of its own.")
