"""The loader's good paths: what a staff member who follows content/README.md gets on screen."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli.main import main
from kiosk.content import Library, LoadResult, load_library

MakeContent = Callable[..., Path]
D = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"  # review dates, so a page is clean
LEFTOVERS = ("~$10-one.md", ".10-one.md.swp", "10-one.md~", ".DS_Store", "Thumbs.db",
             ".syncthing.10-one.md.tmp", ".~lock.10-one.md#", ".10-one.md.Xy12Ab")


def tiny_png() -> bytes:
    """A real 1×1 PNG, so pictures are checked as pictures."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def load_clean(folder: Path) -> Library:
    """Load a folder that must produce no problem at all, and return its library."""
    result = load_library(folder, today=dt.date(2026, 1, 1))
    assert result.problems == (), [p.format() for p in result.problems]
    assert result.ok
    assert result.library is not None
    return result.library


def titles(result: LoadResult, section: str) -> list[str]:
    assert result.library is not None
    found = result.library.default.section(section)
    assert found is not None
    return [page.title for page in found.pages]


def test_minimal_folder_loads_with_no_problems(make_content: MakeContent) -> None:
    """The fixture's folder is the smallest valid content: it loads cleanly and completely."""
    library = load_clean(make_content())
    en = library.default
    assert library.default_language == "en"
    assert (en.title, en.welcome) == ("Test kiosk", "Tap a topic.")
    assert [s.id for s in en.sections] == ["first", "second"]
    assert [s.title for s in en.sections] == ["First topic", "Second topic"]
    assert [p.title for p in en.sections[0].pages] == ["Page one", "Page two", "Page three"]


def test_pages_are_ordered_by_number_not_by_letters(make_content: MakeContent) -> None:
    """`2-` comes before `10-` (a number), though "10" sorts before "2" as text."""
    folder = make_content({
        "en/10-first/10-one.md": None, "en/10-first/20-two.md": None,
        "en/10-first/30-three.md": None,
        "en/10-first/2-early.md": f"---\ntitle: Early\n{D}---\nThis page is first.\n",
        "en/10-first/10-middle.md": f"---\ntitle: Middle\n{D}---\nThis page is second.\n",
        "en/10-first/100-late.md": f"---\ntitle: Late\n{D}---\nThis page is last.\n",
    })
    library = load_clean(folder)
    assert [p.title for p in library.default.sections[0].pages] == ["Early", "Middle", "Late"]


def test_sections_are_ordered_by_folder_number(make_content: MakeContent) -> None:
    """Renaming `20-second` to `5-second` moves its tile before `10-first`."""
    folder = make_content({
        "en/20-second/_index.md": None, "en/20-second/10-only.md": None,
        "en/5-second/_index.md": "---\ntitle: Now first\n---\n",
        "en/5-second/10-only.md": f"---\ntitle: Only page\n{D}---\nThe moved topic has one page.\n",
    })
    library = load_clean(folder)
    assert [s.title for s in library.default.sections] == ["Now first", "First topic"]


def test_weight_overrides_the_file_number(make_content: MakeContent) -> None:
    """A page's `weight` sets its place whatever its file name says."""
    folder = make_content({
        "en/10-first/30-three.md": f"---\ntitle: Page three\nweight: 5\n{D}---\nNow it is first.\n",
    })
    library = load_clean(folder)
    assert [p.title for p in library.default.sections[0].pages] == [
        "Page three", "Page one", "Page two"]


def test_section_weight_overrides_the_folder_number(make_content: MakeContent) -> None:
    """A section's `weight` in its `_index.md` moves its tile."""
    folder = make_content({"en/20-second/_index.md": "---\ntitle: Second topic\nweight: 1\n---\n"})
    library = load_clean(folder)
    assert [s.title for s in library.default.sections] == ["Second topic", "First topic"]


def test_title_comes_from_front_matter(make_content: MakeContent) -> None:
    """`title:` is the page's heading, and the body is the text below the `---`."""
    library = load_clean(make_content())
    page = library.default.sections[0].pages[0]
    assert page.title == "Page one"
    assert "You read page one." in page.html
    assert "title:" not in page.html


def test_title_falls_back_to_the_first_heading_and_is_not_repeated(
    make_content: MakeContent,
) -> None:
    """With no front matter, `# Heading` is the title, and it is not shown a second time (the
    only message: the page has no review dates)."""
    folder = make_content({
        "en/10-first/10-one.md": "# What to bring\n\nBring your list of medicines.\n",
    })
    result = load_library(folder, today=dt.date(2026, 1, 1))
    assert [(p.line, p.severity.value) for p in result.problems] == [(1, "warning")]
    assert "no `reviewed` or `review_by` date" in result.problems[0].message
    assert result.library is not None
    page = result.library.default.sections[0].pages[0]
    assert page.title == "What to bring"
    assert "What to bring" not in page.html
    assert "<h1" not in page.html
    assert "Bring your list of medicines." in page.html
    assert page.text.startswith("What to bring")


