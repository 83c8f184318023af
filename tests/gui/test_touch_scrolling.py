"""Dragging a finger scrolls a long list, on the first screens made and on screens remade later
(another language, another text size), and remaking screens costs no memory for good."""

from __future__ import annotations

import enum
import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QScroller, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.factory import Kiosk

MakeContent = Callable[..., Path]


def many_questions(make_content: MakeContent, count: int = 24) -> Path:
    return make_content({f"en/faq/{n:03d}-q.md": f"---\ntitle: Question number {n}?\n---\n"
                         f"Answer {n}.\n" for n in range(1, count + 1)})


def drag_up(qtbot: QtBot, viewport: QWidget) -> None:
    """A finger pressed low on the list and drawn up, as a patient scrolls."""
    x = viewport.width() // 2
    start = QPoint(x, viewport.height() * 3 // 4)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 13):
        QTest.mouseMove(viewport, start - QPoint(0, step * 30))
        qtbot.wait(16)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start - QPoint(0, 360))


def faq_area(kiosk: Kiosk) -> QScrollArea:
    area = kiosk.window.faq_menu.findChild(QScrollArea)
    assert area is not None
    return area


def test_a_drag_scrolls_the_questions_before_and_after_the_screens_are_remade(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    kiosk = kiosk_factory(many_questions(make_content), size=(1280, 800))
    window = kiosk.window
    window.router.open_faq(animate=False)
    bar = faq_area(kiosk).verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0  # the list is longer than the screen
    drag_up(qtbot, faq_area(kiosk).viewport())
    qtbot.waitUntil(lambda: bar.value() > 0)
    scroller = QScroller.scroller(faq_area(kiosk).viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)  # it glides to rest

    window.router.set_text_step(1)  # a larger text size remakes every screen
    window.router.open_faq(animate=False)
    remade = faq_area(kiosk).verticalScrollBar()
    assert remade is not bar and remade.value() == 0
    drag_up(qtbot, faq_area(kiosk).viewport())
    qtbot.waitUntil(lambda: remade.value() > 0)


def test_remaking_the_screens_again_and_again_leaves_nothing_behind(
    kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """Each remake used to leave a Python enum class behind (PySide6 and QScroller.grabGesture):
    a few kilobytes per change of text size, for as long as the kiosk runs."""
    kiosk = kiosk_factory(many_questions(make_content))
    window = kiosk.window

    def enum_classes() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, enum.EnumType))

    for step in (1, 0):  # once each way, so every kind of screen has been made
        window.router.set_text_step(step)
        window.router.open_faq(animate=False)
    before = enum_classes()
    for _ in range(8):
        window.router.set_text_step(1)
        window.router.open_faq(animate=False)
        window.router.set_text_step(0)
        window.router.open_faq(animate=False)
    assert enum_classes() == before
