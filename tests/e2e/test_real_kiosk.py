"""The real `kiosk` program on a real X server (Xvfb), tapped with real input (xdotool)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# An X server, input and screenshots; missing ones skip (or fail on CI): tests/conftest.py.
pytestmark = [pytest.mark.e2e, pytest.mark.needs("xvfb", "xdotool", "imagemagick")]


@dataclass
class Display:
    name: str
    width: int
    height: int

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["DISPLAY"] = self.name
        return env


@pytest.fixture
def display(tmp_path: Path) -> Iterator[Display]:
    """A fresh X server of the reference size, listening on no network port."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24",
         "-nolisten", "tcp", "-dpi", "96", "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    yield Display(f":{number}", 1920, 1080)
    server.terminate()
    server.wait(timeout=10)


class RunningKiosk:
    def __init__(self, display: Display, log_path: Path, *args: str,
                 prefix: tuple[str, ...] = ()) -> None:
        self.display = display
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "kiosk", *args], env=display.env(), cwd=REPO,
            stdout=self.log, stderr=subprocess.STDOUT,
        )

    def xdotool(self, *args: str) -> str:
        return subprocess.run(["xdotool", *args], env=self.display.env(), check=True,
                              capture_output=True, text=True, timeout=90).stdout

    def wait_for_log(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log_path.read_text():
                return
            assert self.process.poll() is None, self.log_path.read_text()
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared in the log:\n{self.log_path.read_text()}")

    def wait_for_window(self) -> None:
        """Until the window is on screen: taps before that would land on the bare root."""
        self.wait_for_log("showing home", timeout=60)
        self.xdotool("search", "--sync", "--onlyvisible", "--name", "Waiting Room Kiosk")
        time.sleep(0.5)

    def tap(self, x: int, y: int) -> None:
        self.xdotool("mousemove", str(x), str(y), "click", "1")

    def swipe(self, x0: int, x1: int, y: int) -> None:
        self.xdotool("mousemove", str(x0), str(y), "mousedown", "1")
        steps = 10
        for step in range(1, steps + 1):
            self.xdotool("mousemove", str(x0 + (x1 - x0) * step // steps), str(y))
            time.sleep(0.02)
        self.xdotool("mouseup", "1")

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", "root", str(path)], env=self.display.env(),
                       check=True, timeout=30)
        return path

    def stop(self, stop_signal: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            # Under strace the kiosk is strace's child: signal it, as a supervisor would.
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            pids = children.read_text().split() if children.exists() else []
            target = int(pids[0]) if pids and "strace" in str(self.process.args) \
                else self.process.pid
            os.kill(target, stop_signal)
        code = self.process.wait(timeout=30)
        self.log.close()
        return code


def pixel(path: Path, x: int, y: int) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull()
    return image.pixelColor(x, y).name()


def changed_fraction(a: Path, b: Path) -> float:
    from PySide6.QtGui import QImage

    first, second = QImage(str(a)), QImage(str(b))
    step = 8
    total = changed = 0
    for y in range(0, first.height(), step):
        for x in range(0, first.width(), step):
            total += 1
            changed += first.pixel(x, y) != second.pixel(x, y)
    return changed / total


@pytest.fixture
def kiosk(display: Display, tmp_path: Path) -> Iterator[RunningKiosk]:
    running = RunningKiosk(display, tmp_path / "kiosk.log", "--content", str(REPO / "content"))
    yield running
    running.stop()


def test_kiosk_fills_the_screen_and_taps_turn_pages(kiosk: RunningKiosk, tmp_path: Path) -> None:
    """Started for real, the kiosk covers the whole screen; tapping a tile opens a section,
    tapping Next shows page 2, a swipe turns back, and Home goes home."""
    kiosk.wait_for_log("showing home")
    window = kiosk.xdotool("search", "--sync", "--onlyvisible", "--name", "Waiting Room Kiosk")
    geometry = kiosk.xdotool("getwindowgeometry", "--shell", window.split()[0])
    assert "WIDTH=1920" in geometry and "HEIGHT=1080" in geometry, geometry
    time.sleep(0.5)
    home = kiosk.screenshot(tmp_path / "home.png")
    # The window, not the X server's black root, is what shows in every corner.
    for x, y in ((2, 2), (1917, 2), (2, 1077), (1917, 1077)):
        assert pixel(home, x, y) != "#000000", (x, y)

    kiosk.tap(300, 450)  # the first tile, "Before the day", under the main message
    kiosk.wait_for_log("showing section before 1")
    time.sleep(0.5)
    page_one = kiosk.screenshot(tmp_path / "page1.png")
    assert changed_fraction(home, page_one) > 0.05

    kiosk.tap(1800, 940)  # Next, bottom right
    kiosk.wait_for_log("showing section before 2")
    time.sleep(0.5)
    page_two = kiosk.screenshot(tmp_path / "page2.png")
    assert changed_fraction(page_one, page_two) > 0.01

    kiosk.swipe(700, 1300, 500)  # finger moves right: back to page 1
    deadline = time.monotonic() + 30
    while kiosk.log_path.read_text().count("showing section before 1") < 2:
        assert time.monotonic() < deadline, kiosk.log_path.read_text()
        time.sleep(0.1)
    kiosk.tap(110, 75)  # Home, top left
    deadline = time.monotonic() + 30
    while kiosk.log_path.read_text().count("showing home") < 2:
        assert time.monotonic() < deadline, kiosk.log_path.read_text()
        time.sleep(0.1)
    assert kiosk.stop() == 0


def mapped_files(pid: int) -> set[str]:
    """The names of the files a process has mapped: its shared libraries and modules."""
    maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8").splitlines()
    return {Path(line.split()[5]).name for line in maps if len(line.split()) > 5}


def test_a_kiosk_at_rest_carries_no_library_only_staff_or_a_network_would_use(
    kiosk: RunningKiosk,
) -> None:
    """At rest on home, after the full content check and after a visit, the kiosk holds none
    of the libraries it has no use for there: OpenSSL's libcrypto (about 3.5 MB: the content
    fingerprints use Python's own SHA-256; only a staff PIN check loads it) and the socket and
    pickle modules `logging.handlers` would bring (about 1.2 MB)."""
    kiosk.wait_for_window()
    kiosk.wait_for_log("content reloaded from")  # the full check has run and the folder watched
    kiosk.tap(300, 450)  # a visit: a section opened, then home again
    kiosk.wait_for_log("showing section before 1")
    kiosk.tap(110, 75)
    deadline = time.monotonic() + 30
    while kiosk.log_path.read_text().count("showing home") < 2:
        assert time.monotonic() < deadline, kiosk.log_path.read_text()
        time.sleep(0.1)
    names = mapped_files(kiosk.process.pid)
    assert any(name.startswith("libQt6Widgets") for name in names)  # the probe sees libraries
    unwanted = sorted(name for name in names
                      if name.startswith(("libcrypto", "libssl", "_hashlib", "_socket.",
                                          "_pickle.")))
    assert unwanted == []
    assert kiosk.stop() == 0


def test_a_tapped_link_opens_its_page_and_back_returns(
    display: Display, tmp_path: Path, make_content: Callable[..., Path],
) -> None:
    """A link on a line of its own is a button a real tap opens; Back returns. The log says
    each step (IT and these tests follow the screen by it)."""
    dates = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
    folder = make_content({"en/10-first/10-one.md": (
        f"---\ntitle: Page one\n{dates}---\n"
        "[The only page of the second topic](../20-second/10-only.md)\n\n"
        "You read page one. It is short.\n")})
    kiosk = RunningKiosk(display, tmp_path / "kiosk.log", "--content", str(folder))
    try:
        kiosk.wait_for_window()
        kiosk.tap(300, 300)  # the first tile
        kiosk.wait_for_log("showing section first 1")
        time.sleep(0.5)
        kiosk.tap(960, 280)  # the link button: the page's first paragraph, across the column
        kiosk.wait_for_log("link from section first 1 to section second 1")
        kiosk.wait_for_log("showing section second 1")
        time.sleep(0.5)
        kiosk.tap(120, 940)  # Back, bottom left
        kiosk.wait_for_log("back from link to section first 1")
    finally:
        assert kiosk.stop() == 0
    assert kiosk.log_path.read_text().count("showing section first 1") == 2


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_sigterm_and_sigint_quit_cleanly(kiosk: RunningKiosk, stop_signal: int) -> None:
    """IT's supervisor stops the kiosk with SIGTERM (or Ctrl+C, SIGINT): it logs it, exits 0."""
    kiosk.wait_for_window()
    assert kiosk.stop(stop_signal) == 0  # stop() gives up (and fails) if the kiosk hangs
    log = kiosk.log_path.read_text()
    assert "signal received; quitting" in log and "kiosk stopped (exit 0)" in log
    assert "Traceback" not in log


def test_second_instance_on_the_same_display_exits_non_zero(
    kiosk: RunningKiosk, display: Display
) -> None:
    """A second start on the same screen says so and exits 4; the first keeps running."""
    kiosk.wait_for_log("showing home")
    second = subprocess.run([sys.executable, "-m", "kiosk", "--content", str(REPO / "content")],
                            env=display.env(), cwd=REPO, capture_output=True, text=True,
                            timeout=60, check=False)
    assert second.returncode == 4
    assert "already running" in second.stderr
    assert kiosk.process.poll() is None


@pytest.mark.needs("strace")
def test_the_running_kiosk_opens_no_internet_socket(display: Display, tmp_path: Path) -> None:
    """Traced for every socket it creates while patients tap around: never AF_INET(6)."""
    trace = tmp_path / "trace.txt"
    # Read aloud off: under strace the speech daemon it starts is slowed so much that opening
    # the engine holds up the first taps; its socket is a local (AF_UNIX) one in any case.
    config = tmp_path / "kiosk.toml"
    config.write_text("read_aloud = false\n", encoding="utf-8")
    kiosk = RunningKiosk(display, tmp_path / "kiosk.log", "--content", str(REPO / "content"),
                         "--config", str(config),
                         prefix=("strace", "-f", "-qq", "-e", "trace=socket,connect",
                                 "-o", str(trace)))
    try:
        kiosk.wait_for_window()
        kiosk.tap(300, 450)  # the first tile, under the main message
        kiosk.wait_for_log("showing section", timeout=30)
        kiosk.tap(1800, 940)
        kiosk.tap(110, 75)
        time.sleep(1)
    finally:
        assert kiosk.stop() == 0
    calls = trace.read_text()
    assert "socket(" in calls, "strace saw no socket calls at all: the trace did not work"
    assert "AF_INET" not in calls, [line for line in calls.splitlines() if "AF_INET" in line]


def speech_worker_pid(kiosk: RunningKiosk) -> int:
    """The read-aloud worker's process id, once it has reported in with the platform's engine."""
    kiosk.wait_for_log("read aloud uses the ssip speech engine", timeout=60)
    found = re.search(r"read aloud uses .*worker pid (\d+)", kiosk.log_path.read_text())
    assert found, kiosk.log_path.read_text()
    return int(found.group(1))


def wait_gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while Path(f"/proc/{pid}").exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.needs("libpulse", "speech-dispatcher")
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["TERM", "KILL"])
def test_the_speech_worker_never_outlives_the_kiosk(kiosk: RunningKiosk,
                                                     stop_signal: int) -> None:
    """Read aloud runs in a child process with speech-dispatcher's engine, started by a visit's
    first touch; stopped cleanly or killed outright, the kiosk leaves no worker behind."""
    kiosk.wait_for_window()
    kiosk.tap(300, 450)  # the first tile: a visit begins, and with it the worker
    worker = speech_worker_pid(kiosk)
    assert b"speech-worker" in Path(f"/proc/{worker}/cmdline").read_bytes()
    code = kiosk.stop(stop_signal)
    assert code == (0 if stop_signal == signal.SIGTERM else -signal.SIGKILL)
    assert wait_gone(worker), f"the speech worker {worker} outlived the kiosk"
    assert "read aloud is off" not in kiosk.log_path.read_text()
