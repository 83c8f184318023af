"""The real `kiosk` program started as systemd starts a `Type=notify` service with a watchdog
(NOTIFY_SOCKET, WATCHDOG_USEC), with a real socket standing in for systemd's: READY=1 once the
window is up, WATCHDOG=1 again and again from then on, a status line that follows the content,
STOPPING=1 on SIGTERM. Every message must come from the kiosk's own process, as
`NotifyAccess=main` requires. (Offscreen: no display needed.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.notify_socket import Message, NotifySocket

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_the_kiosk_tells_systemd_it_is_ready_alive_and_stopping(
        tmp_path: Path, make_content: Callable[..., Path]) -> None:
    folder = make_content()
    config = tmp_path / "kiosk.toml"
    config.write_text("read_aloud = false\n", encoding="utf-8")
    systemd = NotifySocket.in_folder(tmp_path)
    log_path = tmp_path / "kiosk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path),
           "NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "600000"}  # ping every 200 ms
    with log_path.open("w") as log:
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--content", str(folder), "--config", str(config)],
            env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        before_ready = systemd.wait_for("READY=1", timeout=60)
        # Ready means the patient can see the kiosk: the window was built and shows home.
        assert "showing home" in log_path.read_text()
        assert before_ready[-1].lines == ("READY=1", "STATUS=showing home")
        assert not any("WATCHDOG=1" in m.lines for m in before_ready)

        alive = [systemd.wait_for("WATCHDOG=1", timeout=10) for _ in range(3)]
        assert sum("WATCHDOG=1" in m.lines for batch in alive for m in batch) >= 3

        # A staff member's edit breaks the content: `systemctl status` says so.
        (folder / "en/_index.md").unlink()
        failed = systemd.wait_for(
            "STATUS=showing home; content check failed (1 error), last good content on screen",
            timeout=60)

        kiosk.send_signal(signal.SIGTERM)
        stopping = systemd.wait_for("STOPPING=1", timeout=30)
        assert kiosk.wait(timeout=30) == 0
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        systemd.close()
    messages: list[Message] = [*before_ready, *(m for b in alive for m in b), *failed, *stopping]
    assert {m.pid for m in messages} == {kiosk.pid}, log_path.read_text()
    assert "Traceback" not in log_path.read_text()


def test_a_frozen_kiosk_goes_quiet_and_systemds_abort_says_where_it_was(
        tmp_path: Path, make_content: Callable[..., Path]) -> None:
    """What docs/deployment.md's walkthrough does by hand: `kill -STOP` freezes the kiosk, the
    pings stop; systemd's watchdog then sends SIGABRT (and SIGCONT, as it does with every kill
    signal): the kiosk ends, and the journal (its standard error) shows the stack of each
    thread, so IT can see where it hung."""
    folder = make_content()
    config = tmp_path / "kiosk.toml"
    config.write_text("read_aloud = false\n", encoding="utf-8")
    systemd = NotifySocket.in_folder(tmp_path)
    log_path = tmp_path / "kiosk.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(tmp_path),
           "NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "300000"}  # ping every 100 ms
    with log_path.open("w") as log:
        # No core file from the abort (`ulimit -c 0`); exec keeps the kiosk's process id.
        kiosk = subprocess.Popen(
            ["sh", "-c", 'ulimit -c 0; exec "$@"', "sh", sys.executable, "-m", "kiosk",
             "--content", str(folder), "--config", str(config)],
            env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        systemd.wait_for("READY=1", timeout=60)
        systemd.wait_for("WATCHDOG=1", timeout=10)
        kiosk.send_signal(signal.SIGSTOP)
        systemd.drain()
        assert systemd.receive(timeout=1.0) is None  # ten ping intervals of silence
        kiosk.send_signal(signal.SIGABRT)
        kiosk.send_signal(signal.SIGCONT)
        assert kiosk.wait(timeout=30) == -signal.SIGABRT
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        systemd.close()
    text = log_path.read_text()
    assert "Fatal Python error: Aborted" in text and "most recent call first" in text, text

