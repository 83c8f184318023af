"""The home screen leads with the main message and shows each tile's icon: what a patient sees,
on real windows at the three reference sizes, with real content folders and real drawings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from helpers.home import home_of, on_window
from helpers.pages import DATES
from kiosk.ui.factory import Kiosk
from kiosk.ui.home import HomeScreen
from kiosk.ui.theme import HIGH_CONTRAST, TEXT_STEPS, Palette

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
LARGEST = len(TEXT_STEPS) - 1
ICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" fill="none" '
        b'stroke="#000" stroke-width="5"><path d="M8 8 H56 V56 H8 Z"/></svg>')
# Two sentences near the 220-character limit: the longest message `kiosk check` lets by.
MESSAGE = ("The injection can ease your back pain for weeks or even months, so you can move "
           "more easily. It takes about twenty minutes, you stay awake the whole time, and most "
           "people go home the same day with someone to drive them.")
TOPICS = ["Before the day", "On the day", "After the injection", "Results and next steps",
          "About the injection"]

MakeContent = Callable[..., Path]
MakeKiosk = Callable[..., Kiosk]


def home_content(make_content: MakeContent, message: str = MESSAGE,
                 icons: bool = True, name: str = "content") -> Path:
    """Five topics and the questions (the most `kiosk check` allows), the new topic titles,
    each with an icon, and a main message."""
    files: dict[str, str | bytes | None] = {
        "en/_index.md": "---\ntitle: Facet joint injections\nwelcome: Touch a topic below to "
                        f"learn more.\n{f'message: {message}' if message else ''}\n---\n",
        "en/faq/_index.md": f"---\ntitle: Questions\n{'icon: icon.svg' if icons else ''}\n---\n",
        "en/faq/icon.svg": ICON,
        "en/10-first/_index.md": None, "en/20-second/_index.md": None,
    }
    for n, title in enumerate(TOPICS, start=1):
        folder = f"en/{n}0-topic-{n}"
        files[f"{folder}/_index.md"] = (f"---\ntitle: {title}\nsummary: What the topic is "
                                        f"about\n{'icon: icon.svg' if icons else ''}\n---\n")
        files[f"{folder}/icon.svg"] = ICON
        files[f"{folder}/10-page.md"] = f"---\ntitle: Page {n}\n{DATES}---\nText.\n"
    root = make_content(files, name=name)
    for old in ("10-first", "20-second"):
        for path in sorted((root / "en" / old).iterdir()):
            path.unlink()
        (root / "en" / old).rmdir()
    return root


def seen(widget: QWidget) -> bool:
    """Wholly on screen: inside the scroll area's view, and not under the "more" cue."""
    home = widget.window().findChild(HomeScreen)
    assert home is not None
    view = on_window(home.tiles_area.viewport())
    if home.more.isVisible():
        view.setBottom(on_window(home.more).top() - 1)
    return view.contains(on_window(widget))


def ink(image: QImage) -> set[str]:
    """The colours of the icon's fully drawn pixels."""
    return {image.pixelColor(x, y).name() for x in range(image.width())
            for y in range(image.height()) if image.pixelColor(x, y).alpha() == 255}


