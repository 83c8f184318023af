"""First frame painted, seen from outside the process: the X server's DAMAGE extension.

A watcher connects to the (Xvfb) display before the program starts and listens for top-level
windows being created on the root window. For each it creates a Damage object, and the first
DamageNotify on any of them is the moment the program's first drawing reached the X server:
Qt's raster backing store puts its first painted frame into the window (Qt creates its windows
with no background, so the server itself draws nothing there). Nothing is injected into the
measured program, so the same method times the bare window, the kiosk from source and the
packaged binary alike.

Only libX11 and libXdamage are needed (through ctypes); `available()` says whether they are.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
_CREATE_NOTIFY = 16
_DAMAGE_REPORT_NON_EMPTY = 3
_EVENT_SIZE = 192  # sizeof(XEvent): a union padded to 24 longs
_OFFSET_WINDOW = 40  # XCreateWindowEvent.window: after type, serial, send_event, display, parent
_OFFSET_DRAWABLE = 32  # XDamageNotifyEvent.drawable


def _load(name: str, soname: str) -> ctypes.CDLL | None:
    for candidate in (ctypes.util.find_library(name), soname):
        if candidate:
            try:
                return ctypes.CDLL(candidate)
            except OSError:
                continue
    return None


_X11 = _load("X11", "libX11.so.6")
_XDAMAGE = _load("Xdamage", "libXdamage.so.1")
_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


def _ignore_errors_py(_display: int, _event: int) -> int:
    # A window may be gone before we watch it (BadDrawable/BadWindow): not fatal here.
    return 0


# Wrapped by a call, not as a decorator: a CFUNCTYPE class is an untyped decorator to mypy.
# The module keeps the C callback alive for as long as Xlib may call it.
_ignore_errors = _ERROR_HANDLER(_ignore_errors_py)


if _X11 is not None:
    _X11.XOpenDisplay.restype = ctypes.c_void_p
    _X11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    _X11.XDefaultRootWindow.restype = ctypes.c_ulong
    _X11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    _X11.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
    _X11.XPending.argtypes = [ctypes.c_void_p]
    _X11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    _X11.XConnectionNumber.argtypes = [ctypes.c_void_p]
    _X11.XFlush.argtypes = [ctypes.c_void_p]
    _X11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    _X11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    _X11.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
    _X11.XSetErrorHandler.restype = ctypes.c_void_p
if _XDAMAGE is not None:
    _XDAMAGE.XDamageQueryExtension.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int),
                                               ctypes.POINTER(ctypes.c_int)]
    _XDAMAGE.XDamageCreate.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int]
    _XDAMAGE.XDamageCreate.restype = ctypes.c_ulong


def available() -> bool:
    return _X11 is not None and _XDAMAGE is not None


class FirstFrameWatcher:
    """Open before starting the program; `wait()` returns time.monotonic() of its first frame."""

    def __init__(self, display: str) -> None:
        if _X11 is None or _XDAMAGE is None:
            raise RuntimeError("libX11 or libXdamage is missing")
        self.x11, self.xdamage = _X11, _XDAMAGE
        self.dpy = self.x11.XOpenDisplay(display.encode())
        if not self.dpy:
            raise RuntimeError(f"cannot open display {display}")
        self.x11.XSetErrorHandler(_ignore_errors)
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not self.xdamage.XDamageQueryExtension(self.dpy, ctypes.byref(event_base),
                                                  ctypes.byref(error_base)):
            self.close()
            raise RuntimeError("the X server has no DAMAGE extension")
        self.damage_notify = event_base.value  # XDamageNotify is the extension's first event
        root = self.x11.XDefaultRootWindow(self.dpy)
        self.x11.XSelectInput(self.dpy, root, _SUBSTRUCTURE_NOTIFY_MASK)
        self.x11.XSync(self.dpy, 0)
        self.fd = self.x11.XConnectionNumber(self.dpy)
        self.event = ctypes.create_string_buffer(_EVENT_SIZE)
        self.windows: set[int] = set()

    def wait(self, timeout_s: float, alive: object = None) -> float | None:
        """Block until the first drawing in a new top-level window; None on timeout (or when
        `alive()` says the program has gone)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            while self.x11.XPending(self.dpy):
                self.x11.XNextEvent(self.dpy, self.event)
                kind = ctypes.c_int.from_buffer(self.event, 0).value & 0x7F
                if kind == _CREATE_NOTIFY:
                    window = ctypes.c_ulong.from_buffer(self.event, _OFFSET_WINDOW).value
                    self.windows.add(window)
                    self.xdamage.XDamageCreate(self.dpy, window, _DAMAGE_REPORT_NON_EMPTY)
                    self.x11.XFlush(self.dpy)
                elif kind == self.damage_notify:
                    drawable = ctypes.c_ulong.from_buffer(self.event, _OFFSET_DRAWABLE).value
                    if drawable in self.windows:
                        return time.monotonic()
            if callable(alive) and not alive():
                return None
            select.select([self.fd], [], [], 0.05)
        return None

    def close(self) -> None:
        if self.dpy:
            self.x11.XCloseDisplay(self.dpy)
            self.dpy = None


def start_xvfb(width: int = 1920, height: int = 1080) -> tuple[subprocess.Popen[bytes], str] | None:
    """A private Xvfb (no TCP), as the end-to-end tests start one: (process, ":N")."""
    import shutil
    import subprocess

    if not shutil.which("Xvfb"):
        return None
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-dpi", "96", "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        return None
    return server, f":{number}"
