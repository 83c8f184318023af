"""A small client for SSIP, speech-dispatcher's own text protocol, over its socket. No Qt and no
libspeechd: opening speech-dispatcher this way costs milliseconds, where Qt's speechd engine
spends ~1.8 s in libspeechd reading the voice list a byte per read() (docs/decisions/read-aloud.md).

The protocol (speech-dispatcher's doc/ssip.texi): commands are lines ending in CRLF. Every reply
is a block of lines `NNN-text`, ended by one line `NNN text` (a space after the code); codes
2xx mean success. Text to speak follows `SPEAK` (answered 230) as lines, a line starting with
"." gets a second "." and a line holding only "." ends it (answered 225 with the message's id).
Events (7xx), sent once notifications are on, are blocks of their own, `7NN-message id`,
`7NN-client id`, for an index mark `700-mark name`, and `7NN KIND`; they can come between a
command and its reply, so a reader thread sorts the two apart.

Every wait has a deadline: a dead or stopped speech-dispatcher shows as `SSIPError`, never as a
caller blocked for good.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

REPLY_TIMEOUT_S = 2.0  # a speech-dispatcher silent this long after a command is stuck
LIST_TIMEOUT_S = 15.0  # the voice list: ~0.3 s idle, seen at 1.6 s while another text is read
SPAWN_WAIT_S = 10.0  # after `speech-dispatcher --spawn`, keep trying to connect this long
DEFAULT_PORT = 6560  # speech-dispatcher's TCP port, for SPEECHD_ADDRESS=inet_socket


class SSIPError(Exception):
    """The conversation failed: no reply in time, an error reply, or the connection closed."""


class NoServerError(SSIPError):
    """speech-dispatcher could not be reached or started. `final`: it is not installed, so trying
    again cannot help."""

    def __init__(self, message: str, final: bool) -> None:
        super().__init__(message)
        self.final = final


@dataclass(frozen=True)
class Reply:
    code: int
    lines: tuple[str, ...]  # the text of every line but the last
    text: str  # the last line's text ("OK MESSAGE QUEUED")


@dataclass(frozen=True)
class Event:
    kind: str  # "begin", "end", "cancel", "pause", "resume", "index_mark", or the code
    message: int  # the message's id, as the 225 reply to its SPEAK gave it
    mark: str = ""  # an index mark's name


@dataclass(frozen=True)
class Voice:
    name: str  # "English (America)"
    language: str  # a BCP 47 tag as the module gives it: "en-US", "es-419"
    variant: str  # "none" for the voice itself; espeak-ng lists ~100 variants of each


@dataclass(frozen=True)
class Address:
    """Where speech-dispatcher listens: a Unix socket `path`, or `host` and `port`."""

    path: str = ""
    host: str = ""
    port: int = 0

    def __str__(self) -> str:
        return self.path or f"{self.host}:{self.port}"


_EVENTS = {700: "index_mark", 701: "begin", 702: "end", 703: "cancel", 704: "pause",
           705: "resume"}


def address(env: Mapping[str, str] | None = None) -> Address:
    """As libspeechd finds it: `SPEECHD_ADDRESS` (`unix_socket:PATH` or
    `inet_socket:HOST:PORT`), else `speech-dispatcher/speechd.sock` in the user's runtime
    folder: XDG_RUNTIME_DIR, else (as GLib falls back) the cache folder."""
    env = os.environ if env is None else env
    given = env.get("SPEECHD_ADDRESS", "").strip()
    method, _, rest = given.partition(":")
    if method == "inet_socket":
        host, _, port = rest.partition(":")
        return Address(host=host or "127.0.0.1", port=int(port) if port.isdigit() else
                       DEFAULT_PORT)
    if method == "unix_socket" and rest:
        return Address(path=rest)
    runtime = (env.get("XDG_RUNTIME_DIR") or env.get("XDG_CACHE_HOME")
               or str(Path(env.get("HOME") or Path.home()) / ".cache"))
    return Address(path=str(Path(runtime) / "speech-dispatcher" / "speechd.sock"))


def frame_text(text: str) -> bytes:
    """The data after SPEAK: CRLF lines, a second "." before a line starting with ".", and the
    lone "." that ends it (a line holding only "." would otherwise end the text early)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "".join(("." + line if line.startswith(".") else line) + "\r\n" for line in lines)
    return (body + ".\r\n").encode("utf-8")


def parse_voices(lines: Iterable[str]) -> list[Voice]:
    """The lines of a LIST SYNTHESIS_VOICES reply: `name TAB language TAB variant`."""
    voices = []
    for line in lines:
        name, _, rest = line.partition("\t")
        language, _, variant = rest.partition("\t")
        if name and language:
            voices.append(Voice(name, language, variant or "none"))
    return voices


