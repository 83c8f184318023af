"""A patient's first Listen: how long from the press to speech starting, in the real kiosk with
the platform's speech engine (speech-dispatcher and espeak-ng on Linux).

    python tests/bench/listen.py [--rest S] [--out FILE]

In this process, offscreen at 1920×1080: the kiosk as `build_kiosk` makes it (read aloud on, the
default engine, no slideshow or idle reset), left at rest on home for `--rest` seconds or until
its speech engine reports in, whichever is first (a kiosk that starts its worker at start-up has
it ready by then; one that starts it per visit has none). Then a patient: `QTest.mouseClick` on
the first tile (through the kiosk's input filters, as a touch), Listen pressed the moment it shows
on the page (the hurried patient: the worst case), and the clock stops when the worker reports
"speaking" (speech-dispatcher has begun the text). One pass per process, so every pass meets a
cold start: run.py runs it several times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))  # the kiosk of this checkout, whichever is installed

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.content import load_library  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.ui.factory import build_kiosk  # noqa: E402
from kiosk.ui.theme import Metrics  # noqa: E402

SIZE = (1920, 1080)


def wait(app: QApplication, condition: Callable[[], bool], timeout_s: float) -> float | None:
    """Run the event loop until `condition` holds: the time it did, or None at the timeout."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return None
        app.processEvents()
        time.sleep(0.001)
    return time.monotonic()


def sink_inputs() -> int | None:
    """Streams playing into the sound server now (`pactl list short sink-inputs`)."""
    try:
        shown = subprocess.run(["pactl", "list", "short", "sink-inputs"], capture_output=True,
                               text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if shown.returncode != 0:
        return None
    return len([line for line in shown.stdout.splitlines() if line.strip()])


def speech_service_running() -> bool:
    """Whether a speech-dispatcher runs (it quits a few seconds after its last client left)."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().startswith("speech-dispatch"):
                return True
        except OSError:
            continue
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rest", type=float, default=8.0)
    parser.add_argument("--out")
    args = parser.parse_args()
    app = QApplication([sys.argv[0], "-platform", "offscreen"])
    library = load_library(REPO / "content").library
    assert library is not None
    settings = Settings(slideshow_after_s=0, idle_timeout_s=0)
    kiosk = build_kiosk(app, library, Metrics.for_screen(*SIZE), settings)
    window = kiosk.window
    window.resize(*SIZE)
    window.show()
    speaker = window.listen_bar.speaker
    assert speaker is not None and window.home is not None
    result: dict[str, object] = {}
    wait(app, lambda: speaker.available, args.rest)
    result["engine_ready_at_rest"] = speaker.available
    result["speech_service_running_at_rest"] = speech_service_running()
    tapped = time.monotonic()
    QTest.mouseClick(window.home.tiles[0], Qt.MouseButton.LeftButton)
    listen, stop = window.listen_bar.listen, window.listen_bar.stop_button
    shown = wait(app, listen.isVisible, 60)
    if shown is None:
        result["error"] = f"Listen never showed: {speaker.reason}"
    else:
        result["listen_shown_after_tap_s"] = shown - tapped
        pressed = time.monotonic()
        QTest.mouseClick(listen, Qt.MouseButton.LeftButton)
        speaking = wait(app, lambda: speaker.state == "speaking", 60)
        result["first_listen_to_speech_s"] = None if speaking is None else speaking - pressed
        result["sink_inputs_while_speaking"] = sink_inputs()
        QTest.mouseClick(stop, Qt.MouseButton.LeftButton)
        wait(app, lambda: speaker.state == "idle", 30)
    kiosk.dispose(app)
    text = json.dumps(result)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
