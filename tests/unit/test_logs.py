"""The log file: rotated by size from the first line, bounded, with the newest lines kept."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from helpers.fresh_python import loaded
from kiosk.core import logs
from kiosk.core.rotating_log import RotatingLog


def test_the_log_rotates_by_size_and_stays_bounded_however_long_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_logging: None,
) -> None:
    monkeypatch.setattr(logs, "LOG_BYTES", 2_000)
    log_file = tmp_path / "kiosk.log"
    logs.setup_logging("INFO", log_file)
    log = logging.getLogger("kiosk.test")
    for number in range(300):
        log.info("line %03d %s", number, "x" * 40)
    files = sorted(tmp_path.glob("kiosk.log*"))
    assert [f.name for f in files] == ["kiosk.log"] + [f"kiosk.log.{n}"
                                                       for n in range(1, logs.LOG_BACKUPS + 1)]
    assert all(f.stat().st_size <= 2_000 for f in files)
    assert "line 299" in log_file.read_text(encoding="utf-8")


def test_rotation_keeps_every_line_in_order_across_the_files(tmp_path: Path) -> None:
    log_file = tmp_path / "kiosk.log"
    handler = RotatingLog(log_file, max_bytes=500, backups=50)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("kiosk.test.order")
    log.propagate = False
    log.addHandler(handler)
    try:
        for number in range(100):
            log.warning("línea %03d, con acentos", number)  # not ASCII: bytes, not characters
    finally:
        log.removeHandler(handler)
        handler.close()
    files = [log_file.with_name(f"kiosk.log.{n}") for n in range(50, 0, -1)] + [log_file]
    lines = "".join(f.read_text(encoding="utf-8") for f in files if f.exists()).splitlines()
    assert lines == [f"línea {n:03d}, con acentos" for n in range(100)]
    assert all(f.stat().st_size <= 500 for f in files if f.exists())


def test_a_record_longer_than_the_limit_is_written_whole(tmp_path: Path) -> None:
    log_file = tmp_path / "kiosk.log"
    handler = RotatingLog(log_file, max_bytes=100, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for text in ("short", "y" * 300, "after"):
        handler.emit(logging.LogRecord("kiosk", logging.INFO, __file__, 1, text, None, None))
    handler.close()
    assert log_file.with_name("kiosk.log.2").read_text(encoding="utf-8") == "short\n"
    assert log_file.with_name("kiosk.log.1").read_text(encoding="utf-8") == "y" * 300 + "\n"
    assert log_file.read_text(encoding="utf-8") == "after\n"


def test_a_log_file_that_cannot_be_written_does_not_stop_the_kiosk(
    tmp_path: Path, restore_logging: None, capsys: pytest.CaptureFixture[str],
) -> None:
    logs.setup_logging("INFO", tmp_path / "missing-folder" / "kiosk.log")
    logging.getLogger("kiosk.test").warning("still logging to stderr")
    captured = capsys.readouterr()
    assert "cannot write the log file" in captured.out
    assert "still logging to stderr" in captured.err


def test_logging_to_a_file_loads_neither_sockets_nor_pickle(tmp_path: Path) -> None:
    """`logging.handlers` would bring them (about 1.2 MB for the life of the kiosk)."""
    code = ("from pathlib import Path\nfrom kiosk.core.logs import current_log_file, "
            f"setup_logging\nsetup_logging('INFO', Path({str(tmp_path / 'k.log')!r}))\n"
            "result = str(current_log_file())")
    assert loaded(code, ("logging.handlers", "socket", "pickle"), tmp_path) == (
        str(tmp_path / "k.log"), [])


def test_a_rotation_that_fails_still_writes_every_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    """Something in the way of the rename (here a folder named kiosk.log.1; on a real disk, a
    folder gone read-only): the failure is reported, and no line is lost."""
    log_file = tmp_path / "kiosk.log"
    (tmp_path / "kiosk.log.1").mkdir()
    handler = RotatingLog(log_file, max_bytes=100, backups=1)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for number in range(10):
        handler.emit(logging.LogRecord("kiosk", logging.INFO, __file__, 1,
                                       f"line {number} " + "z" * 30, None, None))
    handler.close()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert [line.split()[1] for line in lines] == [str(n) for n in range(10)]
    assert "Logging error" in capsys.readouterr().err