class Connection:
    """One client connection. Replies go to the caller of `command`; events to `on_event`, and
    the connection's end (closed by the server, or broken) to `on_closed`, both called on the
    reader thread."""

    def __init__(self, sock: socket.socket, on_event: Callable[[Event], None],
                 on_closed: Callable[[str], None]) -> None:
        self.sock = sock
        self.on_event = on_event
        self.on_closed = on_closed
        self._replies: queue.Queue[Reply | str] = queue.Queue()
        self._lock = threading.Lock()  # one command and its reply at a time
        self._closing = False  # `close` was called: the end that follows is no failure
        self._dead = ""  # why no command can succeed any more
        # Reads wake up now and then, so `close` is noticed; sends give up after this long.
        sock.settimeout(0.5)
        self._reader = threading.Thread(target=self._read, name="ssip-reader", daemon=True)
        self._reader.start()

    def command(self, line: str, timeout: float = REPLY_TIMEOUT_S, data: bytes = b"") -> Reply:
        """Send one command (and `data` after its first reply); the final reply, or SSIPError."""
        with self._lock:
            reply = self._exchange(line.encode("utf-8") + b"\r\n", timeout)
            if data:
                if reply.code != 230:
                    raise SSIPError(f"{line}: {reply.code} {reply.text}")
                reply = self._exchange(data, timeout)
        if not 200 <= reply.code < 300:
            raise SSIPError(f"{line}: {reply.code} {reply.text}")
        return reply

    def speak(self, text: str) -> int:
        """Queue `text` for speaking; the message's id, which its events carry."""
        reply = self.command("SPEAK", data=frame_text(text))
        try:
            return int(reply.lines[0])
        except (IndexError, ValueError):
            raise SSIPError(f"SPEAK: no message id in {reply}") from None

    def voices(self) -> list[Voice]:
        return parse_voices(self.command("LIST SYNTHESIS_VOICES", LIST_TIMEOUT_S).lines)

    def close(self) -> None:
        """Say goodbye if the server still listens, and end the connection."""
        if self._closing:
            return
        self._closing = True
        with contextlib.suppress(SSIPError):
            self.command("QUIT", timeout=0.5)
        self.sock.close()

    def _exchange(self, payload: bytes, timeout: float) -> Reply:
        if self._dead:
            raise SSIPError(self._dead)
        try:
            self.sock.sendall(payload)
        except OSError as exc:
            self._dead = f"sending to speech-dispatcher failed: {exc}"
            raise SSIPError(self._dead) from exc
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            # A late reply would be taken for the next command's: this connection is done.
            self._dead = f"speech-dispatcher gave no answer in {timeout:g} s"
            raise SSIPError(self._dead) from None
        if isinstance(reply, str):
            self._dead = reply
            raise SSIPError(reply)
        return reply

    def _read(self) -> None:
        buffer = b""
        block: list[str] = []
        why = "speech-dispatcher closed the connection"
        while True:
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError as exc:
                why = f"the connection to speech-dispatcher broke: {exc}"
                break
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\r\n")
            for raw in lines:
                line = raw.decode("utf-8", errors="replace")
                block.append(line)
                if len(line) >= 4 and line[3] == " ":
                    self._deliver(block)
                    block = []
                elif not (len(line) >= 4 and line[3] == "-" and line[:3].isdigit()):
                    log.debug("SSIP: ignored a line that is not a reply: %r", line[:200])
                    block.pop()
        self._replies.put(why)
        if not self._closing:
            self.on_closed(why)

    def _deliver(self, block: list[str]) -> None:
        code = int(block[-1][:3]) if block[-1][:3].isdigit() else 0
        texts = [line[4:] for line in block[:-1]]
        if 700 <= code < 800:
            try:
                message = int(texts[0])
            except (IndexError, ValueError):
                return
            mark = texts[2] if code == 700 and len(texts) > 2 else ""
            self.on_event(Event(_EVENTS.get(code, str(code)), message, mark))
        else:
            self._replies.put(Reply(code, tuple(texts), block[-1][4:]))


def _open_socket(where: Address, timeout: float) -> socket.socket:
    if where.path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(where.path)
        except OSError:
            sock.close()
            raise
        return sock
    return socket.create_connection((where.host, where.port), timeout=timeout)


def spawn_command(where: Address) -> list[str]:
    return ["speech-dispatcher", "--spawn", "--communication-method", "unix_socket",
            "--socket-path", where.path]


def connect(where: Address, on_event: Callable[[Event], None],
            on_closed: Callable[[str], None], spawn: bool = True,
            spawn_wait: float = SPAWN_WAIT_S) -> Connection:
    """Connect; if nothing listens on a Unix socket, start speech-dispatcher once (as libspeechd
    does: `--spawn`, which does nothing where autospawn is turned off) and keep trying for
    `spawn_wait` seconds. NoServerError if it cannot be reached."""
    try:
        return Connection(_open_socket(where, REPLY_TIMEOUT_S), on_event, on_closed)
    except OSError as exc:
        first = exc
    if not (spawn and where.path):
        raise NoServerError(f"cannot connect to speech-dispatcher at {where}: {first}", final=False)
    command = spawn_command(where)
    try:
        started = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, timeout=spawn_wait, check=False)
    except FileNotFoundError:
        raise NoServerError("speech-dispatcher is not installed (no `speech-dispatcher` program); "
                       "on Linux install speech-dispatcher and espeak-ng", final=True) from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NoServerError(f"starting speech-dispatcher failed: {exc}", final=False) from exc
    said = started.stderr.decode("utf-8", errors="replace").strip()
    if said:
        log.debug("speech-dispatcher --spawn: %s", said[-500:])
    deadline = time.monotonic() + spawn_wait
    while True:
        try:
            return Connection(_open_socket(where, REPLY_TIMEOUT_S), on_event, on_closed)
        except OSError as exc:
            if time.monotonic() > deadline:
                raise NoServerError(f"speech-dispatcher did not start at {where} ({exc}; "
                               f"`speech-dispatcher --spawn` exited {started.returncode}"
                               f"{': ' + said[-300:] if said else ''})", final=False) from exc
        time.sleep(0.02)
