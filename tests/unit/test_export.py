"""`kiosk export` as text and HTML (no Qt): the review copy a clinic's governance review signs.
Every page a patient can read, in the order they meet it, each with its file, its review dates
and a line to sign, after a cover that says where it came from and whether the kiosk would
show it. The PDF is tested in tests/gui/test_export_pdf.py."""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import two_languages
from helpers.two_languages import HOME, PAGES, PICTURE, PICTURE_ALT, in_order
from kiosk.content import load_library
from kiosk.core.config import Settings
from kiosk.core.exitcodes import Exit
from kiosk.core.patient_words import NOTICE
from kiosk.core.review_copy import SIGN_LINE, Cover, ExportError, ReviewCopy, review_copy
from kiosk.core.review_html import as_html
from kiosk.core.review_text import as_text

REPO = Path(__file__).resolve().parents[2]
EXPORTED = dt.datetime(2026, 3, 4, 10, 15)
STAND_IN = "not translated: patients see the English page"


def make_copy(folder: Path, language: str | None = None, settings: Settings | None = None,
              clinic_values: dict[str, str] | None = None,
              config_file: Path | None = None) -> ReviewCopy:
    settings = settings or Settings()
    result = load_library(folder, settings.default_language, EXPORTED.date())
    cover = Cover(EXPORTED, folder, config_file, settings, clinic_values=clinic_values or {})
    return review_copy(result, cover, language)


def flat(words: str) -> str:
    """Text or HTML as one line of words, as a reader takes it in: wrapping and HTML's
    escapes set aside."""
    return " ".join(html.unescape(words).split())


def expected_sequence(language: str | None = None) -> list[str]:
    """Each language's home words, then each page's title, dates and sign line, in order."""
    sequence: list[str] = []
    for code in ("en", "es"):
        if language not in (None, code):
            continue
        sequence += HOME[code]
        for page in (p for p in PAGES if p.language == code):
            sequence += [page.title, f"File: {page.source}", page.dates, SIGN_LINE]
    return sequence


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return two_languages.write(tmp_path / "content")


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`python -m kiosk ARGS` as IT runs it, with no settings file of the user's in reach."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config")}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=home, env=env,
                          check=False)


def test_text_has_every_page_with_its_dates_and_sign_line_in_the_order_patients_meet_it(
        folder: Path) -> None:
    text = as_text(make_copy(folder))
    assert in_order(text, expected_sequence()) == []
    assert text.count(SIGN_LINE) == len(PAGES)


def test_html_has_every_page_with_its_dates_and_sign_line_in_the_order_patients_meet_it(
        folder: Path) -> None:
    page = as_html(make_copy(folder))
    assert in_order(page, expected_sequence()) == []
    assert page.count(SIGN_LINE) == len(PAGES)


def test_an_untranslated_page_is_marked_where_it_stands_in(folder: Path) -> None:
    """The Spanish copy shows the English page in its place, and says so under its title."""
    for words in (as_text(make_copy(folder)), as_html(make_copy(folder))):
        spanish = words[words.index("Quiosco de la clínica"):]
        assert in_order(spanish, ["Comer y beber", "Your ride home", STAND_IN,
                                  "File: en/10-before/20-ride.md", "Descanse en casa"]) == []
        assert spanish.count(STAND_IN) == 1
        assert STAND_IN not in words[:words.index("Quiosco de la clínica")]


def test_an_untranslated_section_is_marked_with_its_pages(tmp_path: Path) -> None:
    folder = two_languages.write(tmp_path / "content", {
        "es/20-after/_index.md": None, "es/20-after/10-rest.md": None})
    copy = make_copy(folder, "es")
    for words in (as_text(copy), as_html(copy)):
        assert in_order(words, ["Section 1 of 2: Antes de venir", "Comer y beber",
                                "Section 2 of 2: After the injection",
                                "not translated: patients see the English section",
                                "File: en/20-after/_index.md", "Rest at home", STAND_IN,
                                "File: en/20-after/10-rest.md"]) == []
        assert words.count("English section") == 1


def test_one_language_only(folder: Path) -> None:
    text = as_text(make_copy(folder, "es"))
    assert in_order(text, expected_sequence("es")) == []
    assert "Eating and drinking" not in text and "Clinic kiosk" in text  # the kiosk's title
    assert text.count(SIGN_LINE) == 4


def test_an_unknown_language_names_the_ones_there_are(folder: Path) -> None:
    with pytest.raises(ExportError, match=r"no language `fr`; it has en, es"):
        make_copy(folder, "fr")


def test_text_keeps_lists_headings_and_pictures_as_words(folder: Path) -> None:
    text = as_text(make_copy(folder, "en"))
    assert in_order(text, ["You can eat a light meal before you come.", "What to bring",
                           "- Your list of medicines.", "- A friend to drive you home.",
                           f"[Picture: {PICTURE_ALT}]"]) == []
    assert "**" not in text and "<" not in text


