"""Telling systemd how the kiosk is doing (`Type=notify`, `WatchdogSec=`): the sd_notify
protocol without libsystemd, which is one datagram of `KEY=value` lines to the AF_UNIX socket
named in NOTIFY_SOCKET ("@name" is Linux's abstract namespace).

A supervisor that cannot hear the kiosk must never stop it: sending fails quietly (logged
once), and without NOTIFY_SOCKET there is no Notifier at all.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import socket

log = logging.getLogger(__name__)

# What systemd sets for a Type=notify service; taken out of the environment once read, so the
# kiosk's own children (the read-aloud worker, the content check) never speak for it.
ENVIRONMENT = ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")


class Notifier:
    """Sends state lines to systemd. `watchdog_usec`: the watchdog timeout systemd set for us
    (WATCHDOG_USEC), or None when there is no watchdog."""

    def __init__(self, address: str, watchdog_usec: int | None = None) -> None:
        self.address = address
        self.watchdog_usec = watchdog_usec
        self._socket: socket.socket | None = None
        self._failed = False

    @classmethod
    def from_environment(cls, environ: MutableMapping[str, str], pid: int) -> Notifier | None:
        """The notifier systemd asked for, or None when NOTIFY_SOCKET is not set. The
        variables are removed from `environ` (as sd_notify's `unset_environment` does).
        WATCHDOG_PID, when set, must be `pid`: else the watchdog is some other process's."""
        address, usec, watchdog_pid = (environ.pop(name, "") for name in ENVIRONMENT)
        if not address:
            return None
        return cls(address, _watchdog_usec(usec, watchdog_pid, pid))

    @property
    def ping_interval_ms(self) -> int | None:
        """How often to send WATCHDOG=1: a third of the timeout, so two pings fit in every
        timeout even when one is late. None without a watchdog."""
        if self.watchdog_usec is None:
            return None
        return max(1, self.watchdog_usec // 3000)

    def send(self, *lines: str) -> bool:
        """One datagram of `lines` ("READY=1", "STATUS=…"). True if it was sent; never raises."""
        message = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8")
        try:
            if self._socket is None:
                import socket  # noqa: PLC0415 - only a kiosk under systemd pays for it

                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                # A supervisor too busy to read must not freeze the screen: drop the message.
                self._socket.setblocking(False)
            self._socket.sendto(message, _socket_path(self.address))
        except OSError as exc:
            if not self._failed:
                self._failed = True
                log.warning("could not tell systemd %r through NOTIFY_SOCKET %s: %s; "
                            "further failures are not logged", lines[0] if lines else "",
                            self.address, exc)
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1", *([f"STATUS={status}"] if status else []))

    def ping(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1", "STATUS=stopping")

    def status(self, text: str) -> bool:
        return self.send(f"STATUS={text}")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _watchdog_usec(usec: str, watchdog_pid: str, pid: int) -> int | None:
    if watchdog_pid and watchdog_pid.strip() != str(pid):
        return None
    try:
        value = int(usec)
    except ValueError:
        return None
    return value if value > 0 else None


def _socket_path(address: str) -> str | bytes:
    if address.startswith("@"):
        return b"\0" + address[1:].encode("utf-8")
    return address
