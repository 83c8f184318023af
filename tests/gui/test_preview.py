"""`kiosk preview`: the kiosk exactly as a chosen screen shows it, problems beside it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from helpers.pages import DATES
from kiosk.app.preview import Preview, build_preview
from kiosk.app.watcher import ContentWatcher
from kiosk.cli.main import build_parser
from kiosk.content import load_library
from kiosk.core.config import Settings
from kiosk.ui.factory import Kiosk
from kiosk.ui.router import Location

# Review dates as staff write them (a page without them is a warning).

BUNDLED = Path(__file__).resolve().parents[2] / "content"
SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
MakePreview = Callable[..., Preview]


@pytest.fixture
def make_preview(qapp: QApplication) -> Iterator[MakePreview]:
    """A preview as `kiosk preview` builds it, for a folder and a screen size; its watcher
    has the short waits of tests/gui/test_live_reload.py and is not started."""
    made: list[Preview] = []

    def make(folder: Path, size: tuple[int, int]) -> Preview:
        library = load_library(folder).library
        assert library is not None
        watcher = ContentWatcher(folder, debounce_ms=100, settle_ms=50, scan_interval_s=0.5)
        # As kiosk_factory's kiosks: no fades, no read aloud (the preview itself turns off
        # the idle reset and the slideshow).
        settings = Settings(transition_ms=0, read_aloud=False)
        preview = build_preview(qapp, library, folder, settings, size, watcher)
        preview.window.show()
        qapp.processEvents()
        made.append(preview)
        return preview

    yield make
    for preview in made:
        preview.shut_down(qapp)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_preview_lays_the_kiosk_out_exactly_as_the_kiosk_at_that_size(
    size: tuple[int, int], make_preview: MakePreview, kiosk_factory: Callable[..., Kiosk],
    qapp: QApplication,
) -> None:
    """Drawn in a preview window smaller than the screen, the kiosk is still laid out for the
    full screen: its picture at full size is the very picture of a kiosk of that size, pixel
    for pixel, on the home screen (every tile) and on a page."""
    preview = make_preview(BUNDLED, size)
    preview.window.resize(900, 600)  # much smaller than any of the screens
    qapp.processEvents()
    kiosk = kiosk_factory(BUNDLED, size)
    shown = preview.kiosk.window
    assert shown.size() == QSize(*size)
    assert preview.window.view.factor < 1.0
    assert shown.grab().toImage() == kiosk.window.grab().toImage()
    section = kiosk.window.library.default.sections[1].id
    for router in (shown.router, kiosk.window.router):
        router.open_section(section, 1, animate=False)
    qapp.processEvents()
    assert shown.grab().toImage() == kiosk.window.grab().toImage()


def test_the_preview_fits_the_screen_on_a_smaller_monitor(make_preview: MakePreview) -> None:
    """On a monitor smaller than the kiosk's screen the whole screen shows, scaled down, in
    its own shape; on a big one it shows at full size."""
    preview = make_preview(BUNDLED, (1080, 1920))
    preview.window.fit_to(QSize(1600, 1000))
    QApplication.processEvents()
    view = preview.window.view
    assert preview.window.height() <= 1000 and preview.window.width() <= 1600
    assert view.factor == pytest.approx(view.viewport().height() / 1920, abs=0.002)
    whole = view.mapFromScene(view.sceneRect()).boundingRect()
    assert view.viewport().rect().contains(whole.adjusted(1, 1, -1, -1))
    preview.window.fit_to(QSize(3000, 2500))
    QApplication.processEvents()
    assert view.factor == 1.0


@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"still showing the last good content")
@pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"^content: .*unknown key")
def test_the_problem_list_shows_a_broken_folder_and_a_click_opens_the_page(
    qtbot: QtBot, make_preview: MakePreview, make_content: Callable[..., Path]
) -> None:
    """A broken edit: the preview says the kiosk does not show it and lists the problem; a
    click on the problem opens its page in the preview; the fix clears the list."""
    folder = make_content()
    preview = make_preview(folder, (1280, 800))
    preview.watcher.start(check_now=True)  # as `kiosk preview` starts it
    qtbot.waitUntil(lambda: "No problems found" in preview.window.status.text(), timeout=5000)
    page = folder / "en/10-first/20-two.md"
    page.write_text(f"---\ntitle: Page two\ntittle: oops\n{DATES}---\nYou read page two.\n",
                    encoding="utf-8")
    problems = preview.window.problems
    qtbot.waitUntil(lambda: problems.count() > 0, timeout=5000)
    assert "does NOT show it" in preview.window.status.text()
    item = problems.item_for("en/10-first/20-two.md")
    assert item is not None and "tittle" in item.text()
    router = preview.kiosk.window.router
    assert router.location == Location.home()
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton,
                     pos=problems.visualItemRect(item).center())
    assert router.location == Location.section("first", 1)
    assert preview.kiosk.window.pager.isVisible()
    page.write_text(f"---\ntitle: Page two\n{DATES}---\nYou read page two, fixed.\n",
                    encoding="utf-8")
    stamp = page.stat().st_mtime + 2  # a visible change on whole-second file systems
    os.utime(page, (stamp, stamp))
    qtbot.waitUntil(lambda: problems.count() == 0, timeout=5000)
    assert "No problems found" in preview.window.status.text()


def test_a_problem_in_another_language_or_a_question_opens_it(
    make_preview: MakePreview, make_content: Callable[..., Path]
) -> None:
    """The place of a problem: a question's answer; a page in Spanish (the language too); a
    section's own file; a file on no page."""
    folder = make_content({
        "es/_index.md": "---\ntitle: Prueba\n---\n",
        "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
        "es/10-first/10-one.md": "---\ntitle: Uno\n---\nEsta es la página uno.\n",
    })
    preview = make_preview(folder, (1920, 1080))
    window, router = preview.window, preview.kiosk.window.router
    window.open_problem("en/faq/20-b.md")
    assert router.location == Location.answer("faq/b")
    window.open_problem("es/10-first/10-one.md")
    assert router.visit.language == "es" and router.location == Location.section("first", 0)
    window.open_problem("en/20-second/_index.md")
    assert router.visit.language == "en" and router.location == Location.section("second", 0)
    window.open_problem(".")
    assert "not on any page" in window.note.text()


