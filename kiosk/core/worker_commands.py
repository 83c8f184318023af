"""The speech workers' side of their pipes to the kiosk, shared by the SSIP worker
(core/ssip_worker.py) and Qt's (ui/speech_worker.py, whose docstring gives the protocol):
commands, one JSON object per line on standard input, read on a thread of its own until the
kiosk closes it; events on a private copy of standard output."""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

# After standard input closes, a worker has this long to quit by itself (a wedged engine call
# can hold its main thread up) before it leaves at once.
EXIT_GRACE_S = 2.0


def read_commands(stream: IO[bytes], deliver: Callable[[dict[str, Any]], None]) -> None:
    """Hand each command to `deliver`, in order, until the stream ends or fails; a line that is
    not a JSON object goes to standard error (the kiosk keeps its tail for the log)."""
    try:
        for raw in stream:
            line = raw.decode("utf-8", errors="replace").strip()
            if not line:
                continue
            try:
                command = json.loads(line)
            except ValueError:
                print(f"speech worker: not a JSON command: {line[:200]!r}", file=sys.stderr)
                continue
            if isinstance(command, dict):
                deliver(command)
    except OSError as exc:
        print(f"speech worker: reading commands failed: {exc}", file=sys.stderr)


def leave_soon(seconds: float = EXIT_GRACE_S) -> None:
    """The kiosk closed our input or is gone: if the main thread is stuck in the engine it
    cannot quit by itself, so the process ends in `seconds` whatever it is doing."""
    timer = threading.Timer(seconds, os._exit, args=(0,))
    timer.daemon = True
    timer.start()


def protocol_output() -> IO[bytes]:
    """A private copy of standard output for the events; file descriptor 1 then points at
    standard error, so whatever an engine, a plugin or speech-dispatcher's start prints there
    cannot corrupt them."""
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return out
