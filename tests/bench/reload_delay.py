"""How long a saved edit takes to reach the screen, with the kiosk's default watcher settings.

    python tests/bench/reload_delay.py [--runs 10]

Prints JSON: the delay from writing a page to the new library reaching the window, in ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.app.watcher import ContentWatcher
from kiosk.core import paths


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        shutil.copytree(paths.bundled_content(), folder)
        watcher = ContentWatcher(folder)  # default debounce, settle and scan
        watcher.start()
        page = next(folder.glob("en/*/10-*.md"))
        original = page.read_text(encoding="utf-8")
        delays = []
        for run in range(args.runs):
            loop = QEventLoop()
            watcher.library_ready.connect(loop.quit)
            QTimer.singleShot(10_000, loop.quit)
            started = time.perf_counter()
            page.write_text(original + f"\nEdit number {run}.\n", encoding="utf-8")
            loop.exec()
            delays.append((time.perf_counter() - started) * 1000)
            watcher.library_ready.disconnect(loop.quit)
        watcher.stop()
    print(json.dumps({"edit_to_library_ms": {
        "runs": len(delays), "median": round(statistics.median(delays)),
        "max": round(max(delays)), "min": round(min(delays))}}))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
