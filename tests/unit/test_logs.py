"""The log file: plain appending until the window is up, then rotating, with nothing lost."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.core import logs


def test_the_log_rotates_once_rotation_is_on_and_keeps_every_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None,
) -> None:
    monkeypatch.setattr(logs, "LOG_BYTES", 2_000)
    log_file = tmp_path / "kiosk.log"
    logs.setup_logging("INFO", log_file, rotate=False)
    log = logging.getLogger("kiosk.test")
    log.info("before the first frame")
    logs.enable_log_rotation()
    for number in range(100):
        log.info("line %03d %s", number, "x" * 40)
    files = sorted(tmp_path.glob("kiosk.log*"))
    assert len(files) > 1  # it rotated
    assert all(f.stat().st_size <= 2_000 for f in files)
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "before the first frame" in text or len(files) > logs.LOG_BACKUPS
    assert "line 099" in log_file.read_text(encoding="utf-8")
    assert len(files) <= logs.LOG_BACKUPS + 1  # bounded, however long it runs


def test_a_log_file_that_cannot_be_written_does_not_stop_the_kiosk(
    tmp_path: Path, restore_logging: None, capsys: pytest.CaptureFixture[str],
) -> None:
    logs.setup_logging("INFO", tmp_path / "missing-folder" / "kiosk.log", rotate=False)
    logs.enable_log_rotation()
    logging.getLogger("kiosk.test").warning("still logging to stderr")
    assert "cannot write the log file" in capsys.readouterr().out
