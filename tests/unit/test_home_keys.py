"""The home screen's own keys: a language's main message (`message:`) and a tile's icon
(`icon:`), as staff write them in `_index.md` files (content/README.md), loaded from real
folders. Bad values are cases in test_bad_input.py; this is what a good one gives, and how both
keys behave in a second language."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from kiosk.cli.main import main
from kiosk.content import Library, LoadResult, load_library
from kiosk.content.checks import MAX_MESSAGE
from kiosk.content.model import Severity

MakeContent = Callable[..., Path]
TODAY = dt.date(2026, 1, 1)
D = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
ICON = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><path d="M8 8 H56" '
        b'stroke="#000" stroke-width="5" fill="none"/></svg>')
MESSAGE = "The injection can ease back pain for weeks or months. You go home the same day."
HOME = f"---\ntitle: Test kiosk\nwelcome: Tap a topic.\nmessage: {MESSAGE}\n---\n"
FIRST = "---\ntitle: First topic\nsummary: The first one\nicon: icon-first.svg\n---\n"
WITH_KEYS: dict[str, str | bytes | None] = {
    "en/_index.md": HOME,
    "en/10-first/_index.md": FIRST,
    "en/10-first/icon-first.svg": ICON,
    "en/20-second/_index.md": "---\ntitle: Second topic\nicon: icon-second.png\n---\n",
    "en/faq/_index.md": "---\ntitle: Questions\nicon: icon-question.svg\n---\n",
    "en/faq/icon-question.svg": ICON,
}
SPANISH: dict[str, str | bytes | None] = {
    "es/_index.md": "---\ntitle: Prueba\nmessage: La inyección puede aliviar el dolor.\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
    "es/10-first/10-one.md": f"---\ntitle: Página uno\n{D}---\nUsted lee la página uno.\n",
    "es/20-second/_index.md": "---\ntitle: Segundo\nicon: icono.svg\n---\n",
    "es/20-second/icono.svg": ICON,
    "es/20-second/10-only.md": f"---\ntitle: Única página\n{D}---\nSolo hay una.\n",
    "es/faq/_index.md": "---\ntitle: Preguntas\n---\n",
    "es/faq/10-a.md": f"---\ntitle: ¿Es una prueba?\n{D}---\nSí. Es una respuesta.\n",
}


def transparent_png() -> bytes:
    """A real 1×1 PNG with an alpha channel (colour type 6), fully see-through."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def load(folder: Path) -> tuple[LoadResult, Library]:
    result = load_library(folder, today=TODAY)
    assert result.ok and result.library is not None, [p.format() for p in result.problems]
    return result, result.library