def test_html_keeps_bold_lists_and_the_picture_with_its_description_under_it(
        folder: Path) -> None:
    page = as_html(make_copy(folder, "en"))
    assert "<strong>before</strong>" in page
    assert re.search(r"<ul>\s*<li>Your list of medicines\.</li>", page)
    picture = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"'
                        r'[^>]*width="(\d+)" height="(\d+)">', page)
    assert picture, "the picture is embedded"
    assert base64.b64decode(picture.group(1)) == PICTURE
    assert (int(picture.group(2)), int(picture.group(3))) == (453, 340)  # 4:3 in 12 x 9 cm
    assert page.index(f"Picture: {PICTURE_ALT}") > picture.end()


def test_html_is_one_file_that_refers_to_nothing_outside_it(folder: Path) -> None:
    page = as_html(make_copy(folder))
    assert not re.search(r"file:|https?:|src=\"(?!data:)|href=|@import|url\(", page)


def test_the_cover_says_where_the_copy_came_from(folder: Path, tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    values = {"clinic_phone": "555 0100", "after_hours_phone": "555 0199"}
    copy = make_copy(folder, config_file=config, clinic_values=values,
                     settings=Settings(show_reviewed=False))
    for words in (as_text(copy), as_html(copy)):
        cover = flat(words[:words.index("Tap a topic to start.")])
        assert in_order(cover, ["Clinic kiosk", "2026-03-04 10:15", str(folder), str(config),
                                "clinic_phone = 555 0100", "after_hours_phone = 555 0199",
                                "not shown (show_reviewed = false)", NOTICE["en"],
                                NOTICE["es"], "passed (0 error(s), 7 warning(s)"]) == []
        assert "NOT" not in cover


def test_without_a_settings_file_or_clinic_values_the_cover_says_so(folder: Path) -> None:
    text = as_text(make_copy(folder))
    assert "none found: every setting is at its default" in text
    assert "none set by this configuration" in text


def test_content_with_errors_is_exported_and_the_cover_says_the_kiosk_would_not_show_it(
        folder: Path) -> None:
    """A page reviewed "in the future" is an error: every page is still in the copy, and the
    cover lists the error and says plainly what it means."""
    rest = str(two_languages.FILES["en/20-after/10-rest.md"])
    two_languages.write(folder, {"en/20-after/10-rest.md": rest.replace("2025-01-04",
                                                                        "2027-01-04")})
    copy = make_copy(folder)
    for words in (as_text(copy), as_html(copy)):
        cover = flat(words[:words.index("Tap a topic to start.")])
        assert in_order(cover, ["FAILED (1 error(s)", "The kiosk would NOT show this content",
                                "en/20-after/10-rest.md:3: error:"]) == []
        assert "Rest at home" in words[words.index("Tap a topic to start."):]


def test_a_page_past_its_review_by_date_is_marked_overdue(folder: Path) -> None:
    rest = str(two_languages.FILES["en/20-after/10-rest.md"])
    two_languages.write(folder, {"en/20-after/10-rest.md": rest.replace("2099-01-04",
                                                                        "2026-01-04")})
    text = as_text(make_copy(folder))
    assert "Reviewed: 2025-01-04 · Review by: 2026-01-04 (overdue)" in text


def test_a_page_without_review_dates_says_not_given(folder: Path) -> None:
    two_languages.write(folder, {"en/20-after/10-rest.md": "---\ntitle: Rest at home\n---\n"
                                 "Rest for the rest of the day.\n"})
    text = as_text(make_copy(folder))
    assert in_order(text, ["Rest at home", "Reviewed: not given · Review by: not given",
                           SIGN_LINE]) == []


# The real command, as IT and staff run it.

def test_cli_writes_each_format_to_a_file(folder: Path, tmp_path: Path) -> None:
    """The format follows the file's ending; the settings file named is the one used, and the
    summary says what was written."""
    config = tmp_path / "kiosk.toml"
    config.write_text('default_language = "en"\nshow_reviewed = false\n', encoding="utf-8")
    for name in ("review.txt", "review.html"):
        target = tmp_path / name
        done = kiosk("export", "--content", str(folder), "--config", str(config), "-o",
                     str(target), home=tmp_path)
        assert done.returncode == Exit.OK, done.stderr
        assert done.stderr == ""
        assert done.stdout == (f"Wrote {target}: 8 pages and questions in 2 language(s).\n")
        written = target.read_text(encoding="utf-8")
        assert in_order(written, [str(config), "not shown (show_reviewed = false)",
                                  *expected_sequence()]) == []
        assert written.startswith("<!DOCTYPE html>") == (name == "review.html")


def test_cli_writes_to_the_terminal_without_o_or_with_o_dash(folder: Path,
                                                             tmp_path: Path) -> None:
    text = kiosk("export", "--content", str(folder), "--language", "es", home=tmp_path)
    assert text.returncode == Exit.OK, text.stderr
    assert in_order(text.stdout, expected_sequence("es")) == []
    html = kiosk("export", "--content", str(folder), "--format", "html", "-o", "-",
                 home=tmp_path)
    assert html.returncode == Exit.OK, html.stderr
    assert html.stdout.startswith("<!DOCTYPE html>")
    assert in_order(html.stdout, expected_sequence()) == []


def test_cli_finds_the_content_folder_the_settings_file_names(folder: Path,
                                                              tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f"content_dir = '{folder}'\n", encoding="utf-8")
    done = kiosk("export", "--config", str(config), home=tmp_path)
    assert done.returncode == Exit.OK, done.stderr
    assert in_order(done.stdout, ["Content folder:", str(folder), *expected_sequence()]) == []


def test_cli_exports_content_with_errors_but_exits_1_and_says_why(folder: Path,
                                                                   tmp_path: Path) -> None:
    two_languages.write(folder, {"en/10-before/10-food.md": "---\ntitle: Eating\n"})
    target = tmp_path / "review.html"
    done = kiosk("export", "--content", str(folder), "-o", str(target), home=tmp_path)
    assert done.returncode == Exit.CONTENT_ERRORS
    assert "the kiosk would NOT show it" in done.stderr
    written = target.read_text(encoding="utf-8")
    assert "The kiosk would NOT show this content" in written
    assert "en/10-before/10-food.md" in written and "Your ride home" in written
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--format", "pdf"), "a PDF cannot be written to the terminal"),
    (("-o", "-", "--format", "pdf"), "a PDF cannot be written to the terminal"),
    (("--language", "fr"), "no language `fr`; it has en, es"),
    (("-o", "nowhere/review.html"), "the folder nowhere does not exist"),
], ids=["pdf-no-o", "pdf-to-dash", "unknown-language", "missing-folder"])
def test_cli_usage_errors_exit_2_with_a_plain_message(folder: Path, tmp_path: Path,
                                                      args: tuple[str, ...],
                                                      message: str) -> None:
    done = kiosk("export", "--content", str(folder), *args, home=tmp_path)
    assert done.returncode == Exit.USAGE
    assert message in done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert not (tmp_path / "nowhere").exists()


