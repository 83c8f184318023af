"""Pictures before a page's first words must leave room for words on the reference screen
(kiosk/content/picture_fold.py): two tall pictures at the top are a warning with the line and
the fix; one picture, small pictures, or words first are not."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

from helpers.pages import DATES
from helpers.pictures import png, svg
from kiosk.content import load_library, picture_fold
from kiosk.content.model import Severity


def warnings(make_content: Callable[..., Path], body: str,
             pictures: dict[str, bytes]) -> list[tuple[int, str]]:
    files: dict[str, str | bytes | None] = {
        "en/10-first/10-one.md": f"---\ntitle: Page one\n{DATES}---\n{body}"}
    files.update({f"en/10-first/{name}": data for name, data in pictures.items()})
    result = load_library(make_content(files))
    return [(p.line, p.message) for p in result.problems
            if p.path == "en/10-first/10-one.md" and p.severity is Severity.WARNING]


def test_two_tall_pictures_before_any_words_are_a_warning_at_the_last_ones_line(
        make_content: Callable[..., Path]) -> None:
    body = "![A photo](a.png)\n\n![Another photo](b.png)\n\nThe words come last.\n"
    found = warnings(make_content, body, {"a.png": png(800, 600), "b.png": png(800, 600)})
    assert len(found) == 1
    line, message = found[0]
    assert line == 8  # the second picture: front matter is lines 1-5, the body starts at 6
    assert "the 2 pictures at the top of this page fill the screen" in message
    assert "Put a sentence or two before the pictures" in message


def test_drawings_count_at_the_size_the_kiosk_draws_them(
        make_content: Callable[..., Path]) -> None:
    """A small SVG is drawn enlarged to fit, so two of them fill the screen too."""
    body = "![One](a.svg)\n![Two](b.svg)\n\nWords.\n"
    assert warnings(make_content, body, {"a.svg": svg(40, 30), "b.svg": svg(40, 30)})


def test_words_first_one_picture_or_small_pictures_are_fine(
        make_content: Callable[..., Path]) -> None:
    tall = {"a.png": png(800, 600), "b.png": png(800, 600)}
    assert warnings(make_content, "Words first.\n\n![A](a.png)\n\n![B](b.png)\n", tall) == []
    assert warnings(make_content, "![A](a.png)\n\nThe words.\n", tall) == []
    small = {"a.png": png(120, 90), "b.png": png(120, 90)}
    assert warnings(make_content, "![A](a.png)\n![B](b.png)\n\nThe words.\n", small) == []


def test_sizes_are_read_from_the_files_own_headers(tmp_path: Path) -> None:
    for name, data, size in (("a.png", png(3, 2), (3, 2)), ("b.svg", svg(40, 30), (40, 30)),
                             ("c.gif", b"GIF89a" + struct.pack("<HH", 7, 5) + b"\0" * 8,
                              (7, 5)),
                             # A JPEG: start, an APP0 segment, then the frame header (SOF0).
                             ("e.jpg", b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"\0" * 14
                              + b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 480, 640)
                              + b"\0" * 12, (640, 480))):
        (tmp_path / name).write_bytes(data)
        assert picture_fold.pixel_size(tmp_path / name) == size
    (tmp_path / "d.png").write_bytes(b"not a picture")
    assert picture_fold.pixel_size(tmp_path / "d.png") is None
