"""Links between pages, tapped on real screens: a link opens its page, Back returns to the page
it was on, in the patient's language, and the next patient starts with nothing to go back to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from helpers.pages import DATES
from kiosk.ui.factory import Kiosk
from kiosk.ui.router import Location
from kiosk.ui.text_view import TextView
from kiosk.ui.theme import HIGH_CONTRAST, Palette
from kiosk.ui.widgets import LinkButton


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n{DATES}---\n{body}"


# Page A (first/two, the second page of its section) links to page B (second/only), to the
# second section's start, to an answer, and inside a sentence to page three.
LINKS = {
    "en/10-first/20-two.md": page("Page two", (
        "You read page two. You can also read [page three](30-three.md) now.\n\n"
        "Read more: [The only page](../20-second/10-only.md)\n\n"
        "[Is it a test?](../faq/10-a.md)\n")),
    "en/20-second/_index.md": "---\ntitle: Second topic\n---\n",
    "en/20-second/10-only.md": page("Only page", "The second topic has two pages now.\n"),
    "en/20-second/20-more.md": page("More", "The last page of the second topic.\n"),
    "en/faq/10-a.md": page("Is it a test?", (
        "Yes. This is a test answer.\n\nRead more: [Page two](../10-first/20-two.md)\n")),
}
SPANISH = {
    "es/_index.md": "---\ntitle: Prueba\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
    "es/10-first/10-one.md": page("Uno", (
        "Usted lee la página uno.\n\nLea más: [La página dos](20-two.md)\n\n"
        "[El único](../20-second/10-only.md)\n")),
    "es/10-first/20-two.md": page("Dos", "Usted lee la página dos.\n"),
}


def link_button(view: TextView, words: str) -> LinkButton:
    matches = [b for b in view.link_buttons if b.accessibleName() == words]
    assert len(matches) == 1, [b.accessibleName() for b in view.link_buttons]
    return matches[0]


def tap(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and not button.visibleRegion().isEmpty(), "cannot be tapped"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def where_words_are(view: TextView, words: str) -> QPoint:
    """The middle of `words` in the view, as a finger would aim at them."""
    cursor = view.document().find(words)
    assert not cursor.isNull(), words
    middle = QTextCursor(view.document())
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    return view.cursorRect(middle).center()


def test_tapping_a_link_opens_its_page_and_back_returns_to_the_same_page(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Page A (page 2 of its section) → its link button → page B; Back → page A, page 2, and
    from there Back turns pages as ever."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    pager = window.pager
    window.router.open_section("first", 1)
    button = link_button(pager.reading.text, "The only page")
    with caplog.at_level(logging.INFO, logger="kiosk.ui.router"):
        tap(qtbot, button)
    assert pager.reading.title.text() == "Only page"
    assert pager.counter.text() == "Page 1 of 2"
    assert "link from section first 2 to section second 1" in caplog.text
    assert "showing section second 1" in caplog.text
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.section("first", 1)
    assert pager.reading.title.text() == "Page two"
    assert pager.counter.text() == "Page 2 of 3"
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "Page one"


def test_a_link_inside_a_sentence_is_tappable_where_it_stands(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """The underlined words in a sentence open their page; the rest of the sentence does not."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    window.router.open_section("first", 1)
    view = window.pager.reading.text
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where_words_are(view, "You"))
    assert window.location == Location.section("first", 1)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=where_words_are(view, "page three"))
    assert window.location == Location.section("first", 2)
    assert window.pager.reading.title.text() == "Page three"
    qtbot.mouseClick(window.pager.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.section("first", 1)


def test_a_link_to_a_topic_opens_its_first_page_and_next_and_back_work_inside_it(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """A link to a section opens it at its first page; Next and Back turn its pages, and Back
    on the page the link opened returns to the link's page."""
    files = dict(LINKS)
    files["en/10-first/10-one.md"] = page("Page one", "[The second topic](../20-second/)\n")
    kiosk = kiosk_factory(make_content(files))
    window = kiosk.window
    pager = window.pager
    window.router.open_section("first")
    tap(qtbot, link_button(pager.reading.text, "The second topic"))
    assert window.location == Location.section("second", 0)
    qtbot.mouseClick(pager.next, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "More"
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "Only page"
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.section("first", 0)


def test_a_link_to_an_answer_and_from_an_answer_back_again(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """Page → answer: the answer's button says Back and returns to the page. Answer → page:
    Back returns to the answer, whose button then leads to all the questions again."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    answer = window.answer
    window.router.open_section("first", 1)
    tap(qtbot, link_button(window.pager.reading.text, "Is it a test?"))
    assert window.location == Location.answer("faq/a")
    assert answer.back.accessibleName() == "Back"
    qtbot.mouseClick(answer.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.section("first", 1)

    window.router.open_faq()
    window.router.open_answer("faq/a")
    assert answer.back.accessibleName() == "All questions"
    tap(qtbot, link_button(answer.reading.text, "Page two"))
    assert window.location == Location.section("first", 1)
    qtbot.mouseClick(window.pager.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.answer("faq/a")
    assert answer.back.accessibleName() == "All questions"
    qtbot.mouseClick(answer.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.faq()


def test_links_open_the_patients_language_and_untranslated_stand_ins(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """In Spanish a link opens the Spanish page; one to a page not translated yet opens the
    English one in its place, saying so; Back returns to the Spanish page."""
    kiosk = kiosk_factory(make_content({**LINKS, **SPANISH}))
    window = kiosk.window
    window.router.choose_language("es")
    pager = window.pager  # the screens are made anew in Spanish
    window.router.open_section("first")
    button = link_button(pager.reading.text, "La página dos")
    assert button.accessibleDescription() == "Abre otra página"
    tap(qtbot, button)
    assert pager.reading.title.text() == "Dos"
    assert "Usted lee la página dos" in pager.reading.text.toPlainText()
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "Uno"
    tap(qtbot, link_button(pager.reading.text, "El único"))
    assert pager.reading.title.text() == "Only page"
    assert pager.reading.note.isVisible()  # "Esta página aún no está en español…"
    assert window.router.visit.language == "es"
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "Uno"


def test_the_next_patient_has_nothing_to_go_back_to(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """An idle reset (and Home) forgets the links followed: opening the same page again, Back
    turns pages as usual instead of returning to the last patient's page."""
    kiosk = kiosk_factory(make_content(LINKS), idle_timeout_s=3600)
    window = kiosk.window
    pager = window.pager
    window.router.open_section("first", 1)
    tap(qtbot, link_button(pager.reading.text, "The only page"))
    assert window.router.can_return
    kiosk.idle._reset()
    assert window.location == Location.home()
    assert window.router.hops == []
    window.router.open_section("second")
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.home()

    window.router.open_section("first", 1)
    tap(qtbot, link_button(pager.reading.text, "The only page"))
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.router.hops == []


def test_back_still_returns_after_a_new_text_size(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """Larger text remakes the screens; the page the link came from is still remembered."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    window.router.open_section("first", 1)
    tap(qtbot, link_button(window.pager.reading.text, "The only page"))
    window.router.set_text_step(2)
    qtbot.mouseClick(window.pager.back, Qt.MouseButton.LeftButton)
    assert window.location == Location.section("first", 1)


def test_a_link_button_is_a_large_named_control_in_its_place(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """Touch-sized, full width of the text, under the words before it, focusable, named by
    its words and described as opening a page; its words are not drawn twice."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    window.router.open_section("first", 1)
    view = window.pager.reading.text
    button = link_button(view, "The only page")
    m = window.metrics
    assert button.height() >= m.target and button.width() >= view.viewport().width() - 2
    assert button.accessibleDescription() == "Opens another page"
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus  # reached from a keyboard
    lead = view.cursorRect(view.document().find("Read more:"))
    assert lead.bottom() < button.geometry().top()
    other = link_button(view, "Is it a test?")
    assert other.geometry().top() - button.geometry().bottom() >= m.gap - 2
    assert "The only page" in view.toPlainText()  # still the page's words, read aloud
    block = view.document().find("The only page").block()
    assert block.begin().fragment().charFormat().foreground().color().alpha() == 0


def test_a_link_button_is_pressed_from_the_keyboard(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """Switch and keyboard users reach it with Tab and press it with Enter."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    window.router.open_section("first", 1)
    button = link_button(window.pager.reading.text, "The only page")
    button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.location == Location.section("second", 0))


def test_link_buttons_scroll_with_the_text(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """On a page longer than the screen a button below the fold comes up with its words."""
    long_text = "\n\n".join(f"Paragraph {n} of a long page, with words to read." for n in range(30))
    files = {**LINKS, "en/10-first/10-one.md": page(
        "Page one", f"{long_text}\n\n[The only page](../20-second/10-only.md)\n")}
    kiosk = kiosk_factory(make_content(files), size=(1280, 800))
    window = kiosk.window
    window.router.open_section("first")
    view = window.pager.reading.text
    button = link_button(view, "The only page")
    assert button.visibleRegion().isEmpty()
    assert window.pager.reading.more.isVisible()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert not button.visibleRegion().isEmpty()
    block = view.document().find("The only page").block()
    top = view.document().documentLayout().blockBoundingRect(block).top()
    assert button.geometry().top() == round(top) - bar.value()


@pytest.mark.parametrize("palette", [Palette(), HIGH_CONTRAST], ids=["standard", "high"])
def test_links_look_like_links_in_both_themes(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path], palette: Palette,
) -> None:
    """A link in a sentence is underlined in the theme's link colour; a link button wears the
    theme's outline, and its words the same colour."""
    kiosk = kiosk_factory(make_content(LINKS))
    window = kiosk.window
    window.router.set_high_contrast(palette is HIGH_CONTRAST)
    window.router.open_section("first", 1)
    view = window.pager.reading.text
    cursor = view.document().find("page three")
    inline = cursor.charFormat()
    assert inline.fontUnderline()
    assert inline.foreground().color().name().lower() == palette.primary.lower()
    button = link_button(view, "The only page")
    image = button.grab().toImage()
    edge = image.pixelColor(image.width() // 2, 1).name().lower()
    assert edge == palette.outline.lower()
    words = button.title_label.palette().color(button.title_label.foregroundRole())
    assert words.name().lower() == palette.primary.lower()


def test_a_broken_link_is_plain_words_on_screen(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """A link to nowhere or to the web loads as words: no button, no underline, no tap."""
    files = {**LINKS, "en/10-first/10-one.md": page(
        "Page one", "[Gone](../20-second/90-gone.md)\n\nSee [our site](https://example.org).\n")}
    kiosk = kiosk_factory(make_content(files))
    window = kiosk.window
    window.router.open_section("first")
    view = window.pager.reading.text
    assert view.link_buttons == []
    assert "<a " not in view.toHtml()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=where_words_are(view, "Gone"))
    assert window.location == Location.section("first", 0)