def test_heading_after_front_matter_without_title_becomes_the_title(
    make_content: MakeContent,
) -> None:
    """Front matter with only dates, then `# Heading`: the heading is the title."""
    folder = make_content({
        "en/10-first/10-one.md": f"---\n{D}---\n# After your visit\n\nRest.\n",
    })
    page = load_clean(folder).default.sections[0].pages[0]
    assert page.title == "After your visit"
    assert "<h1" not in page.html


def test_page_ids_are_section_slug_and_page_slug(make_content: MakeContent) -> None:
    """Ids leave the numbers off, so renumbering a page keeps patients on it after a reload."""
    library = load_clean(make_content())
    en = library.default
    assert [p.id for p in en.sections[0].pages] == ["first/one", "first/two", "first/three"]
    assert [p.id for p in en.sections[1].pages] == ["second/only"]
    assert [p.id for p in en.faq] == ["faq/a", "faq/b"]


def test_renumbering_keeps_the_page_id(make_content: MakeContent) -> None:
    """`10-one.md` renamed to `25-one.md` is still `first/one`."""
    folder = make_content({
        "en/10-first/10-one.md": None,
        "en/10-first/25-one.md": f"---\ntitle: Page one\n{D}---\nYou read page one. It is short.\n",
    })
    en = load_clean(folder).default
    assert [p.id for p in en.sections[0].pages] == ["first/two", "first/one", "first/three"]


def test_page_ids_match_across_languages(make_content: MakeContent) -> None:
    """The Spanish copy with the same file names has the same ids, page for page."""
    spanish = {
        "es/_index.md": "---\ntitle: Quiosco de prueba\nwelcome: Toque un tema.\n---\n",
        "es/10-first/_index.md": "---\ntitle: Primer tema\nsummary: El primero\n---\n",
        "es/10-first/10-one.md": f"---\ntitle: Página uno\n{D}---\nUsted lee la página uno.\n",
        "es/10-first/20-two.md": f"---\ntitle: Página dos\n{D}---\nUsted lee la página dos.\n",
        "es/10-first/30-three.md": f"---\ntitle: Página tres\n{D}---\nEs la última página.\n",
        "es/20-second/_index.md": "---\ntitle: Segundo tema\n---\n",
        "es/20-second/10-only.md": f"---\ntitle: Única página\n{D}---\n"
                                    "Solo hay una en este tema.\n",
        "es/faq/_index.md": "---\ntitle: Preguntas\n---\n",
        "es/faq/10-a.md": f"---\ntitle: ¿Es una prueba?\n{D}---\nSí. Es una respuesta.\n",
        "es/faq/20-b.md": f"---\ntitle: ¿Va a pasar?\n{D}---\nEso esperamos.\n",
    }
    folder = make_content(spanish)
    translated = [str(folder / name) for name in spanish if name != "es/faq/_index.md"]
    # The translator's "done" (kiosk translated), so the check has nothing to say.
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["translated", "--content", str(folder), *translated]) == 0
    library = load_clean(folder)
    assert [lang.code for lang in library.languages] == ["en", "es"]
    en, es = library.language("en"), library.language("es")
    assert en is not None
    assert es is not None
    assert es.title == "Quiosco de prueba"
    assert es.faq_title == "Preguntas"
    for en_section, es_section in zip(en.sections, es.sections, strict=True):
        assert en_section.id == es_section.id
        assert [p.id for p in en_section.pages] == [p.id for p in es_section.pages]
    assert [p.id for p in en.faq] == [p.id for p in es.faq]
    assert es.sections[0].pages[0].title == "Página uno"


def test_faq_items_load_as_questions_and_answers(make_content: MakeContent) -> None:
    """Each FAQ file is a question (its title) and an answer (its text), in number order."""
    en = load_clean(make_content()).default
    assert en.faq_title == "Questions"
    assert [q.title for q in en.faq] == ["Is it a test?", "Will it pass?"]
    assert "Yes. This is a test answer." in en.faq[0].html
    assert en.faq_item("faq/b") is en.faq[1]
    assert en.section("faq") is None  # the FAQ is not a section tile of its own


def test_numbered_faq_folder_is_still_the_faq(make_content: MakeContent) -> None:
    """A staff member who numbers the FAQ folder (`90-faq`) still gets the questions screen."""
    files: dict[str, str | None] = {
        key: None for key in ("en/faq/_index.md", "en/faq/10-a.md", "en/faq/20-b.md")}
    files.update({
        "en/90-faq/_index.md": "---\ntitle: Questions\n---\n",
        "en/90-faq/10-a.md": f"---\ntitle: Is it a test?\n{D}---\nYes. This is a test answer.\n",
    })
    en = load_clean(make_content(files)).default
    assert [q.id for q in en.faq] == ["faq/a"]
    assert [s.id for s in en.sections] == ["first", "second"]


def test_section_summary_is_the_tile_subtitle(make_content: MakeContent) -> None:
    """`summary:` in a section's `_index.md` is kept for its tile; without it, it is empty."""
    en = load_clean(make_content()).default
    assert en.sections[0].summary == "The first one"
    assert en.sections[1].summary == ""


