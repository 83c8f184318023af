"""`kiosk self-test`, run as the real command: a smoke test that never shows a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def selftest(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "-m", "kiosk", "self-test", "--content", str(folder)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def test_bundled_content_passes_and_says_what_it_rendered() -> None:
    """On the bundled content it exits 0 and counts languages, sections, pages and answers."""
    result = selftest(REPO / "content")
    assert result.returncode == 0, result.stdout + result.stderr
    match = re.search(r"self-test OK: .*: (\d+) language\(s\), (\d+) sections, (\d+) pages, "
                      r"(\d+) FAQ answers", result.stdout)
    assert match, result.stdout
    languages, sections, pages, answers = map(int, match.groups())
    assert languages == 2 and sections >= 10 and pages >= 30 and answers >= 24
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("files", [
    {"en/10-first/10-one.md": b"caf\xe9 in Windows-1252\n"},
    {"en/10-first/10-one.md": b"---\ntitle: never closed\n"},
    {"en/10-first/10-one.md": b"\x89PNG\r\n\x1a\n\x00\x00binary"},
    {"en/_index.md": None},
    {"en/faq/10-a.md": b"---\ntitle: No answer?\n---\n"},
    {"en/10-first/10-one.md": b"---\ntitle: P\n---\n![x](missing.png)\n"},
], ids=["cp1252", "unclosed", "binary", "no-index", "no-answer", "missing-image"])
def test_broken_content_fails_plainly_without_a_traceback(
    files: dict[str, bytes | None], make_content: Callable[..., Path]
) -> None:
    """A broken folder makes the self-test fail (exit 1), naming the file, with no traceback."""
    folder = make_content(files)
    result = selftest(folder)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "content error:" in result.stdout
    named = next(iter(files))
    assert Path(named).name in result.stdout or Path(named).parent.name in result.stdout


def test_missing_folder_fails_plainly(tmp_path: Path) -> None:
    """A folder that does not exist is reported, not crashed on."""
    result = selftest(tmp_path / "nowhere")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_links_between_pages_are_followed_there_and_back(
    make_content: Callable[..., Path],
) -> None:
    """Each link button is tapped, and Back taken from where it led: two more checks a link."""
    dates = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"

    def checks(folder: Path) -> int:
        result = selftest(folder)
        assert result.returncode == 0, result.stdout + result.stderr
        return int(re.search(r"(\d+) checks, 0 failed", result.stdout).group(1))  # type: ignore[union-attr]

    plain = checks(make_content(name="plain"))
    linked = checks(make_content({
        "en/10-first/20-two.md": f"---\ntitle: Page two\n{dates}---\nRead more:\n\n"
                                 "[Is it a test?](../faq/10-a.md)\n",
        "en/faq/20-b.md": f"---\ntitle: Will it pass?\n{dates}---\nWe hope so.\n\n"
                          "[The second topic](../20-second/)\n"}, name="linked"))
    assert linked == plain + 4