def test_the_message_shows_between_the_title_and_the_tiles(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    home = home_of(kiosk_factory(home_content(make_content)))
    assert home.message is not None and home.message.text() == MESSAGE
    assert home.message.accessibleName() == MESSAGE
    title = home.findChild(QWidget, "Title")
    assert title is not None
    top = on_window(home.message).top()
    assert on_window(title).bottom() < top < min(on_window(t).top() for t in home.tiles)
    assert seen(home.message)


def test_without_a_message_there_is_none(make_content: MakeContent,
                                         kiosk_factory: MakeKiosk) -> None:
    home = home_of(kiosk_factory(home_content(make_content, message="")))
    assert home.message is None
    assert home.findChild(QWidget, "MessageBox") is None


@pytest.mark.parametrize("step", [0, LARGEST], ids=["normal-text", "largest-text"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_message_wraps_and_is_never_cut_off(
        size: tuple[int, int], step: int, make_content: MakeContent,
        kiosk_factory: MakeKiosk) -> None:
    """The longest message, at every size and text step: every line laid out (its height is
    what its width needs), no line longer than 70 characters, and all of it on screen where
    there is room (everywhere but the smallest screen at the largest text, where the patient
    slides to its last line: it scrolls with the tiles)."""
    kiosk = kiosk_factory(home_content(make_content), size=size)
    kiosk.window.router.set_text_step(step)
    home = home_of(kiosk)
    message = home.message
    assert message is not None
    assert message.height() >= message.heightForWidth(message.width())
    # And asked of the font itself, not the label: the wrapped text fits its rectangle.
    needs = message.fontMetrics().boundingRect(
        QRect(0, 0, message.width(), 10_000), Qt.TextFlag.TextWordWrap, MESSAGE)
    assert needs.height() <= message.height() and needs.width() <= message.width()
    box = message.parentWidget()
    assert box is not None and box.rect().contains(message.geometry())
    per_line = message.width() / message.fontMetrics().averageCharWidth()
    assert per_line <= 70
    assert message.height() >= 2 * message.fontMetrics().lineSpacing()  # it wraps, not elides
    if (size, step) != ((1280, 800), LARGEST):
        assert seen(message), f"{size} text step {step}"


def test_the_message_lines_come_out_even(make_content: MakeContent,
                                         kiosk_factory: MakeKiosk) -> None:
    """No last line of one word: the message takes the least width its lines need."""
    home = home_of(kiosk_factory(home_content(make_content), size=(1920, 1080)))
    message = home.message
    assert message is not None
    lines = message.height() // message.fontMetrics().lineSpacing()
    longest = max(message.fontMetrics().horizontalAdvance(word) for word in MESSAGE.split())
    # Any narrower and it would need another line; the spare width is under one word.
    assert message.heightForWidth(message.width() - longest) > message.height()
    assert lines == 3


def test_each_tile_shows_its_icon_in_the_theme_colour(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    """The drawing is black; the screen draws it in the tiles' colour, in either theme, and the
    tile's name for a screen reader stays its title."""
    kiosk = kiosk_factory(home_content(make_content))
    home = home_of(kiosk)
    assert [t.title_label.text() for t in home.tiles] == [*TOPICS, "Questions"]
    for tile in home.tiles:
        assert tile.icon_label is not None
        pixmap = tile.icon_label.pixmap()
        assert not pixmap.isNull()
        assert round(pixmap.width() / pixmap.devicePixelRatio()) == home.icon_size
        assert tile.accessibleName() == tile.title_label.text()
        assert ink(pixmap.toImage()) == {QColor(Palette().primary).name()}
    kiosk.window.router.set_high_contrast(True)
    icon = home_of(kiosk).tiles[0].icon_label
    assert icon is not None
    assert ink(icon.pixmap().toImage()) == {QColor(HIGH_CONTRAST.primary).name()}


def test_a_tile_without_an_icon_or_with_a_missing_one_has_none(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    folder = home_content(make_content, icons=False)
    first = folder / "en/10-topic-1"
    (first / "_index.md").write_text("---\ntitle: Before the day\nicon: gone.svg\n---\n",
                                     encoding="utf-8")
    home = home_of(kiosk_factory(folder))
    assert [t.icon_label for t in home.tiles] == [None] * len(home.tiles)
    assert home.tiles[0].title_label.text() == "Before the day"


@pytest.mark.expect_log("kiosk.ui.icons", "WARNING", r"could not be drawn")
@pytest.mark.qt_log_ignore(r"Cannot read file .*icon\.svg")
def test_a_drawing_qt_cannot_read_leaves_the_tile_without_an_icon(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    """A drawing that looks like one to `kiosk check` but is broken inside: no icon, no crash,
    and the log says which file."""
    folder = home_content(make_content)
    (folder / "en/10-topic-1/icon.svg").write_bytes(b"<svg <<<< not really")
    home = home_of(kiosk_factory(folder))
    assert home.tiles[0].icon_label is None
    assert home.tiles[1].icon_label is not None


def test_the_smaller_screen_says_when_tiles_are_below_the_edge(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    """At 1280×800 a long message leaves the second row of tiles below the bottom edge: the
    screen says so, and stops saying so once the patient has slid to the end."""
    home = home_of(kiosk_factory(home_content(make_content), size=(1280, 800)))
    assert home.more.isVisible() and home.more_text.text().startswith("More topics below")
    assert not seen(home.tiles[-1])
    bar = home.tiles_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert not home.more.isVisible()
    assert seen(home.tiles[-1])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_without_a_message_every_tile_fits_with_no_cue(
        size: tuple[int, int], make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    home = home_of(kiosk_factory(home_content(make_content, message=""), size=size))
    assert not home.more.isVisible()
    assert all(seen(tile) for tile in home.tiles)


def test_a_tall_screen_puts_two_tiles_to_a_row_when_the_message_needs_the_room(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    """At 1080×1920 six tiles are one to a row, which is easiest to read; with the longest
    message they would not all fit, so they go two to a row and every one is on screen."""
    without = home_of(kiosk_factory(home_content(make_content, message=""), size=(1080, 1920)))
    assert without.column_count == 1
    home = home_of(kiosk_factory(home_content(make_content, name="with"), size=(1080, 1920)))
    assert home.column_count == 2
    assert not home.more.isVisible()
    assert all(seen(tile) for tile in home.tiles)
