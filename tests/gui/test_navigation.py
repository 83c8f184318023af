"""A patient's walk through the kiosk: real widgets, real clicks, offscreen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.factory import Kiosk


def visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def test_home_shows_title_welcome_and_a_tile_per_section_plus_faq(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Home lists every section and the FAQ as large tiles under the kiosk's title."""
    kiosk = kiosk_factory(make_content())
    home = kiosk.window.home
    assert home is not None
    titles = [tile.title_label.text() for tile in home.tiles]
    assert titles == ["First topic", "Second topic", "Questions"]
    assert all(visible(tile) for tile in home.tiles)
    assert kiosk.window.location.screen == "home"


def test_section_pager_next_back_and_counter(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Tapping a tile opens page 1; Next and Back turn pages; the counter follows."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    assert window.home is not None
    qtbot.mouseClick(window.home.tiles[0], Qt.MouseButton.LeftButton)
    pager = window.pager
    assert window.stack.currentWidget() is pager
    assert pager.reading.title.text() == "Page one"
    assert "You read page one" in pager.reading.text.toPlainText()
    assert pager.counter.text() == "Page 1 of 3"
    assert "First topic" in window.where.text() and "Page 1 of 3" in window.where.text()
    qtbot.mouseClick(pager.next, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "Page two"
    assert pager.counter.text() == "Page 2 of 3"
    qtbot.mouseClick(pager.back, Qt.MouseButton.LeftButton)
    assert pager.reading.title.text() == "Page one"


def test_next_on_last_page_goes_to_next_topic_then_faq(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The last page's button says "Next topic" and leads on; after the last topic, the FAQ."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    window.router.open_section("first", 2)
    assert "Next topic" in window.pager.next.text()
    qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
    assert window.location.item == "second"
    assert window.pager.reading.title.text() == "Only page"
    qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
    assert window.location.screen == "faq"


def test_back_on_first_page_goes_home(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Back from a section's first page returns to the home screen."""
    kiosk = kiosk_factory(make_content())
    kiosk.window.router.open_section("first")
    qtbot.mouseClick(kiosk.window.pager.back, Qt.MouseButton.LeftButton)
    assert kiosk.window.location.screen == "home"


def swipe(widget: QWidget, dx: int) -> None:
    start = QPoint(widget.width() // 2 - dx // 2, widget.height() // 2)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    steps = 8
    for step in range(1, steps + 1):
        QTest.mouseMove(widget, start + QPoint(dx * step // steps, 2), 10)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(dx, 2), 10)


def test_swipe_left_and_right_turn_pages(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A finger swipe to the left shows the next page; to the right, the previous one."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    window.router.open_section("first")
    viewport = window.pager.reading.text.viewport()
    swipe(viewport, -400)
    qtbot.waitUntil(lambda: window.pager.counter.text() == "Page 2 of 3")
    swipe(viewport, 400)
    qtbot.waitUntil(lambda: window.pager.counter.text() == "Page 1 of 3")
    swipe(viewport, 400)  # no page before the first: a swipe never leaves the section
    qtbot.wait(50)
    assert window.location.screen == "section"


def test_faq_question_opens_answer_and_back_returns_to_list(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The FAQ lists every question; a tap shows the answer; "All questions" goes back."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    assert window.home is not None
    qtbot.mouseClick(window.home.tiles[-1], Qt.MouseButton.LeftButton)
    menu = window.faq_menu
    assert menu is not None
    assert [q.title_label.text() for q in menu.questions] == ["Is it a test?", "Will it pass?"]
    qtbot.mouseClick(menu.questions[1], Qt.MouseButton.LeftButton)
    assert window.location.screen == "answer"
    assert window.answer.reading.title.text() == "Will it pass?"
    assert "We hope so" in window.answer.reading.text.toPlainText()
    qtbot.mouseClick(window.answer.back, Qt.MouseButton.LeftButton)
    assert window.location.screen == "faq"


def test_home_button_works_from_every_screen(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Home is visible on every screen but home itself, and always goes home."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    opens: tuple[Callable[[], None], ...] = (lambda: window.router.open_section("first", 1),
                                             window.router.open_faq,
                                             lambda: window.router.open_answer("faq/a"))
    for open_screen in opens:
        open_screen()
        assert visible(window.home_button)
        qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
        assert window.location.screen == "home"
        assert not visible(window.home_button)


def test_standing_notice_on_every_screen(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The general-information notice shows on home, pages, FAQ and answers."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    router = window.router
    shows: tuple[Callable[[], None], ...] = (router.go_home, lambda: router.open_section("first"),
                                             router.open_faq, lambda: router.open_answer("faq/a"))
    for show in shows:
        show()
        assert visible(window.notice.text)
        assert "care team" in window.notice.text.text()


def test_page_text_has_no_links_selection_or_context_menu(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A web link in content is plain text (links between pages: test_links.py), and text
    cannot be selected, dragged or menu'd."""
    folder = make_content({
        "en/10-first/10-one.md":
            "---\ntitle: Page one\n---\nSee [our site](http://example.com) now.\n",
    })
    kiosk = kiosk_factory(folder)
    kiosk.window.router.open_section("first")
    view = kiosk.window.pager.reading.text
    assert "<a " not in view.toHtml()
    assert "our site" in view.toPlainText()
    assert view.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not view.openLinks() and not view.openExternalLinks()


def test_live_library_swap_keeps_patient_on_their_page(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """New content keeps the patient on the same page if it still exists, with the new text."""
    from kiosk.content import load_library

    folder = make_content()
    kiosk = kiosk_factory(folder)
    window = kiosk.window
    window.router.open_section("first", 1)
    (folder / "en/10-first/20-two.md").write_text("---\ntitle: Page two\n---\nNew words.\n")
    library = load_library(folder).library
    assert library is not None
    window.router.set_library(library)
    assert window.location.item == "first" and window.location.index == 1
    assert "New words" in window.pager.reading.text.toPlainText()
    (folder / "en/10-first/20-two.md").unlink()
    (folder / "en/10-first/30-three.md").unlink()
    library = load_library(folder).library
    assert library is not None
    window.router.set_library(library)
    assert window.location.screen == "section" and window.location.index == 0
