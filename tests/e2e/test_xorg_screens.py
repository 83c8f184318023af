"""The real `kiosk` program on a real X server with no window manager (the deployment the docs
recommend), its screen's mode changed with xrandr while it runs and switched off and on again:
what it shows must be, pixel for pixel, what a kiosk started in that mode shows. Xvfb cannot
change modes; Xorg's dummy driver can."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from helpers.screen_kiosk import LoggedKiosk, drawn

pytestmark = [pytest.mark.e2e, pytest.mark.needs("xorg-dummy", "xrandr", "imagemagick")]
OUTPUT = "DUMMY0"
XORG_CONFIG = """\
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "AutoEnableDevices" "false"
EndSection
Section "Monitor"
  Identifier "Monitor0"
  HorizSync 5.0 - 1000.0
  VertRefresh 5.0 - 200.0
  Modeline "1920x1080" 148.50 1920 2008 2052 2200 1080 1084 1089 1125 +hsync +vsync
  Modeline "1080x1920" 148.50 1080 1168 1212 1360 1920 1924 1929 1965 +hsync +vsync
EndSection
Section "Device"
  Identifier "Card0"
  Driver "dummy"
  VideoRam 256000
EndSection
Section "Screen"
  Identifier "Screen0"
  Device "Card0"
  Monitor "Monitor0"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 1920 1920
    Modes "{first}" "1920x1080" "1080x1920"
  EndSubSection
EndSection
"""


class XServer:
    def __init__(self, folder: Path, first_mode: str) -> None:
        if os.geteuid() != 0:
            pytest.skip("Xorg (with the dummy driver) starts only as root here")
        folder.mkdir(parents=True, exist_ok=True)
        config = folder / "xorg.conf"
        config.write_text(XORG_CONFIG.format(first=first_mode))
        read_fd, write_fd = os.pipe()
        self.process = subprocess.Popen(
            ["Xorg", "-displayfd", str(write_fd), "-config", str(config), "-noreset",
             "-nolisten", "tcp", "-logfile", str(folder / "xorg.log")],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        assert number, (folder / "xorg.log").read_text()
        self.name = f":{number}"
        self.xrandr("--output", OUTPUT, "--mode", first_mode, "--fb", first_mode)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env["DISPLAY"] = self.name
        return env

    def xrandr(self, *args: str) -> None:
        subprocess.run(["xrandr", *args], env=self.env(), check=True, capture_output=True,
                       timeout=30)

    def screenshot(self, path: Path) -> QImage:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env(), check=True,
                       capture_output=True, timeout=60)
        image = QImage(str(path))
        assert not image.isNull(), path
        return image

    def settled_screenshot(self, path: Path) -> QImage:
        """A picture once two taken in a row agree: the kiosk has finished painting."""
        last = self.screenshot(path)
        for _ in range(40):
            time.sleep(0.25)
            image = self.screenshot(path)
            if image == last:
                return image
            last = image
        return last

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[XServer]]:
    started: list[XServer] = []
    yield started
    for server in started:
        server.stop()


def test_a_mode_change_and_a_power_cycle_under_x_show_what_a_fresh_start_shows(
        servers: list[XServer], tmp_path: Path) -> None:
    server = XServer(tmp_path / "x-running", "1920x1080")
    servers.append(server)
    running = LoggedKiosk(server.env(), tmp_path, "running")
    try:
        running.wait_for_log("showing home")
        server.xrandr("--output", OUTPUT, "--mode", "1080x1920", "--fb", "1080x1920")
        running.wait_for_log("screen changed: 1080x1920 at")
        turned = server.settled_screenshot(tmp_path / "turned.png")
        # Switched off and on again, as a monitor is at night: the kiosk waits, then comes back.
        server.xrandr("--output", OUTPUT, "--off")
        time.sleep(1)
        server.xrandr("--output", OUTPUT, "--mode", "1080x1920", "--fb", "1080x1920")
        running.wait_for_log("screen changed: 1080x1920 at", count=2)
        cycled = server.settled_screenshot(tmp_path / "power-cycled.png")
        assert running.process.poll() is None
    finally:
        running.stop()

    fresh_server = XServer(tmp_path / "x-fresh", "1080x1920")
    servers.append(fresh_server)
    started = LoggedKiosk(fresh_server.env(), tmp_path, "started")
    try:
        started.wait_for_log("showing home")
        fresh = fresh_server.settled_screenshot(tmp_path / "fresh.png")
    finally:
        started.stop()
    assert (fresh.width(), fresh.height()) == (1080, 1920)
    assert drawn(fresh)
    assert turned == fresh, f"{tmp_path}: turned.png and fresh.png"
    assert cycled == fresh, f"{tmp_path}: power-cycled.png and fresh.png"
