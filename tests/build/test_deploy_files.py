"""The files IT deploys with the kiosk: the systemd user unit, the session script and the
example settings file."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import build_spec
from kiosk.core.config import Settings, load_settings

UNIT = build_spec.DEPLOY / "kiosk.service"
SESSION = build_spec.DEPLOY / "kiosk-session.sh"
EXAMPLE = build_spec.DEPLOY / "kiosk.toml.example"


def unit_settings(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_unit_restarts_the_kiosk_and_stops_it_with_sigterm() -> None:
    """Restart=always after 2 s, SIGTERM with 10 s to quit, ~/kiosk/kiosk, graphical session."""
    unit = unit_settings(UNIT)
    service = unit["Service"]
    assert (service["ExecStart"], service["Restart"], service["RestartSec"]) == (
        "%h/kiosk/kiosk", "always", "2")
    assert (service["KillSignal"], service["TimeoutStopSec"]) == ("SIGTERM", "10")
    assert unit["Install"]["WantedBy"] == "graphical-session.target"


def test_unit_waits_for_the_first_screen_and_restarts_a_frozen_one() -> None:
    """Type=notify: active once the kiosk says READY=1; a watchdog the kiosk's UI thread
    keeps fed (kiosk/app/watchdog.py pings every third of it), heard only from the kiosk's
    own process."""
    service = unit_settings(UNIT)["Service"]
    assert (service["Type"], service["NotifyAccess"], service["WatchdogSec"]) == (
        "notify", "main", "30")


def verify(unit: Path, home: Path, tmp_path: Path) -> list[str]:
    """systemd-analyze's complaints about `unit`, as the user manager would load it with
    home folder `home`. `verify` exits 0 on unknown keys and unparsable values (it only logs
    "…, ignoring"), so every line that names the unit counts as a complaint."""
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime),
           "SYSTEMD_LOG_COLOR": "0"}
    result = subprocess.run(
        ["systemd-analyze", "--user", "verify", "--man=no", "--generators=no", str(unit)],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if unit.name in line or unit.stem in line]
    if result.returncode != 0:
        lines.append(f"exit {result.returncode}: {result.stderr.strip()}")
    return lines


needs_systemd = pytest.mark.needs("systemd-analyze")


@pytest.fixture
def kiosk_home(tmp_path: Path) -> Path:
    """A home folder with an executable ~/kiosk/kiosk, which the unit's ExecStart names."""
    home = tmp_path / "home"
    program = home / "kiosk" / "kiosk"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    return home


@needs_systemd
def test_systemd_analyze_verify_accepts_the_unit(kiosk_home: Path, tmp_path: Path) -> None:
    """`systemd-analyze --user verify` finds nothing wrong with assets/deploy/kiosk.service."""
    unit = tmp_path / "kiosk.service"
    shutil.copy(UNIT, unit)
    assert verify(unit, kiosk_home, tmp_path) == []


@needs_systemd
def test_verify_would_catch_a_broken_unit(kiosk_home: Path, tmp_path: Path) -> None:
    """The check is not vacuous: a misspelt key, a bad value and a missing program all show."""
    unit = tmp_path / "kiosk.service"
    text = UNIT.read_text(encoding="utf-8").replace("Restart=always", "Restart=allways")
    text = text.replace("RestartSec=2", "RestartSecs=2")
    unit.write_text(text, encoding="utf-8")
    (kiosk_home / "kiosk" / "kiosk").unlink()
    complaints = "\n".join(verify(unit, kiosk_home, tmp_path))
    assert "allways" in complaints
    assert "RestartSecs" in complaints
    assert "kiosk/kiosk" in complaints


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_session_script_is_valid_shell() -> None:
    """kiosk-session.sh parses (`sh -n`) and starts the unit with --wait."""
    subprocess.run(["sh", "-n", str(SESSION)], check=True, timeout=30)
    assert "exec systemctl --user start --wait kiosk.service" in SESSION.read_text("utf-8")


def test_settings_example_shows_real_settings_and_their_defaults(tmp_path: Path) -> None:
    """Every `# key = value` line in kiosk.toml.example is a setting at its default value."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    settings_lines = [line[2:] for line in lines if re.match(r"# [a-z_]+ = ", line)]
    assert len(settings_lines) >= 10
    uncommented = tmp_path / "kiosk.toml"
    uncommented.write_text("\n".join(settings_lines) + "\n", encoding="utf-8")
    settings, problems = load_settings(uncommented)
    assert [p.format() for p in problems] == []
    assert settings == Settings(content_dir=tmp_path / "content")
