"""`kiosk export --format pdf`: a real PDF a clinician can print and sign, read back with QtPdf
(the words on its pages, its paper size, its pictures drawn) and made by the real command
with no display at all."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSize
from PySide6.QtGui import QColor, QImage, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from helpers import two_languages
from helpers.two_languages import HOME, PAGES, PICTURE_ALT, PICTURE_RGB, in_order
from kiosk.content import load_library
from kiosk.core.config import Settings
from kiosk.core.exitcodes import Exit
from kiosk.core.review_copy import SIGN_LINE, Cover, ReviewCopy, review_copy
from kiosk.ui.review_pdf import paper_for, write_pdf

REPO = Path(__file__).resolve().parents[2]
EXPORTED = dt.datetime(2026, 3, 4, 10, 15)
A4 = QPageSize.PageSizeId.A4


def make_copy(folder: Path) -> ReviewCopy:
    result = load_library(folder, "en", EXPORTED.date())
    return review_copy(result, Cover(EXPORTED, folder, None, Settings()))


def flat(words: str) -> str:
    return " ".join(words.split())


class Pdf:
    """A PDF file as a reader sees it: its sheets, their words and their pixels."""

    def __init__(self, path: Path) -> None:
        self.document = QPdfDocument()
        assert self.document.load(str(path)) == QPdfDocument.Error.None_
        self.sheets = self.document.pageCount()

    def text(self) -> str:
        return flat(" ".join(self.document.getAllText(n).text() for n in range(self.sheets)))

    def size(self, sheet: int = 0) -> tuple[int, int]:
        size = self.document.pagePointSize(sheet)
        return round(size.width()), round(size.height())

    def picture_pixels(self) -> int:
        """Pixels of the test picture's colour on all sheets, drawn at 18 dpi (a quarter of
        a point each way)."""
        found = 0
        red, green, blue = PICTURE_RGB
        for sheet in range(self.sheets):
            width, height = self.size(sheet)
            image = self.document.render(sheet, QSize(width // 4, height // 4))
            image = image.convertToFormat(QImage.Format.Format_RGB32)
            for y in range(image.height()):
                for x in range(image.width()):
                    color = QColor(image.pixel(x, y))
                    if (abs(color.red() - red) + abs(color.green() - green)
                            + abs(color.blue() - blue)) < 30:
                        found += 1
        return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return two_languages.write(tmp_path / "content")


def test_the_pdf_has_every_page_with_its_dates_and_sign_line_in_order(
        qapp: QApplication, folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.pdf"
    sheets, paper = write_pdf(make_copy(folder), target, A4)
    assert target.read_bytes().startswith(b"%PDF-")
    pdf = Pdf(target)
    assert pdf.sheets == sheets >= 1 and paper == "A4"
    sequence: list[str] = []
    for code in ("en", "es"):
        sequence += HOME[code]
        for page in (p for p in PAGES if p.language == code):
            sequence += [page.title, f"File: {page.source}", page.dates, flat(SIGN_LINE)]
    assert in_order(pdf.text(), sequence) == []
    assert in_order(pdf.text(), [f"Picture: {PICTURE_ALT}",
                                 "not translated: patients see the English page"]) == []


def test_each_language_and_section_starts_a_new_sheet(qapp: QApplication, folder: Path,
                                                      tmp_path: Path) -> None:
    """Printed, a section can be handed to the clinician who owns it."""
    target = tmp_path / "review.pdf"
    write_pdf(make_copy(folder), target, A4)
    pdf = Pdf(target)
    starts = [flat(pdf.document.getAllText(n).text())[:60] for n in range(pdf.sheets)]
    for heading in ("English (en)", "Section 2 of 2: After the injection",
                    "Questions: Questions", "Español (es)",
                    "Section 2 of 2: Después de la inyección", "Questions: Preguntas"):
        assert any(start.startswith(heading) for start in starts), (heading, starts)


def test_the_picture_is_drawn_on_the_page(qapp: QApplication, folder: Path,
                                          tmp_path: Path) -> None:
    """The SVG drawing is on the printed page (not only its description), and makes the file
    bigger than the same copy without it."""
    with_picture = tmp_path / "with.pdf"
    write_pdf(make_copy(folder), with_picture, A4)
    without = two_languages.write(tmp_path / "without", {
        "en/10-before/20-ride.md": str(two_languages.FILES["en/10-before/20-ride.md"])
        .replace("(spine.svg)", "(missing.svg)")})
    without_picture = tmp_path / "without.pdf"
    write_pdf(make_copy(without), without_picture, A4)
    assert with_picture.stat().st_size > without_picture.stat().st_size
    # 12 x 9 cm (85 x 64 pixels at 18 dpi), on each of the two sheets it is printed on: the
    # English page, and the Spanish page it stands in for.
    assert Pdf(with_picture).picture_pixels() > 2 * 0.8 * 85 * 64
    assert Pdf(without_picture).picture_pixels() == 0


@pytest.mark.parametrize(("paper", "points"), [
    (QPageSize.PageSizeId.A4, (595, 842)), (QPageSize.PageSizeId.Letter, (612, 792))])
def test_paper_size(qapp: QApplication, folder: Path, tmp_path: Path,
                    paper: QPageSize.PageSizeId, points: tuple[int, int]) -> None:
    target = tmp_path / "review.pdf"
    write_pdf(make_copy(folder), target, paper)
    pdf = Pdf(target)
    assert {pdf.size(n) for n in range(pdf.sheets)} == {points}


def test_paper_follows_the_locale() -> None:
    """Letter where the locale measures in US units, A4 elsewhere."""
    country = QLocale.Country
    assert paper_for(QLocale(QLocale.Language.English, country.UnitedStates)) \
        == QPageSize.PageSizeId.Letter
    for language, place in ((QLocale.Language.English, country.UnitedKingdom),
                            (QLocale.Language.Spanish, country.Spain),
                            (QLocale.Language.Spanish, country.Mexico)):
        assert paper_for(QLocale(language, place)) == QPageSize.PageSizeId.A4


def test_every_sheet_says_what_it_belongs_to(qapp: QApplication, folder: Path,
                                             tmp_path: Path) -> None:
    target = tmp_path / "review.pdf"
    write_pdf(make_copy(folder), target, A4)
    pdf = Pdf(target)
    for sheet in range(pdf.sheets):
        words = flat(pdf.document.getAllText(sheet).text())
        assert "Review copy: Clinic kiosk · exported 2026-03-04" in words
        assert f"Page {sheet + 1} of {pdf.sheets}" in words


def test_the_command_makes_a_pdf_with_no_display(folder: Path, tmp_path: Path) -> None:
    """`kiosk export -o review.pdf` on a machine with no display and no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    target = tmp_path / "review.pdf"
    done = subprocess.run([sys.executable, "-m", "kiosk", "export", "--content", str(folder),
                           "-o", str(target)], capture_output=True, text=True, timeout=120,
                          env=env, cwd=tmp_path, check=False)
    assert done.returncode == Exit.OK, done.stderr
    assert done.stderr == ""
    assert re.fullmatch(rf"Wrote {re.escape(str(target))}: 8 pages and questions in 2 "
                        r"language\(s\), \d+ sheet\(s\) of (A4|US Letter|Letter)\.\n",
                        done.stdout), done.stdout
    assert target.read_bytes().startswith(b"%PDF-")
    assert "Eating and drinking" in Pdf(target).text()


def test_the_bundled_content_exports_every_page(qapp: QApplication, tmp_path: Path) -> None:
    target = tmp_path / "review.pdf"
    copy = make_copy(REPO / "content")
    write_pdf(copy, target, A4)
    pages = [page for lang in copy.languages
             for page in [*(p for s in lang.sections for p in s.pages), *lang.faq]]
    text = Pdf(target).text()
    assert text.count("Checked by:") == len(pages)
    assert in_order(text, [flat(p.title) for p in pages]) == []
