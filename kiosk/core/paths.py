"""Every path the kiosk uses, in one place: bundled files, the editable content folder beside
the executable, and the platform's folders for config, logs and data.

From source, the "bundle" and "beside the executable" are both the project folder. In a
PyInstaller build, bundled files live in sys._MEIPASS and the editable content folder sits next
to the executable, where IT and staff can reach it without a rebuild.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "waiting-room-kiosk"


# The checkout's top folder (the one holding `kiosk/`, `content/` and `assets/`) when run from
# source: this file is kiosk/core/paths.py.
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path:
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return _SOURCE_ROOT


def beside_executable() -> Path:
    return Path(sys.executable).resolve().parent if is_frozen() else bundle_dir()


def bundled_content() -> Path:
    """The copy shipped inside the app: the fallback when the editable folder is broken."""
    return bundle_dir() / "content"


def default_content() -> Path:
    """The folder staff edit: beside the executable when present, else the bundled copy."""
    editable = beside_executable() / "content"
    return editable if editable.is_dir() else bundled_content()


def assets_dir() -> Path:
    return bundle_dir() / "assets"


def _platform_dirs() -> platformdirs.PlatformDirs:
    # appauthor=False: no vendor folder level on Windows (…\AppData\Local\waiting-room-kiosk).
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def user_config_file() -> Path:
    """Where `kiosk.toml` goes in the platform's config folder (the folder is not created)."""
    return _platform_dirs().user_config_path / "kiosk.toml"


def config_dir() -> Path:
    """The platform's per-user config folder, created on demand (no admin rights needed)."""
    folder = _platform_dirs().user_config_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_dir() -> Path:
    folder = _platform_dirs().user_log_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def data_dir() -> Path:
    """Where the usage counts live: local to this machine, never roaming between PCs."""
    folder = _platform_dirs().user_data_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def last_good_home() -> Path:
    """Where the last good copy of the content folder is kept (kiosk/core/last_good.py): the
    platform's per-user state folder, local to this machine. Not created here: reading it
    (`kiosk check`, the start) must not leave folders behind."""
    return _platform_dirs().user_state_path


def speech_voices_file() -> Path:
    """The voices speech-dispatcher offered the last read-aloud worker (kiosk/core/ssip_worker.py
    keeps them, so the next visit's worker need not wait ~0.3 s for the list): state, local to
    this machine, beside the last good copy."""
    return _platform_dirs().user_state_path / "speech-voices.json"


def own_command(*args: str) -> list[str]:
    """How to run this kiosk's own command line with `args`: the packaged executable itself,
    or `python -m kiosk` from source (with `own_environment`)."""
    if is_frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "kiosk", *args]


def own_environment() -> dict[str, str]:
    """The environment for `own_command`: this process's own (the speech service is found
    through XDG_RUNTIME_DIR and the like); from source, with this `kiosk` package first on
    the path, so the child runs the same code whatever its working folder."""
    env = dict(os.environ)
    if not is_frozen():
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_SOURCE_ROOT), env.get("PYTHONPATH"))
            if p)
    return env