def translated(folder: Path, *files: str) -> str:
    """`kiosk translated`, as the translator runs it."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["translated", "--content", str(folder), *files]) == 0
    return out.getvalue()


def warnings(result: LoadResult) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in result.problems:
        if p.severity is Severity.WARNING:
            found.setdefault(p.path, []).append(p.message)
    return found


def test_the_message_and_icons_load_with_no_problems(make_content: MakeContent) -> None:
    folder = make_content({**WITH_KEYS, "en/20-second/icon-second.png": transparent_png()})
    result, library = load(folder)
    assert result.problems == (), [p.format() for p in result.problems]
    en = library.default
    assert en.message == MESSAGE
    assert [s.icon for s in en.sections] == [folder / "en/10-first/icon-first.svg",
                                             folder / "en/20-second/icon-second.png"]
    assert en.faq_icon == folder / "en/faq/icon-question.svg"


def test_without_the_keys_there_is_no_message_and_no_icon(make_content: MakeContent) -> None:
    _, library = load(make_content())
    assert library.default.message == ""
    assert [s.icon for s in library.default.sections] == [None, None]
    assert library.default.faq_icon is None


def test_a_message_at_the_limits_is_fine(make_content: MakeContent) -> None:
    """Two sentences of exactly MAX_MESSAGE characters: no warning; one more is."""
    second = "x" * (MAX_MESSAGE - len("It helps. ") - 1) + "."
    text = f"It helps. {second}"
    assert len(text) == MAX_MESSAGE
    index = "en/_index.md"
    for message, warned in ((text, False), (text + "x", True)):
        folder = make_content({index: f"---\ntitle: Test kiosk\nmessage: {message}\n---\n"})
        result, library = load(folder)
        assert library.default.message == message
        assert (index in warnings(result)) is warned


def test_a_broken_icon_leaves_the_tile_without_one_and_the_rest_shown(
        make_content: MakeContent) -> None:
    """A missing icon is a warning: the topic still shows, its tile without an icon."""
    folder = make_content({**WITH_KEYS, "en/20-second/icon-second.png": None})
    result, library = load(folder)
    assert [p.format() for p in result.problems] == [
        "en/20-second/_index.md:3: warning: the icon `icon-second.png` is missing. Check the "
        "file name (capital letters count) and that the file is in this folder. There are no "
        ".svg or .png files in this folder. The tile shows without an icon until then."]
    assert [s.icon for s in library.default.sections] == [folder / "en/10-first/icon-first.svg",
                                                          None]


def test_an_icon_linked_from_outside_the_folder_is_not_drawn(make_content: MakeContent) -> None:
    folder = make_content(WITH_KEYS)
    outside = folder.parent / "elsewhere.svg"
    outside.write_bytes(ICON)
    (folder / "en/10-first/icon-first.svg").unlink()
    (folder / "en/10-first/icon-first.svg").symlink_to(outside)
    result = load_library(folder, today=TODAY)
    messages = [p.format() for p in result.problems if p.path == "en/10-first/_index.md"]
    assert messages == ["en/10-first/_index.md:4: warning: the icon `icon-first.svg` is a "
                        "shortcut (link) to a file outside the content folder. Copy the file "
                        "itself into this folder. The tile shows without an icon until then."]


def test_the_quick_load_draws_the_same_icons_as_the_full_check(
        make_content: MakeContent) -> None:
    """The kiosk starts on a quick load and keeps its screens when the full check finds the
    same library: the icons must be in both."""
    folder = make_content({**WITH_KEYS, "en/20-second/icon-second.png": transparent_png()})
    quick = load_library(folder, today=TODAY, quick=True).library
    assert quick is not None and quick == load(folder)[1]
    assert quick.default.sections[0].icon is not None


def test_a_translated_topic_without_an_icon_shows_the_default_languages(
        make_content: MakeContent) -> None:
    """Icons have no words: Spanish tiles show the English icons unless they name their own."""
    folder = make_content({**WITH_KEYS, **SPANISH,
                           "en/20-second/icon-second.png": transparent_png()})
    _, library = load(folder)
    es = library.language("es")
    assert es is not None
    assert [s.icon for s in es.sections] == [folder / "en/10-first/icon-first.svg",
                                             folder / "es/20-second/icono.svg"]
    assert es.faq_icon == folder / "en/faq/icon-question.svg"


def test_an_icon_is_not_a_change_to_translate(make_content: MakeContent) -> None:
    """Adding an icon to an English topic leaves its translation up to date."""
    folder = make_content({**SPANISH, "en/_index.md": HOME})
    translated(folder, *(str(folder / name) for name in SPANISH
                         if name.endswith(".md") and name != "es/faq/_index.md"))
    (folder / "en/10-first/_index.md").write_text(FIRST, encoding="utf-8")
    (folder / "en/10-first/icon-first.svg").write_bytes(ICON)
    result, _ = load(folder)
    assert "es/10-first/_index.md" not in warnings(result)


def test_a_changed_message_sends_the_translation_back_to_the_translator(
        make_content: MakeContent) -> None:
    """The language's `_index.md` is a translation like a page: its message, title and welcome
    are checked against the English, and `kiosk translated` marks it up to date."""
    folder = make_content({**SPANISH, "en/_index.md": HOME})
    result, _ = load(folder)
    assert "does not say which version of `en/_index.md`" in \
        " ".join(warnings(result)["es/_index.md"])
    out = translated(folder, "es/_index.md")
    assert "es/_index.md: marked as translated from en/_index.md" in out
    result, library = load(folder)
    assert "es/_index.md" not in warnings(result)
    english = folder / "en/_index.md"
    english.write_text(english.read_text(encoding="utf-8").replace("months", "many months"),
                       encoding="utf-8")
    result, library = load(folder)
    assert warnings(result)["es/_index.md"] == [
        "`en/_index.md` has changed since this translation was made from it: check this "
        "translation against `en/_index.md`, update its text, then run "
        "`kiosk translated es/_index.md`."]
    es = library.language("es")
    assert es is not None and es.message == "La inyección puede aliviar el dolor."


def test_a_translation_without_the_message_says_so(make_content: MakeContent) -> None:
    """No English stands in for the Spanish message: the home screen would mix languages."""
    folder = make_content({**SPANISH, "en/_index.md": HOME,
                           "es/_index.md": "---\ntitle: Prueba\n---\n"})
    translated(folder, "es/_index.md")
    result, library = load(folder)
    assert warnings(result)["es/_index.md"] == [
        "the home screen in `es` has no main message, but `en/_index.md` has one: translate its "
        "`message:` line into this file."]
    es = library.language("es")
    assert es is not None and es.message == ""
