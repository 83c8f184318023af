"""One kiosk per display: a second start exits with a clear message instead of stacking a
second full-screen window on top of the first."""

from __future__ import annotations

import getpass
import os
import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile

from kiosk.core.paths import APP_NAME


def display_name() -> str:
    """The display this process draws on, safe for a file name ("0" for DISPLAY=:0)."""
    raw = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or "default"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", raw.strip(":")) or "default"


class InstanceLock:
    def __init__(self, folder: Path | None = None) -> None:
        # Per user: a lock left in a shared temp folder by another account could not be
        # taken over, and every restart would exit as "already running".
        folder = folder or Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
        user = re.sub(r"[^A-Za-z0-9_.-]", "_", _user())
        self.path = folder / f"{APP_NAME}-{user}-{display_name()}.lock"
        self.lock = QLockFile(str(self.path))
        # A lock left by a crashed kiosk is stale as soon as its process is gone.
        self.lock.setStaleLockTime(0)

    def acquire(self) -> bool:
        return self.lock.tryLock(200)

    def release(self) -> None:
        self.lock.unlock()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (some containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"
