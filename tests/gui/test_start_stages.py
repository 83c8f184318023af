"""The kiosk's start-up stages (kiosk/app/run.py), each on its own: settings and logging, a
clean stop before and during the event loop, the first content, the deferred steps."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.app import run as start
from kiosk.core import paths
from kiosk.core.config import Settings
from kiosk.core.exitcodes import Exit


@pytest.mark.usefixtures("restore_logging")
def test_a_broken_settings_file_starts_on_defaults_and_says_which_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """IT's typo never stops the kiosk: the default is used and the log names file and line."""
    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path)
    config = tmp_path / "kiosk.toml"
    config.write_text('default_language = "es"\nidle_timeout_s = "soon"\n', encoding="utf-8")
    begun = start.read_settings(config)
    assert begun.settings == Settings(default_language="es")
    assert begun.config_path == config and begun.log_file == tmp_path / "kiosk.log"
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = begun.log_file.read_text(encoding="utf-8")
    assert f"{config}:2: warning: `idle_timeout_s = \"soon\"`" in logged


def test_a_stop_before_the_event_loop_is_kept_and_the_first_code_wins() -> None:
    """SIGTERM while the window is still being built: the kiosk exits with that code at once,
    without entering the event loop, and the lockdown has let the window go. (In its own
    interpreter: stopping leaves a QApplication unable to run an event loop again.)"""
    code = (
        "import sys\n"
        "from kiosk.app.run import make_application\n"
        "app, stopper = make_application()\n"
        "released = []\n"
        "stopper.before_stop(lambda: released.append(1))\n"
        "stopper.stop(0)\n"
        "stopper.stop(3)\n"
        "print(stopper.code, len(released))\n"
        "sys.exit(stopper.code if stopper.code is not None else app.exec())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[2],
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert (done.returncode, done.stdout.split()) == (Exit.OK, [str(int(Exit.OK)), "2"])


def test_the_deferred_steps_run_in_order_one_per_pass(qtbot: QtBot) -> None:
    """After the first frame: the steps in the order given, and the event loop gets a pass
    between any two (a tap waits behind one step at most, never all of them)."""
    from PySide6.QtCore import QTimer

    ran: list[int] = []
    passes_seen: list[list[int]] = []  # at each step: the earlier steps whose pass has come

    def step(n: int) -> Callable[[], None]:
        def run() -> None:
            passes_seen.append(list(passed_all))
            ran.append(n)
            QTimer.singleShot(0, lambda: passed_all.append(n))

        return run

    passed_all: list[int] = []
    start.run_one_per_pass([step(n) for n in range(4)], gap_ms=1)
    assert ran == []  # nothing runs before the event loop gets control
    qtbot.waitUntil(lambda: len(ran) == 4)
    assert ran == [0, 1, 2, 3]
    assert passes_seen == [[], [0], [0, 1], [0, 1, 2]]


@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"^content: ")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"showing the bundled content")
def test_the_first_content_is_the_bundled_copy_when_the_folder_is_broken(
        make_content: Callable[..., Path]) -> None:
    """Never a blank start: a folder with errors gives way to the content shipped inside."""
    broken = make_content({"en/_index.md": None})
    library = start.first_library(broken, Settings())
    assert library.root == paths.bundled_content().resolve()
    good = make_content(name="good")
    assert start.first_library(good, Settings()).root == good.absolute()


@pytest.mark.usefixtures("restore_logging")
def test_rotation_from_the_settings_reaches_the_eglfs_platform(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kiosk without a desktop (eglfs) is turned by the setting, before Qt starts."""
    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path)
    monkeypatch.delenv("QT_QPA_EGLFS_ROTATION", raising=False)
    config = tmp_path / "kiosk.toml"
    config.write_text("rotation = 90\n", encoding="utf-8")
    start.read_settings(config)
    assert os.environ["QT_QPA_EGLFS_ROTATION"] == "90"
