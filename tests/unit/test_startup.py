"""Start-up never shows a blank screen: a broken or missing content folder falls back to the
bundled content, and the reason is logged."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.core import paths
from kiosk.core.content_choice import initial_library


def test_good_folder_is_used(make_content: Callable[..., Path]) -> None:
    """A folder that loads cleanly is what the kiosk shows."""
    folder = make_content()
    library, result = initial_library(folder)
    assert library.root == folder.absolute()
    assert result.ok


@pytest.mark.parametrize("files", [
    {"en/10-first/10-one.md": b"caf\xe9\n"},
    {"en/_index.md": None},
], ids=["bad-encoding", "no-language-index"])
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"^content: ")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"showing the bundled content")
def test_broken_folder_falls_back_to_bundled_content_with_the_reason_logged(
    files: dict[str, bytes | None], make_content: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Errors in the staff folder at start: the bundled content shows, and the log says why."""
    folder = make_content(files)
    with caplog.at_level(logging.WARNING):
        library, result = initial_library(folder)
    assert library.root == paths.bundled_content().absolute()
    assert result.errors
    assert "showing the bundled content" in caplog.text
    assert str(folder) in caplog.text


@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"does not exist or is not a folder")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"showing the bundled content")
def test_missing_folder_falls_back_to_bundled_content(tmp_path: Path) -> None:
    """A content folder that is not there (a failed sync, a typo in the config) is survivable."""
    library, result = initial_library(tmp_path / "not-there")
    assert library.root == paths.bundled_content().absolute()
    assert result.library is None


def test_a_clinic_value_not_set_is_logged_as_a_note_not_a_warning(
    make_content: Callable[..., Path], caplog: pytest.LogCaptureFixture,
) -> None:
    """The kiosk starts with the settings' values: a value the pages use but kiosk.toml does
    not set shows the fallback words and is an INFO line for IT, not a fault."""
    folder = make_content({"en/10-first/10-one.md": "---\ntitle: Page one\nreviewed: "
                           "2025-01-01\nreview_by: 2099-01-01\n---\nCall "
                           "{{clinic_phone | the desk}}.\n"})
    with caplog.at_level(logging.INFO, logger="kiosk.core.content_choice"):
        library, result = initial_library(folder, quick=True, values={})
    assert library.root == folder.absolute() and result.ok
    assert "Call the desk." in library.default.sections[0].pages[0].text
    (record,) = [r for r in caplog.records if "clinic_phone" in r.getMessage()]
    assert record.levelno == logging.INFO
    assert "`clinic_phone` is not set in kiosk.toml" in record.getMessage()
