"""Saves screenshots of every kind of screen at the three reference sizes, for people to look at.

    python tests/screenshots.py [--content DIR] [--out screenshots/]

Not a test: it asserts nothing. Look at the PNGs it writes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk import paths  # noqa: E402
from kiosk.content import load_library  # noqa: E402
from kiosk.ui.factory import StaffAccess, build_kiosk  # noqa: E402
from kiosk.ui.staff import StaffInfo  # noqa: E402
from kiosk.ui.theme import Metrics  # noqa: E402

SIZES = ((1920, 1080), (1080, 1920), (1280, 800))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--content", type=Path, default=paths.bundled_content())
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--sizes", default="all")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    library = load_library(args.content).library
    assert library is not None
    for width, height in SIZES:
        staff = StaffAccess(
            info=lambda: StaffInfo("0.1.0", str(args.content), "2026-11-23 09:00:00", True,
                                   ["en/faq/10-x.md:3: error: unknown key `tittle`. Did you "
                                    "mean `title`?"], {"page_view": 120, "faq_open": 31}),
            check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
        kiosk = build_kiosk(app, library, Metrics.for_screen(width, height), 0, 0,
                            idle_timeout_s=3600, staff=staff)
        window = kiosk.window
        window.resize(width, height)
        window.show()
        lang = library.default
        shots = {"home": window.go_home}
        for section in lang.sections:
            for index in range(len(section.pages)):
                shots[f"{section.id}-{index + 1}"] = (
                    lambda s=section.id, i=index: window.open_section(s, i, animate=False))
        shots["faq"] = lambda: window.open_faq(animate=False)
        if lang.faq:
            shots["answer"] = lambda: window.open_answer(lang.faq[0].id, animate=False)
        shots["slideshow"] = kiosk.slideshow.start
        shots["still-reading"] = lambda w=window, k=kiosk: (
            k.slideshow.stop(), w.open_section(lang.sections[0].id, 1, animate=False),
            k.idle._idle())
        shots["pin-pad"] = lambda k=kiosk: (k.idle.note_activity(), k.pin_pad and k.pin_pad.open())
        shots["staff-panel"] = lambda k=kiosk: (k.pin_pad and k.pin_pad.close_pad(),
                                               k.staff_panel and k.staff_panel.open())
        for name, action in shots.items():
            action()
            app.processEvents()
            window.grab().save(str(args.out / f"{width}x{height}-{name}.png"))
        kiosk.dispose(app)
    print(f"screenshots written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
