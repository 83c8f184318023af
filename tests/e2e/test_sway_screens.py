"""The real `kiosk` program under a real Wayland compositor (sway's headless backend), its screen
turned to portrait and then replaced by another while it runs: what it shows must be, pixel for
pixel, what a kiosk started on that screen shows (docs/deployment.md, "When the screen
changes")."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest
from PySide6.QtGui import QImage

from helpers.screen_kiosk import LoggedKiosk, drawn

pytestmark = [pytest.mark.e2e, pytest.mark.needs("sway", "grim")]
SWAY_CONFIG = """\
output HEADLESS-1 mode {mode} scale 1
default_border none
xwayland disable
"""
# Nothing on screen that changes by itself: no slideshow, no idle reset, no read aloud.


def sway_user() -> pwd.struct_passwd | None:
    """sway will not run as root: as root, the compositor runs as `nobody` (the kiosk stays
    root and connects to its socket); as anyone else, as that user."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no `nobody` user for sway to run as "
                    "(sway refuses to run as root)")


@dataclass
class Compositor:
    runtime: Path
    socket: str
    process: subprocess.Popen[bytes]

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
        env.update(XDG_RUNTIME_DIR=str(self.runtime), WAYLAND_DISPLAY=self.socket,
                   QT_QPA_PLATFORM="wayland")
        sockets = sorted(self.runtime.glob("sway-ipc.*.sock"))
        if sockets:
            env["SWAYSOCK"] = str(sockets[0])
        return env

    def swaymsg(self, *command: str) -> None:
        result = subprocess.run(["swaymsg", *command], env=self.env(), capture_output=True,
                                text=True, timeout=30, check=False)
        assert result.returncode == 0, f"swaymsg {' '.join(command)}: {result.stdout}"

    def screenshot(self, path: Path, output: str) -> QImage:
        subprocess.run(["grim", "-o", output, str(path)], env=self.env(), check=True,
                       capture_output=True, timeout=30)
        image = QImage(str(path))
        assert not image.isNull(), path
        return image

    def settled_screenshot(self, path: Path, output: str) -> QImage:
        """A picture once two taken in a row agree: the kiosk has finished painting."""
        last = self.screenshot(path, output)
        for _ in range(40):
            time.sleep(0.25)
            image = self.screenshot(path, output)
            if image == last:
                return image
            last = image
        return last


@pytest.fixture
def compositors() -> Iterator[Callable[[str], Compositor]]:
    """Starts headless sways, each with one output in the given mode ("1920x1080")."""
    user = sway_user()
    started: list[tuple[Compositor, IO[bytes]]] = []

    def start(mode: str) -> Compositor:
        runtime = Path(tempfile.mkdtemp(prefix="kiosk-sway-"))  # /tmp: `nobody` reaches it
        (runtime / "sway.conf").write_text(SWAY_CONFIG.format(mode=mode))
        if user is not None:
            for path in (runtime, runtime / "sway.conf"):
                os.chown(path, user.pw_uid, user.pw_gid)
        runtime.chmod(0o700)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(runtime),
               "XDG_RUNTIME_DIR": str(runtime), "WLR_BACKENDS": "headless",
               "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman"}
        log = (runtime / "sway.log").open("wb")
        as_user: dict[str, Any] = {} if user is None else {
            "user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        process = subprocess.Popen(["sway", "-c", str(runtime / "sway.conf")], env=env,
                                   cwd=runtime, stdout=log, stderr=subprocess.STDOUT, **as_user)
        compositor = Compositor(runtime, "", process)
        started.append((compositor, log))
        deadline = time.monotonic() + 30
        while not list(runtime.glob("wayland-*.lock")) or not list(runtime.glob("sway-ipc.*")):
            assert process.poll() is None, (runtime / "sway.log").read_text()
            assert time.monotonic() < deadline, "sway did not start"
            time.sleep(0.1)
        compositor.socket = next(runtime.glob("wayland-*.lock")).name.removesuffix(".lock")
        return compositor

    yield start
    for compositor, log in started:
        compositor.process.terminate()
        compositor.process.wait(timeout=10)
        log.close()
        shutil.rmtree(compositor.runtime, ignore_errors=True)


def test_a_screen_turned_or_replaced_while_running_shows_what_a_fresh_start_shows(
        compositors: Callable[[str], Compositor], tmp_path: Path) -> None:
    compositor = compositors("1920x1080")
    running = LoggedKiosk(compositor.env(), tmp_path, "turned")
    try:
        running.wait_for_log("showing home")
        landscape = compositor.settled_screenshot(tmp_path / "landscape.png", "HEADLESS-1")
        compositor.swaymsg("output", "HEADLESS-1", "transform", "90")
        running.wait_for_log("screen changed: 1080x1920 at")
        turned = compositor.settled_screenshot(tmp_path / "turned.png", "HEADLESS-1")
        # A new monitor in another mode, and the kiosk moved onto it.
        compositor.swaymsg("create_output")
        compositor.swaymsg("output", "HEADLESS-2", "mode", "1280x800")
        compositor.swaymsg("[app_id=python3]", "move", "to", "output", "HEADLESS-2")
        compositor.swaymsg("[app_id=python3]", "fullscreen", "enable")
        running.wait_for_log("screen changed: 1280x800 at")
        moved = compositor.settled_screenshot(tmp_path / "moved.png", "HEADLESS-2")
    finally:
        running.stop()
    assert (landscape.width(), landscape.height()) == (1920, 1080)
    assert "laid out again" in running.log_path.read_text()

    # Kiosks started on those screens, each the only one of its compositor.
    fresh = {}
    for mode in ("1080x1920", "1280x800"):
        alone = compositors(mode)
        kiosk = LoggedKiosk(alone.env(), tmp_path, f"started-{mode}")
        try:
            kiosk.wait_for_log("showing home")
            fresh[mode] = alone.settled_screenshot(tmp_path / f"fresh-{mode}.png", "HEADLESS-1")
        finally:
            kiosk.stop()
    assert (turned.width(), turned.height()) == (1080, 1920)
    assert drawn(fresh["1080x1920"])
    assert turned == fresh["1080x1920"], f"{tmp_path}: turned.png and fresh-1080x1920.png"
    assert (moved.width(), moved.height()) == (1280, 800)
    assert drawn(fresh["1280x800"])
    assert moved == fresh["1280x800"], f"{tmp_path}: moved.png and fresh-1280x800.png"
