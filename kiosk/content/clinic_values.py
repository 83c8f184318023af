"""The clinic's own values in staff text, like `{{clinic_phone | the number on your letter}}`.

One content folder is copied to many screens, and each clinic sets its own name and numbers in
kiosk.toml. A placeholder names a value and gives fallback words for a screen where it is not
set. So that `kiosk check` says the same whatever the settings, every problem here is about the
text alone: an unknown name, or no fallback words, is an error even where the value is set.
Filling keeps the number of lines, so other messages still point at the right line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kiosk.content.frontmatter import Issue, closest
from kiosk.content.model import Severity

# Each value's name (a setting of the same name in kiosk.toml) and words a staff member could
# put after `|`: shown in messages as the line to write.
EXAMPLES: dict[str, str] = {
    "clinic_name": "our clinic",
    "clinic_phone": "your clinic's number",
    "after_hours_phone": "the after-hours number on your appointment letter",
    "emergency_number": "your local emergency number",
}
NAMES: tuple[str, ...] = tuple(EXAMPLES)

# A run of opening braces, what follows up to the next brace, and the closing braces; or two
# closing braces that nothing opened. Only `{{name | words}}`, exactly, is a placeholder.
_BRACES = re.compile(r"(?P<open>\{+)(?P<inside>[^{}\n]*)(?P<close>\}*)|(?P<stray>\}\})")
_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
_LINE_SHOWN = 100  # a longer line is shown as the placeholder alone in a fix


def fill(text: str, values: Mapping[str, str] | None, *,
         markdown: bool = False) -> tuple[str, tuple[Issue, ...]]:
    """`text` with each placeholder replaced by its value, or its fallback words where the value
    is not in `values`; and every problem, by line (1 is the text's first line).

    `values`: the set values by name (`Settings.clinic_values()`); None when no settings were
    read (`kiosk check` without `--config`), which only leaves out the notes about values not
    set. `markdown`: `text` is Markdown (a page's body), so a value's characters are written as
    character references, which Markdown and HTML show as they are and never read as markup.
    """
    if "{" not in text and "}}" not in text:
        return text, ()  # nearly every text: nothing to look at
    issues: list[Issue] = []
    noted: set[str] = set()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if "{" in line or "}}" in line:
            lines[index] = _fill_line(line, index + 1, values, markdown, issues, noted)
    return "\n".join(lines), tuple(issues)


def _fill_line(line: str, number: int, values: Mapping[str, str] | None, markdown: bool,
               issues: list[Issue], noted: set[str]) -> str:
    def error(message: str) -> None:
        issues.append(Issue(number, Severity.ERROR, message))

    def replace(match: re.Match[str]) -> str:
        written = match.group(0)
        if match.group("stray"):
            error(f"`}}}}` here closes nothing, so patients would see it. A value is written "
                  f"with two braces on each side, like `{_placeholder('clinic_phone')}`: add "
                  "the missing `{{`, or delete the `}}`.")
            return written
        opening, closing = len(match.group("open")), len(match.group("close"))
        name, _, words = match.group("inside").partition("|")
        name, words = name.strip(), " ".join(words.split())
        key = name.lower()
        if (opening, closing) != (2, 2):
            if opening < 2 and closing < 2 and key not in NAMES and not _looks_like(key):
                return written  # a lone `{` or `{like this}` in ordinary text
            fixed = _placeholder(_guess(key) or (key if _NAME.match(key) else NAMES[1]), words)
            how = ("is not closed: end it with `}}` after the fallback words, on the same line"
                   if closing == 0 else "needs exactly two braces on each side")
            error(f"`{_clip(written)}` {how}, or patients see the braces. Write it like "
                  f"this: `{_fixed(line, match, fixed)}`")
            return words
        if not _NAME.match(key):
            fixed = _fixed(line, match, _placeholder(_guess(key) or NAMES[1], words))
            error(f"`{_clip(written)}` must start with the name of a value, then `|` and the "
                  f"words to show where it is not set. {_names()} Write it like this: "
                  f"`{fixed}`")
            return words
        if key not in NAMES:
            guess = closest(key, NAMES)
            hint = (f" Did you mean `{guess}`? Write it like this: "
                    f"`{_fixed(line, match, _placeholder(guess, words))}`" if guess else "")
            error(f"`{name}` is not a value the kiosk knows, so `{_clip(written)}` cannot be "
                  f"filled in. {_names()}{hint}")
            return words
        value = " ".join(values.get(key, "").split()) if values is not None else ""
        if not words:
            error(f"`{_clip(written)}` has no fallback words, for a screen where `{key}` is not "
                  f"set in kiosk.toml. Write it like this: "
                  f"`{_fixed(line, match, _placeholder(key))}` (the words after `|` show until "
                  "it is set).")
            return _escaped(value) if markdown else value
        if value:
            return _escaped(value) if markdown else value
        if values is not None and key not in noted:
            noted.add(key)
            issues.append(Issue(number, Severity.NOTE, unset_note(key)))
        return words

    return _BRACES.sub(replace, line)


def unset_note(name: str) -> str:
    """The note for a value the content uses that kiosk.toml does not set: the same words for
    every place it is used, so a load can keep one."""
    return (f"`{name}` is not set in kiosk.toml, so pages show the fallback words (the words "
            f"after `|`). To show the clinic's own, add a line like `{name} = \"…\"` to "
            "kiosk.toml and restart the kiosk.")


def _escaped(value: str) -> str:
    """Every character but letters, digits and spaces as a character reference: `(555)` can
    never start a link, `1.` a list, `*` emphasis, or `<` a tag."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in value)


def _looks_like(key: str) -> bool:
    """Text in single braces that is meant as a value: its name, or nearly."""
    return bool(key) and _guess(key) is not None


def _guess(key: str) -> str | None:
    if key in NAMES:
        return key
    return closest(re.sub(r"[\s-]+", "_", key), NAMES)


def _placeholder(name: str, words: str = "") -> str:
    return f"{{{{{name} | {words or EXAMPLES.get(name, 'the words to show')}}}}}"


def _fixed(line: str, match: re.Match[str], replacement: str) -> str:
    """The line as it should be written: the whole line when short, else the placeholder."""
    whole = (line[:match.start()] + replacement + line[match.end():]).strip()
    return whole if len(whole) <= _LINE_SHOWN else replacement


def _names() -> str:
    return "The values are: " + ", ".join(f"`{name}`" for name in NAMES) + "."


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
