"""Logging from the first line: Python's logging to stderr and a rotating file. Qt's own
messages are routed in by `kiosk.app.qt_log`."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.core.rotating_log import RotatingLog

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 5  # at most ~6 MB of logs, however long the kiosk runs

def setup_logging(level: str = "INFO", log_file: Path | None = None) -> None:
    """Log to stderr, and to a rotating file when one is given (the kiosk's normal run)."""
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_file is not None:
        try:
            handlers.append(RotatingLog(log_file, LOG_BYTES, LOG_BACKUPS))
        except OSError as exc:  # a read-only disk must not stop the kiosk
            print(f"kiosk: cannot write the log file {log_file}: {exc}")
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), format=FORMAT,
                        handlers=handlers, force=True)


def current_log_file() -> Path | None:
    """The file the kiosk's log is written to now, or None (stderr only: no file was given,
    or it could not be opened). Read from the handlers, so it is what really happens."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
