"""A stand-in for systemd's end of NOTIFY_SOCKET: a real AF_UNIX datagram socket that collects
what the kiosk sends, with the sender's process id as the kernel reports it (SO_PASSCRED),
which is what systemd checks for `NotifyAccess=main`."""

from __future__ import annotations

import os
import socket
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_UCRED = struct.Struct("iII")  # pid, uid, gid


@dataclass(frozen=True)
class Message:
    pid: int
    lines: tuple[str, ...]


class NotifySocket:
    """Bound at `path` (a file) or, for "@name", in the abstract namespace. `address` is what
    NOTIFY_SOCKET is set to."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.socket.bind("\0" + address[1:] if address.startswith("@") else address)

    @classmethod
    def in_folder(cls, folder: Path) -> NotifySocket:
        # A socket path holds at most 107 bytes; pytest's tmp_path can be longer.
        path = folder / "notify"
        if len(os.fsencode(path)) > 100:
            path = Path(tempfile.mkdtemp(prefix="notify-")) / "notify"
        return cls(str(path))

    def receive(self, timeout: float) -> Message | None:
        """The next message, or None if none came within `timeout` seconds (0: none waiting)."""
        self.socket.settimeout(timeout)
        try:
            data, ancillary, _flags, _addr = self.socket.recvmsg(
                4096, socket.CMSG_SPACE(_UCRED.size))
        except (TimeoutError, BlockingIOError):
            return None
        pid = -1
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = _UCRED.unpack(payload[:_UCRED.size])[0]
        return Message(pid, tuple(data.decode("utf-8").split("\n")))

    def drain(self) -> list[Message]:
        """What has arrived already, without waiting."""
        received = []
        while (message := self.receive(0)) is not None:
            received.append(message)
        return received

    def wait_for(self, line: str, timeout: float) -> list[Message]:
        """Every message up to and including the first that holds `line`; fails if `line`
        does not come within `timeout` seconds."""
        received: list[Message] = []
        deadline = time.monotonic() + timeout
        while (message := self.receive(max(0.001, deadline - time.monotonic()))) is not None:
            received.append(message)
            if line in message.lines:
                return received
        raise AssertionError(f"{line!r} never came; received {received}")

    def close(self) -> None:
        self.socket.close()
        if not self.address.startswith("@"):
            Path(self.address).unlink(missing_ok=True)
