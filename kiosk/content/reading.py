"""Reading a staff member's file as text, with a plain-words message for everything that can go
wrong on the way: wrong encoding, a binary file, an empty file, a file far too large.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 256 * 1024  # a page is ~1 KB; anything this large is a mistake (a pasted document)
_BOM = b"\xef\xbb\xbf"
_SAVE_AS_UTF8 = (
    "Save it again as UTF-8: in Notepad, choose File → Save as, then Encoding: UTF-8; in Word, "
    "choose Plain Text, then Unicode (UTF-8)."
)
# What a file that is not text usually is, by its first bytes: named so staff recognise it.
_SIGNATURES = (
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a Word document (or another zipped file)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word document"),
    (b"{\\rtf", "a WordPad or Rich Text document"),
)


@dataclass(frozen=True)
class TextOrError:
    text: str | None
    line: int = 0
    error: str = ""
    empty: bool = False  # an empty `_index.md` is a smaller matter than an empty page


PAGE_EMPTY = "Write the page's text, or delete the file."


def read_text(path: Path, empty_hint: str = PAGE_EMPTY) -> TextOrError:
    """Read at most MAX_BYTES + 1 bytes of a regular file, then `decode` them.

    Bounded on purpose: a pasted 2 GB file or a named pipe must not freeze a kiosk.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return TextOrError(None, 0, "this is not an ordinary file. Delete it and save the "
                               "page again as a normal text file.")
        if info.st_size > MAX_BYTES:
            return TextOrError(None, 0, _too_large(info.st_size))
        with path.open("rb") as handle:
            # Sized to the file, not to the limit: a 256 KB buffer for every 1 KB page was a
            # fifth of the time a thousand-page start spends reading.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew since: read on, still bounded
                data += handle.read(MAX_BYTES + 1 - len(data))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return TextOrError(None, 0, f"the file cannot be read ({reason}). Check it is not open "
                           "in another program and that you may open it, then save it again.")
    return decode(data, empty_hint)


def decode(data: bytes, empty_hint: str = PAGE_EMPTY) -> TextOrError:
    """UTF-8 (a byte-order mark and CRLF are fine and silent) or a message saying how to fix it."""
    if len(data) > MAX_BYTES:
        return TextOrError(None, 0, _too_large(len(data)))
    kind = next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)
    if kind is None and (data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data)):
        return TextOrError(
            None, 1,
            "the file is saved as UTF-16 (\"Unicode\"). Save it again as UTF-8: in Notepad, "
            "choose File → Save as, then Encoding: UTF-8.",
        )
    if kind is not None or b"\x00" in data:
        what = f"it is {kind}" if kind else "it looks like a picture or a Word document"
        return TextOrError(
            None, 0,
            f"this is not a text file ({what}). A page must be plain text: open it in Word "
            "or Notepad and save it as plain text (UTF-8) with a name ending in .md. A picture "
            "must end in .png, .jpg or .svg.",
        )
    body = data[len(_BOM):] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        return TextOrError(None, line, f"the file is not saved as UTF-8{_guess(body, exc)}. "
                           + _SAVE_AS_UTF8)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return TextOrError(None, 0, f"the file is empty. {empty_hint}", empty=True)
    return TextOrError(text)


def _too_large(size: int) -> str:
    return (f"the file is {size // 1024} KB, far too large for one page (the limit is "
            f"{MAX_BYTES // 1024} KB). Split it into several pages, or delete it if it was "
            "copied here by mistake.")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of plain English text is zero."""
    sample = data[:512]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    return (even > 0.4 and odd < 0.1) or (odd > 0.4 and even < 0.1)


def _guess(body: bytes, exc: UnicodeDecodeError) -> str:
    """Name the character Word or Notepad probably meant, so staff can find it on the line."""
    bad = body[exc.start : exc.start + 1]
    try:
        char = bad.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    start = body.rfind(b"\n", 0, exc.start) + 1
    column = len(body[start : exc.start].decode("utf-8", "replace")) + 1
    return (f": the `{char}` at character {column} of the line looks like it was saved by "
            "Word or Notepad as \"ANSI\"")

