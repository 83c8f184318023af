"""The real kiosk program on a display server the test started (headless sway, Xorg's dummy
driver), followed by its log; and a check that a screenshot shows something."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
# Still, so two screenshots can match pixel for pixel: no slideshow, no idle reset, no speech.
KIOSK_CONFIG = "read_aloud = false\nslideshow_after_s = 0\nidle_timeout_s = 86400\n"


def drawn(image: QImage) -> bool:
    """Not a blank screen (two blank pictures would match): many colours down its diagonal."""
    steps = 400
    colours = {image.pixel(image.width() * i // steps, image.height() * i // steps)
               for i in range(steps)}
    return len(colours) > 5


class LoggedKiosk:
    """`python -m kiosk` on the bundled content, with `env` naming the display."""

    def __init__(self, env: dict[str, str], folder: Path, name: str) -> None:
        config = folder / "kiosk.toml"
        config.write_text(KIOSK_CONFIG)
        self.log_path = folder / f"{name}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(config), "--content",
             str(REPO / "content")], env=env, cwd=REPO, stdout=self.log,
            stderr=subprocess.STDOUT)

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log_path.read_text().count(text) >= count:
                return
            assert self.process.poll() is None, self.log_path.read_text()
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared in the log:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
