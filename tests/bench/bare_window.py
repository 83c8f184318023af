"""The reference every benchmark figure is divided by: a bare PySide6 full-screen window holding
a QTextBrowser and nothing else.

    python tests/bench/bare_window.py [--windowed]

It shows one page of plain HTML (the words of the bundled content's first page, read with plain
Python: no Markdown library, no kiosk code) and then does nothing until it is closed or sent
SIGTERM. Started as its own process by run.py, exactly as the kiosk is.
"""

from __future__ import annotations

import html
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QTextBrowser

CONTENT = Path(__file__).resolve().parents[2] / "content"


def page_htmls() -> list[str]:
    """Every English page of the bundled content as plain paragraphs (no Markdown library)."""
    pages = []
    for path in sorted(CONTENT.glob("en/*/[0-9]*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        pages.append("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    return pages or ["<p>" + "A short line of text. " * 40 + "</p>"]


def sample_html() -> str:
    """A page's worth of text, so the reference draws words as the kiosk does."""
    return page_htmls()[0]


def quit_on_sigterm(app: QApplication) -> None:
    """SIGTERM quits the event loop cleanly, as the kiosk does (a pipe wakes Qt's loop)."""
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    os.set_blocking(read_fd, False)
    signal.set_wakeup_fd(write_fd)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda *_: os.read(read_fd, 64))


def main() -> int:
    app = QApplication(sys.argv[:1])
    quit_on_sigterm(app)
    browser = QTextBrowser()
    browser.setWindowTitle("Bare window")
    browser.setHtml(sample_html())
    if "--windowed" in sys.argv:
        browser.resize(browser.screen().size())  # as `kiosk --windowed` opens
        browser.show()
    else:
        browser.setGeometry(browser.screen().geometry())
        browser.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
