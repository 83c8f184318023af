"""Which parts of the machine outside Python the tests can use: shared libraries, programs and
a sound server, each named with the Debian package that provides it.

A test that needs one says so with a marker, `@pytest.mark.needs("xdotool")` (or in
`pytestmark`); tests/conftest.py skips it when the part is missing, with a reason that names
the package ("needs libpulse.so.0 (Debian package libpulse0)"). On CI (`CI` set) a missing part
fails the test instead: CI installs them all (.ci/run), so a skip there would hide a gap.

`KIOSK_TEST_PRETEND_MISSING=libpulse0,xdotool` (part names or package names, comma-separated)
makes this module report those parts missing, to check that their tests skip quickly and say
why, on a machine that has them all (tests/README.md).
"""

from __future__ import annotations

import ctypes
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

PRETEND_VARIABLE = "KIOSK_TEST_PRETEND_MISSING"
_DUMMY_DRIVER = "/usr/lib/xorg/modules/drivers/dummy_drv.so"


def _library(soname: str) -> Callable[[], bool]:
    def loads() -> bool:
        if not sys.platform.startswith("linux"):
            return True  # Qt needs these Linux libraries on Linux only
        try:
            ctypes.CDLL(soname)
        except OSError:
            return False
        return True

    return loads


def _programs(*names: str) -> Callable[[], bool]:
    return lambda: all(shutil.which(name) for name in names)


def _pulse_server() -> bool:
    """A PulseAudio (or PipeWire-Pulse) server answers: speech needs an audio output to end."""
    if not shutil.which("pactl"):
        return False
    try:
        return subprocess.run(["pactl", "info"], capture_output=True, timeout=10,
                              check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@dataclass(frozen=True)
class Part:
    name: str  # what tests put in @pytest.mark.needs(...)
    what: str  # what the test needs, for the skip reason
    packages: tuple[str, ...]  # the Debian package(s) that provide it
    present: Callable[[], bool]
    hint: str = ""

    @property
    def reason(self) -> str:
        plural = "s" if len(self.packages) > 1 else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"needs {self.what} (Debian package{plural} {', '.join(self.packages)}{hint})"


PARTS = {part.name: part for part in (
    # QtTextToSpeech (every engine, the mock one included) links QtMultimedia, which links it.
    Part("libpulse", "libpulse.so.0", ("libpulse0",), _library("libpulse.so.0")),
    # Qt's speechd engine plugin ships in the wheel, but needs the daemon and its library.
    Part("speech-dispatcher", "speech-dispatcher and libspeechd.so.2", ("speech-dispatcher",),
         lambda: _programs("speech-dispatcher")() and _library("libspeechd.so.2")()),
    Part("espeak-ng", "the espeak-ng voice", ("espeak-ng", "speech-dispatcher-espeak-ng"),
         _programs("espeak-ng")),
    Part("pulse-server", "a running PulseAudio server (`pactl info` answers)",
         ("pulseaudio", "pulseaudio-utils"), _pulse_server, "start it with `pulseaudio -D`"),
    # PulseAudio's player: the check screen's sound test plays its tone with it.
    Part("paplay", "paplay", ("pulseaudio-utils",), _programs("paplay")),
    Part("xvfb", "Xvfb", ("xvfb",), _programs("Xvfb")),
    Part("xdotool", "xdotool", ("xdotool",), _programs("xdotool")),
    Part("imagemagick", "ImageMagick's `import`", ("imagemagick",), _programs("import")),
    # A Wayland compositor with a headless backend, to change the screen under a running kiosk.
    Part("sway", "sway and swaymsg", ("sway",), _programs("sway", "swaymsg")),
    Part("grim", "grim (Wayland screenshots)", ("grim",), _programs("grim")),
    # A real X server whose mode can change (Xvfb's cannot), and the tool that changes it.
    Part("xorg-dummy", "Xorg and its dummy video driver",
         ("xserver-xorg-core", "xserver-xorg-video-dummy"),
         lambda: _programs("Xorg")() and os.path.exists(_DUMMY_DRIVER)),
    Part("xrandr", "xrandr", ("x11-xserver-utils",), _programs("xrandr")),
    Part("strace", "strace", ("strace",), _programs("strace")),
    Part("systemd-analyze", "systemd-analyze", ("systemd",), _programs("systemd-analyze")),
    # Prometheus's checker for the metrics file; Debian ships it in the server's package.
    Part("promtool", "promtool", ("prometheus",), _programs("promtool")),
    Part("binutils", "`as` and `ld`", ("binutils",), _programs("as", "ld")),
    # Carry content edits into a running kiosk's folder (tests/e2e/test_sync.py).
    Part("rsync", "rsync", ("rsync",), _programs("rsync")),
    Part("syncthing", "syncthing", ("syncthing",), _programs("syncthing")),
)}


def pretended_missing() -> frozenset[str]:
    """The part names KIOSK_TEST_PRETEND_MISSING names, by part or by package."""
    words = {w.strip() for w in os.environ.get(PRETEND_VARIABLE, "").split(",") if w.strip()}
    chosen = {p.name for p in PARTS.values() if words & {p.name, *p.packages}}
    known = {n for p in PARTS.values() for n in (p.name, *p.packages)}
    if words - known:
        raise ValueError(f"{PRETEND_VARIABLE}: no part or package named "
                         f"{', '.join(sorted(words - known))}; parts: {', '.join(PARTS)}")
    return frozenset(chosen)


@functools.cache
def really_present(name: str) -> bool:
    """True if the part is on this machine, whatever KIOSK_TEST_PRETEND_MISSING says."""
    if name not in PARTS:
        raise KeyError(f"no system part {name!r}; known: {', '.join(PARTS)}")
    return PARTS[name].present()


def present(name: str) -> bool:
    """True if the part is on this machine and not pretended missing."""
    return really_present(name) and name not in pretended_missing()


def missing_reason(*names: str) -> str | None:
    """The skip reason for the first missing part of `names`, or None if all are present."""
    for name in names:
        if not present(name):
            return PARTS[name].reason
    return None