def test_images_resolve_to_absolute_paths_inside_the_folder(make_content: MakeContent) -> None:
    """`![Alt](spine.png)` beside the page becomes that file's absolute path, nothing else."""
    folder = make_content({
        "en/10-first/spine.png": tiny_png(),
        "en/10-first/10-one.md": f"---\ntitle: Page one\n{D}---\n"
                                  "Look.\n\n![The spine](spine.png)\n",
    })
    page = load_clean(folder).default.sections[0].pages[0]
    picture = (folder / "en" / "10-first" / "spine.png").resolve()
    assert page.images == (picture,)
    assert picture.is_absolute()
    assert picture.is_relative_to(folder.resolve())
    assert f'src="{picture.as_uri()}"' in page.html
    assert 'alt="The spine"' in page.html


def test_images_in_a_subfolder_of_the_section_resolve(make_content: MakeContent) -> None:
    """A picture in `pictures/` inside the section works, and the folder is not a problem."""
    folder = make_content({
        "en/10-first/pictures/spine.png": tiny_png(),
        "en/10-first/10-one.md": f"---\ntitle: Page one\n{D}---\nA picture.\n\n"
                                 "![The spine](pictures/spine.png)\n",
    })
    result = load_library(folder)
    assert result.ok
    assert result.library is not None
    page = result.library.default.sections[0].pages[0]
    assert page.images == ((folder / "en/10-first/pictures/spine.png").resolve(),)


def test_utf8_bom_and_crlf_load_silently(make_content: MakeContent) -> None:
    """Notepad's byte-order mark and Windows line ends are fine and cause no message."""
    body = ("---\r\ntitle: Café visit\r\n"
            + D.replace("\n", "\r\n") + "---\r\nBring your list.\r\n\r\n- One item\r\n")
    folder = make_content({"en/10-first/10-one.md": b"\xef\xbb\xbf" + body.encode("utf-8"),
                           "en/_index.md": "\ufeff---\r\ntitle: Test kiosk\r\n---\r\n"})
    page = load_clean(folder).default.sections[0].pages[0]
    assert page.title == "Café visit"
    assert "\r" not in page.html
    assert "<li>One item</li>" in page.html
    assert "\ufeff" not in page.text


def test_old_mac_line_ends_load_silently(make_content: MakeContent) -> None:
    """Bare carriage returns (old Mac editors) read as line ends too."""
    page = b"---\rtitle: Page one\r" + D.replace("\n", "\r").encode() + b"---\rHello there.\r"
    folder = make_content({"en/10-first/10-one.md": page})
    assert load_clean(folder).default.sections[0].pages[0].title == "Page one"


@pytest.mark.parametrize("leftover", LEFTOVERS)
def test_editor_and_sync_leftovers_are_ignored_silently(
    make_content: MakeContent, leftover: str,
) -> None:
    """Word, vim, Emacs, Finder, Explorer, Syncthing and rsync leave files: never a message."""
    junk = b"\x00\x01 not text at all \xff"
    folder = make_content({
        f"en/10-first/{leftover}": junk,
        f"en/faq/{leftover}": junk,
        f"en/{leftover}": junk,
        leftover: junk,
    })
    library = load_clean(folder)
    assert len(library.default.sections[0].pages) == 3


def test_rsync_temporary_folder_is_ignored_silently(make_content: MakeContent) -> None:
    """rsync --delay-updates stages files in `.~tmp~` folders; they are never content."""
    folder = make_content({
        "en/10-first/.~tmp~/10-one.md": b"\xff\xfe half-written",
        "en/.~tmp~/10-new/10-x.md": "half written",
        ".~tmp~/x.md": "half written",
    })
    load_clean(folder)


def test_staff_readme_at_the_top_is_not_content(make_content: MakeContent) -> None:
    """content/README.md is for staff: no warning, and it is not a page."""
    folder = make_content({"README.md": "# How to edit\n\nRead me.\n"})
    library = load_clean(folder)
    assert all("How to edit" not in p.title for s in library.default.sections for p in s.pages)


def test_review_dates_in_the_future_are_quiet(make_content: MakeContent) -> None:
    """`reviewed` and `review_by` that are in order cause no message."""
    folder = make_content({
        "en/10-first/10-one.md": "---\ntitle: Page one\nreviewed: 2025-11-01\n"
                                 "review_by: 2026-11-01\n---\nYou read page one.\n",
    })
    load_clean(folder)


def test_pages_keep_their_source_file(make_content: MakeContent) -> None:
    """Each page knows the file it came from, so the staff panel can name it."""
    folder = make_content()
    page = load_clean(folder).default.sections[0].pages[0]
    assert page.source == folder.absolute() / "en" / "10-first" / "10-one.md"


def test_loading_accepts_a_string_path(make_content: MakeContent) -> None:
    """`load_library("content")` works as well as a Path."""
    folder = make_content()
    result = load_library(str(folder))
    assert result.ok


def test_the_library_is_immutable(make_content: MakeContent) -> None:
    """A loaded library cannot be changed by a view by accident."""
    library = load_clean(make_content())
    page = library.default.sections[0].pages[0]
    with pytest.raises(AttributeError):
        page.title = "changed"  # type: ignore[misc]
    assert isinstance(library.default.sections, tuple)
