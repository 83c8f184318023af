"""Every bundled page without a picture, and every FAQ answer, fits the reference screen
(1920×1080) in every language: the patient reads it whole, without sliding the text.

Pages with a picture may scroll (the picture takes up to 40% of the height), so they are left
out. A page that grows past one screen fails here with its language, its id and the overflow in
pixels: trim its words (content/README.md, "Writing tips")."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from kiosk.ui.factory import Kiosk
from kiosk.ui.text_view import TextView

REFERENCE_SCREEN = (1920, 1080)


def overflow(view: TextView) -> int:
    """How far, in pixels, the text runs past the bottom of its view (0 when it all shows)."""
    QApplication.processEvents()
    return view.verticalScrollBar().maximum()


def test_every_page_without_a_picture_and_every_answer_fits_the_reference_screen(
        kiosk_factory: Callable[..., Kiosk]) -> None:
    window = kiosk_factory(size=REFERENCE_SCREEN).window
    codes = [language.code for language in window.library.languages]
    assert len(codes) >= 2, codes  # English and Spanish are bundled: check both
    failures: list[str] = []
    for code in codes:
        window.router.choose_language(code)
        assert window.language.code == code
        for section in window.language.sections:
            for index, page in enumerate(section.pages):
                if page.images:
                    continue
                window.router.open_section(section.id, index, animate=False)
                if over := overflow(window.pager.reading.text):
                    failures.append(f"{code}: {page.id} is over by {over} px")
        assert window.language.faq, f"{code}: no questions"
        for item in window.language.faq:
            window.router.open_answer(item.id, animate=False)
            if over := overflow(window.answer.reading.text):
                failures.append(f"{code}: {item.id} is over by {over} px")
    assert failures == [], "\n".join(["these scroll at 1920x1080:", *failures])
