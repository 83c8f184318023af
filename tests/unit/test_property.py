"""Property: whatever bytes, text or names end up in the content folder, `load_library` only
ever reports problems; it never raises, and nothing unsafe reaches a page's HTML."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.content import LoadResult, Severity, load_library

MakeContent = Callable[..., Path]
PAGES = ("en/10-first/10-one.md", "en/10-first/20-two.md", "en/faq/10-a.md",
         "en/10-first/_index.md", "en/_index.md")
MARKDOWNISH = st.text(alphabet="[]()!*_`<>#-+ \n\t&;:/\\|=~.0123456789aZé😊\u200b\u202e",
                      max_size=400)
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
BUG = "fault in the kiosk itself"
HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.IGNORECASE)  # an onclick= and the like in a tag


@pytest.fixture
def base(make_content: MakeContent) -> Path:
    """The minimal valid folder, copied afresh for every example."""
    return make_content()


@contextmanager
def copy_of(base: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "content"
        shutil.copytree(base, root)
        yield root


def assert_only_problems(result: LoadResult) -> None:
    """A result made of plain problems: located, worded, and never a bug report."""
    assert isinstance(result, LoadResult)
    for problem in result.problems:
        assert isinstance(problem.severity, Severity)
        assert problem.message.strip()
        assert not Path(problem.path).is_absolute()
        assert BUG not in problem.message, problem.format()
    if result.library is None:
        return
    for language in result.library.languages:
        for page in [p for s in language.sections for p in s.pages] + list(language.faq):
            lowered = page.html.lower()
            for bad in ("<script", "<iframe", "<style", "<a ", "href=", 'src="http'):
                assert bad not in lowered, page.html
            assert not HANDLER.search(page.html), page.html
            assert isinstance(page.text, str)


@FAST
@given(files=st.dictionaries(st.sampled_from(PAGES), st.binary(max_size=3000), min_size=1))
def test_arbitrary_bytes_only_give_problems(base: Path, files: dict[str, bytes]) -> None:
    """Any bytes saved as pages or `_index.md` files: problems, never an exception."""
    with copy_of(base) as root:
        for relative, data in files.items():
            (root / relative).write_bytes(data)
        assert_only_problems(load_library(root))


@FAST
@given(files=st.dictionaries(st.sampled_from(PAGES), st.text(max_size=1000), min_size=1))
def test_arbitrary_text_only_gives_problems(base: Path, files: dict[str, str]) -> None:
    """Any Unicode text, valid UTF-8: problems at most, never an exception."""
    with copy_of(base) as root:
        for relative, text in files.items():
            (root / relative).write_text(text, encoding="utf-8")
        assert_only_problems(load_library(root))


@FAST
@given(front=st.lists(st.text(alphabet="abtiwelgh_ :-'\"#\n", max_size=30), max_size=6),
       body=MARKDOWNISH, fence=st.sampled_from(["---", "--- ", "—", "+++", ""]))
def test_markdown_and_front_matter_soup_only_gives_problems(
    base: Path, front: list[str], body: str, fence: str,
) -> None:
    """Front matter and Markdown made of the characters that matter most to the parsers."""
    text = f"{fence}\n" + "\n".join(front) + f"\n{fence}\n{body}"
    with copy_of(base) as root:
        (root / PAGES[0]).write_text(text, encoding="utf-8")
        (root / PAGES[2]).write_text(body, encoding="utf-8")
        assert_only_problems(load_library(root))


FILE_NAME = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
    min_size=1, max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)


@FAST
@given(names=st.lists(FILE_NAME, min_size=1, max_size=5, unique=True),
       data=st.binary(max_size=200))
def test_arbitrary_file_names_only_give_problems(base: Path, names: list[str],
                                                 data: bytes) -> None:
    """Any file names in a section (numbers, dots, spaces, emoji): problems, no exception."""
    with copy_of(base) as root:
        for name in names:
            target = root / "en/10-first" / name
            if not target.exists():
                target.write_bytes(data)
        assert_only_problems(load_library(root))
