"""A speech-dispatcher of the test's own: a private runtime folder (so its socket, its
autospawn and its end belong to one test), playing into the session's sound server."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path


def pulse_server() -> str | None:
    """The session's sound server, as `pactl info` names it (a private XDG_RUNTIME_DIR would
    hide it from speech-dispatcher)."""
    try:
        shown = subprocess.run(["pactl", "info"], capture_output=True, text=True, timeout=10,
                               check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in shown.splitlines():
        if line.startswith("Server String:"):
            server = line.split(":", 1)[1].strip()
            return f"unix:{server}" if server.startswith("/") else server
    return None


@dataclass(frozen=True)
class PrivateSpeechDispatcher:
    runtime: Path

    @property
    def socket(self) -> Path:
        return self.runtime / "speech-dispatcher" / "speechd.sock"

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """An environment in which speech-dispatcher is this one (started on first use)."""
        env = dict(os.environ if base is None else base)
        env.pop("SPEECHD_ADDRESS", None)
        env["XDG_RUNTIME_DIR"] = str(self.runtime)
        server = pulse_server()
        if server:
            env["PULSE_SERVER"] = server
        return env

    def pids(self) -> list[int]:
        """The speech-dispatcher serving this socket, if one runs (zombies left out)."""
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if not entry.name.isdigit():
                    continue
                status = (entry / "status").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            program = Path(cmdline.split(b"\0")[0].decode(errors="replace")).name
            if (program == "speech-dispatcher" and "\nState:\tZ" not in status
                    and str(self.socket).encode() in cmdline):
                found.append(int(entry.name))
        return found

    def kill(self) -> None:
        for pid in self.pids():
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@contextmanager
def private_speech_dispatcher() -> Iterator[PrivateSpeechDispatcher]:
    # A short path: a Unix socket's path has room for ~100 bytes, tmp_path's can be longer.
    runtime = Path(tempfile.mkdtemp(prefix="kiosk-sd-"))
    daemon = PrivateSpeechDispatcher(runtime)
    try:
        yield daemon
    finally:
        daemon.kill()
        shutil.rmtree(runtime, ignore_errors=True)