def test_kiosk_preview_takes_a_screen_size() -> None:
    args = build_parser().parse_args(["preview", "--screen", "1080x1920", "--content", "c"])
    assert args.command == "preview" and args.screen == (1080, 1920)
    assert args.preview_content == Path("c")
    assert build_parser().parse_args(["preview"]).screen == (1920, 1080)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["preview", "--screen", "big"])


def test_kiosk_windowed_opens_at_the_size_its_layout_was_made_for(
    kiosk_factory: Callable[..., Kiosk], qapp: QApplication
) -> None:
    """`kiosk --windowed` no longer opens smaller than the screen it lays out for (where a
    seventh tile was cut off that the full-screen kiosk shows)."""
    from kiosk.ui.factory import show_kiosk

    kiosk = kiosk_factory(BUNDLED, (1920, 1080))
    kiosk.window.resize(800, 600)
    show_kiosk(kiosk.window, windowed=True)
    qapp.processEvents()
    assert kiosk.window.size() == QSize(1920, 1080)


def test_a_click_on_the_scaled_kiosk_works_as_a_tap_on_the_kiosk(
    qtbot: QtBot, make_preview: MakePreview, make_content: Callable[..., Path]
) -> None:
    """Drawn at a fraction of its size, the kiosk still takes clicks where it shows its
    buttons: a click on the second tile opens the second section."""
    preview = make_preview(make_content(), (1920, 1080))
    preview.window.resize(1000, 700)
    QApplication.processEvents()
    kiosk_window, view = preview.kiosk.window, preview.window.view
    assert view.factor < 0.6
    home = kiosk_window.home
    assert home is not None
    tile = home.tiles[1]
    centre = tile.mapTo(kiosk_window, tile.rect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.mapFromScene(centre.toPointF()))
    assert kiosk_window.router.location == Location.section("second", 0)


def test_five_clicks_in_the_corner_of_the_preview_open_the_staff_panel_without_a_pin(
    make_preview: MakePreview, make_content: Callable[..., Path]
) -> None:
    """As the staff guide says: the gesture works on the scaled kiosk, and asks no PIN."""
    preview = make_preview(make_content(), (1920, 1080))
    preview.window.resize(1200, 800)
    QApplication.processEvents()
    view, handle = preview.window.view, preview.window.windowHandle()
    assert handle is not None
    corner = view.viewport().mapTo(preview.window, view.mapFromScene(QPointF(1920 - 5, 5)))
    for _ in range(5):  # 0.2 s apart by QTest's time stamps: every second one a double-click
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         corner, 100)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           corner, 100)
    QApplication.processEvents()
    assert preview.kiosk.pin_pad is None
    assert preview.kiosk.staff_panel is not None and preview.kiosk.staff_panel.isVisible()
