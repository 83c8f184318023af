"""The kiosk's quick start: the first screen is made first, the rest once it is up; a patient
then finds every tile in its place and every control answering."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.factory import Kiosk

MakeContent = Callable[..., Path]


def many_sections(make_content: MakeContent, count: int = 20) -> Path:
    files: dict[str, str | None] = {"en/10-first/_index.md": None, "en/10-first/10-one.md": None,
                                    "en/10-first/20-two.md": None,
                                    "en/10-first/30-three.md": None,
                                    "en/20-second/_index.md": None,
                                    "en/20-second/10-only.md": None}
    for n in range(1, count + 1):
        files[f"en/{n:03d}-topic-{n}/_index.md"] = f"---\ntitle: Topic {n}\n---\n"
        files[f"en/{n:03d}-topic-{n}/10-page.md"] = f"---\ntitle: Page of {n}\n---\nText {n}.\n"
    return make_content(files)


def test_quick_start_makes_the_rest_of_the_tiles_once_the_window_is_up(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    # Portrait: two tiles to a row, so the late tiles are on screen without scrolling.
    kiosk = kiosk_factory(many_sections(make_content), size=(1080, 1920), quick_start=True)
    window = kiosk.window
    home = window.home
    assert home is not None
    first = [tile.title_label.text() for tile in home.tiles]
    assert first == [f"Topic {n}" for n in range(1, 13)]  # what the first screen can show
    assert all(tile.isVisible() for tile in home.tiles)

    finish_start(kiosk)
    titles = [tile.title_label.text() for tile in home.tiles]
    assert titles == [f"Topic {n}" for n in range(1, 21)] + ["Questions"]
    # Laid out as one grid, in order, with no hole where the first part ended.
    grid, columns = home.grid, home.column_count
    assert columns == 2
    # PySide6 types getItemPosition() as `object`: it is (row, column, row span, column span).
    places = [cast("tuple[int, int, int, int]", grid.getItemPosition(grid.indexOf(tile)))[:2]
              for tile in home.tiles]
    assert places == [(i // columns, i % columns) for i in range(21)]
    # Once laid out, the late tiles are as wide as the first ones (to a pixel of rounding).
    def widths() -> list[int]:
        return [tile.width() for tile in home.tiles]

    qtbot.waitUntil(lambda: max(widths()) - min(widths()) <= 1)

    late = home.tiles[12]  # the first tile made after the first frame
    qtbot.waitUntil(late.isVisible)
    # Pressed from the keyboard (a switch or keyboard user's way): offscreen, mouse events
    # below the first 1,080 pixels of a portrait window do not arrive at all.
    late.setFocus()
    qtbot.keyClick(late, Qt.Key.Key_Space)
    assert window.location.screen == "section"
    assert window.location.item == "topic-13"
    window.router.go_home(animate=False)
    home.tiles[-1].setFocus()
    qtbot.keyClick(home.tiles[-1], Qt.Key.Key_Space)
    assert window.location.screen == "faq"


def test_once_the_start_is_finished_a_touch_anywhere_stops_the_slideshow(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: MakeContent,
) -> None:
    """The input filters wait for the first frame; from then on a touch anywhere stops the
    slideshow, as always."""
    kiosk = kiosk_factory(make_content(), quick_start=True)
    finish_start(kiosk)
    kiosk.slideshow.start()
    assert kiosk.slideshow.running
    window = kiosk.window
    qtbot.mouseClick(window.notice, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not kiosk.slideshow.running)


def finish_start(kiosk: Kiosk) -> None:
    """What the kiosk does once its first frame is on screen (app.run, spread over a few
    passes of the event loop there)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    kiosk.install_input_filters(app)
    kiosk.window.prebuild()
