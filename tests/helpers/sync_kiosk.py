"""The real kiosk (offscreen) on a content folder that a real sync tool writes into, and the
edit the sync tests carry: what changed, and which states of the folder the kiosk showed.

The kiosk logs `content reloaded from FOLDER (…); fingerprint F` for every load it puts on
screen, F being the start of `last_good.fingerprint` of the folder it loaded; a test compares
those with the fingerprints of the folder before and after the sync.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

from kiosk.core.metrics import content_fingerprint

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "content"
DATES = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
PICTURE = "zz-sync-picture.png"  # last in its folder: copied after the page that shows it
NEW_TITLE = "Synced title"


class OffscreenKiosk:
    """`python -m kiosk --content FOLDER` on the offscreen platform, its log in a file."""

    def __init__(self, folder: Path, log_path: Path) -> None:
        self.folder = folder
        self.log_path = log_path
        self._log = log_path.open("w")
        # A runtime folder of its own: the one-kiosk-per-display lock lives there, and every
        # offscreen kiosk is on the same (no) display.
        runtime = log_path.parent / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--content", str(folder)], env=env, cwd=REPO,
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.text()):
                return
            assert self.process.poll() is None, self.text()
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never appeared in the log:\n{self.text()}")

    def shown(self) -> list[str]:
        """The fingerprints of the loads put on screen, oldest first."""
        return re.findall(rf"content reloaded from {re.escape(str(self.folder))} "
                          r"\(\d+ warning\(s\)\); fingerprint ([0-9a-f]+)", self.text())

    def rejected(self) -> int:
        """Loads that failed the check and were not shown."""
        return self.text().count("error(s); still showing the last good content")

    def wait_for_fingerprint(self, short: str, timeout: float = 120) -> None:
        self.wait_for(rf"; fingerprint {short}\b", timeout)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        code = self.process.wait(timeout=60)
        self._log.close()
        return code


def short_fingerprint(folder: Path) -> str:
    """The fingerprint the kiosk's reload line names (and its metrics and `kiosk status`)."""
    return content_fingerprint(folder)


def big_png(width: int = 1400, height: int = 1200) -> bytes:
    """A real PNG that does not compress (noise): big enough that a throttled copy of it takes
    a while, so a page that shows it lands well before it does."""
    noise = random.Random(15)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + noise.randbytes(width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1))
            + chunk(b"IEND", b""))


def copy_bundled(to: Path) -> Path:
    shutil.copytree(BUNDLED, to, copy_function=shutil.copy2)
    return to


def _sections(language: Path) -> list[Path]:
    return sorted(p for p in language.iterdir() if p.is_dir() and p.name != "faq")


def _unlinked_page(section: Path, content: Path) -> Path:
    """A page of `section` that no page links to: removing it breaks nothing."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md"))
    for page in sorted(section.glob("[0-9]*.md"), reverse=True):
        if page.name not in texts and page.stem not in texts:
            return page
    raise AssertionError(f"every page in {section} is linked to")


def edit(content: Path, pages: int = 40) -> None:
    """The edit a clinic would sync, in both languages: the first page's title changed, a page
    removed, `pages` new pages, and a new page that shows a new (big) picture."""
    touched: list[Path] = []  # the Spanish pages written
    for code in ("en", "es"):
        language = content / code
        sections = _sections(language)
        first = sorted(sections[0].glob("[0-9]*.md"))[0]
        text = first.read_text(encoding="utf-8")
        first.write_text(re.sub(r"(?m)^title:.*$", f"title: {NEW_TITLE} ({code})", text, count=1),
                         encoding="utf-8")
        _unlinked_page(sections[-1], content).unlink()
        new_pages = [sections[1] / f"{900 + n:03d}-synced-{n}.md" for n in range(1, pages + 1)]
        for number, page in enumerate(new_pages, 1):
            page.write_text(f"---\ntitle: Synced page {number}\n{DATES}---\nThis page came by "
                            "sync. It is short.\n", encoding="utf-8")
        picture_page = sections[-1] / "99-the-picture.md"
        picture_page.write_text(
            f"---\ntitle: A new picture\n{DATES}---\nThis page shows a new picture.\n\n"
            f"![Grey dots on a grey ground.]({PICTURE})\n", encoding="utf-8")
        (sections[-1] / PICTURE).write_bytes(big_png())
        if code == "es":
            touched += [first, picture_page, *new_pages]
    # As staff do after translating: each Spanish page says which English text it matches.
    spanish = [str(p) for p in touched]
    subprocess.run([sys.executable, "-m", "kiosk", "translated", "--content", str(content),
                    *spanish], check=True,
                   cwd=REPO, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