def test_cli_on_a_folder_that_is_not_there_exits_1_without_writing(tmp_path: Path) -> None:
    target = tmp_path / "review.txt"
    done = kiosk("export", "--content", str(tmp_path / "missing"), "-o", str(target),
                 home=tmp_path)
    assert done.returncode == Exit.CONTENT_ERRORS
    assert "does not exist" in done.stderr and "nothing to export" in done.stderr
    assert not target.exists() and "Traceback" not in done.stderr


def test_cli_a_file_that_cannot_be_written_is_a_usage_error_and_leaves_nothing(
        folder: Path, tmp_path: Path) -> None:
    """-o naming a folder: a plain message, exit 2, and no half-written file left behind."""
    target = tmp_path / "review.txt"
    target.mkdir()
    done = kiosk("export", "--content", str(folder), "-o", str(target), home=tmp_path)
    assert done.returncode == Exit.USAGE
    assert f"cannot write {target}" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_fills_the_clinics_values_into_the_pages_as_its_screens_show_them(
        folder: Path, tmp_path: Path) -> None:
    """A page that names the clinic's number prints that number, from the settings file the
    copy is made with; without one, the page's own fallback words. Never the braces."""
    page = folder / "en" / "20-after" / "30-call.md"
    page.write_text("---\ntitle: Call us\nreviewed: 2025-01-01\nreview_by: 2099-01-01\n---\n"
                    "Call {{clinic_name | your clinic}} at "
                    "{{clinic_phone | the number on your letter}}.\n", encoding="utf-8")
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_name = "Riverside Pain Clinic"\nclinic_phone = "(555) 010-0199"\n',
                      encoding="utf-8")
    filled = kiosk("export", "--content", str(folder), "--config", str(config), "--language",
                   "en", home=tmp_path)
    assert filled.returncode == Exit.OK, filled.stderr
    assert "Call Riverside Pain Clinic at (555) 010-0199." in flat(filled.stdout)
    assert "{{" not in filled.stdout
    plain = kiosk("export", "--content", str(folder), "--language", "en", home=tmp_path)
    assert "Call your clinic at the number on your letter." in flat(plain.stdout)
    assert "(555) 010-0199" not in plain.stdout


def test_a_link_between_pages_prints_as_the_words_it_shows_not_a_dead_address(
        folder: Path) -> None:
    """On the kiosk a "Read more" link opens a page; on paper (and in a browser) it is the
    page's name, with no `kiosk:` address a reader could click."""
    answer = folder / "en" / "faq" / "10-hurt.md"
    answer.write_text(answer.read_text(encoding="utf-8")
                      + "\nRead more: [Rest at home](../20-after/10-rest.md)\n", encoding="utf-8")
    copy = make_copy(folder)
    page = as_html(copy)
    assert "Rest at home ›" in flat(page)
    assert "kiosk:" not in page and "<a " not in page
    assert "Rest at home" in as_text(copy)
