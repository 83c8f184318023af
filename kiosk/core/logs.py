"""Logging from the first line: Python's logging to stderr and a rotating file. Qt's own
messages are routed in by `kiosk.app.qt_log`."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 5  # at most ~6 MB of logs, however long the kiosk runs

def setup_logging(level: str = "INFO", log_file: Path | None = None,
                  rotate: bool = True) -> None:
    """Log to stderr, and to a rotating file when one is given (the kiosk's normal run).

    `rotate` False: append to the file without rotating until `enable_log_rotation`. The
    kiosk's start does that: logging.handlers imports socket, pickle and queue, milliseconds
    better spent after the first frame.
    """
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_file is not None:
        try:
            handlers.append(_rotating(log_file) if rotate
                            else logging.FileHandler(log_file, encoding="utf-8"))
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


def enable_log_rotation() -> None:
    """Swap a plain log file handler (see setup_logging) for a rotating one on the same file."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.FileHandler:
            try:
                rotating = _rotating(Path(handler.baseFilename))
            except OSError as exc:
                log.warning("log rotation is off: %s", exc)
                continue
            rotating.setFormatter(handler.formatter)
            rotating.setLevel(handler.level)
            root.addHandler(rotating)
            root.removeHandler(handler)
            handler.close()


def _rotating(log_file: Path) -> logging.Handler:
    import logging.handlers  # noqa: PLC0415

    return logging.handlers.RotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
