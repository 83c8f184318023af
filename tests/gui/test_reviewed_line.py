"""Patients see when a page was last checked by a clinician ("Reviewed November 2026"), in
their language, under the text; a setting turns it off; it is never read aloud or graded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.ui.factory import Kiosk

DATED = {
    "en/10-first/10-one.md": "---\ntitle: Page one\nreviewed: 2026-11-23\n"
                             "review_by: 2027-11-23\n---\nYou read page one.\n",
    "en/10-first/20-two.md": "---\ntitle: Page two\n---\nNobody dated this page.\n",
    "es/_index.md": "---\ntitle: Prueba\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
    "es/10-first/10-one.md": "---\ntitle: Página uno\nreviewed: 2026-03-02\n"
                             "review_by: 2027-03-02\n---\nUsted lee la página uno.\n",
}


def shown_text(kiosk: Kiosk) -> str:
    return kiosk.window.pager.reading.text.toPlainText()


def test_a_reviewed_page_says_when_in_the_patients_language(
        kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]) -> None:
    kiosk = kiosk_factory(make_content(DATED))
    router = kiosk.window.router
    router.open_section("first", 0, animate=False)
    assert shown_text(kiosk).endswith("Reviewed November 2026")
    router.choose_language("es")
    router.open_section("first", 0, animate=False)
    assert shown_text(kiosk).endswith("Revisado en marzo de 2026")


def test_a_page_without_a_review_date_says_nothing(
        kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]) -> None:
    kiosk = kiosk_factory(make_content(DATED))
    kiosk.window.router.open_section("first", 1, animate=False)
    assert "Reviewed" not in shown_text(kiosk)


def test_the_setting_turns_it_off(
        kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]) -> None:
    kiosk = kiosk_factory(make_content(DATED), show_reviewed=False)
    kiosk.window.router.open_section("first", 0, animate=False)
    assert "Reviewed" not in shown_text(kiosk)
    assert shown_text(kiosk).strip().endswith("You read page one.")


def test_the_review_line_is_not_part_of_what_is_read_aloud(
        kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]) -> None:
    kiosk = kiosk_factory(make_content(DATED))
    kiosk.window.router.open_section("first", 0, animate=False)
    page = kiosk.window.pager.page
    assert page is not None and "Reviewed" not in page.text
