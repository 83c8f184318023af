"""Reading a staff member's file as text, with a plain-words message for everything that can go
wrong on the way: wrong encoding, a binary file, an empty file, a file far too large.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 256 * 1024  # a page is ~1 KB; anything this large is a mistake (a pasted document)


@dataclass(frozen=True)
class TextOrError:
    text: str | None
    line: int = 0
    error: str = ""


def decode(data: bytes) -> TextOrError:
    """UTF-8 (a byte-order mark and CRLF are fine and silent) or a message saying how to fix it."""
    if len(data) > MAX_BYTES:
        return TextOrError(
            None, 0,
            f"the file is {len(data) // 1024} KB, far too large for one page "
            f"(the limit is {MAX_BYTES // 1024} KB). Split it into several pages.",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return TextOrError(
            None, 1,
            "the file is saved as UTF-16 (\"Unicode\"). Save it again as UTF-8: in Notepad, "
            "choose File → Save as, then Encoding: UTF-8.",
        )
    if b"\x00" in data[:8192]:
        return TextOrError(
            None, 0,
            "this is not a text file (it looks like a picture or a Word document). Pages must "
            "be plain text saved with the .md ending.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1]
        guess = ""
        try:
            guess = f" (it looks like `{bad.decode('cp1252')}` saved by Word or Notepad as ANSI)"
        except UnicodeDecodeError:
            pass
        return TextOrError(
            None, line,
            f"the file is not saved as UTF-8{guess}. Save it again as UTF-8: in Notepad, "
            "choose File → Save as, then Encoding: UTF-8; in Word, choose Plain Text, then "
            "Unicode (UTF-8).",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return TextOrError(None, 0, "the file is empty. Write the page's text, or delete the file.")
    return TextOrError(text)
