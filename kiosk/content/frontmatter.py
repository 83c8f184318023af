"""A strict, tiny front-matter reader: `key: value` lines between two `---` lines.

We read it ourselves instead of using a YAML library because staff need line-accurate,
plain-words messages ("line 3: did you mean `title`?"), and YAML's full syntax (types, nesting,
anchors) only adds ways to get it wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.content.model import Severity

FENCE = "---"


@dataclass(frozen=True)
class Issue:
    line: int
    severity: Severity
    message: str


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, str]
    lines: dict[str, int]  # key -> line number, so later checks can point at the value
    body: str
    body_line: int  # line number of the body's first line in the file
    issues: tuple[Issue, ...] = field(default=())
    broken: bool = False  # the `---` lines are wrong, so "no title" would only mislead
    misspelt: frozenset[str] = frozenset()  # keys suggested by "did you mean": not "missing"


def closest(word: str, choices: list[str] | tuple[str, ...] | frozenset[str]) -> str | None:
    """The choice `word` most likely misspells, if any. (difflib is imported here: it is
    needed only for a mistake, so a kiosk with none never loads it.)"""
    import difflib  # noqa: PLC0415

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    guess = closest(word, choices)
    return f" Did you mean `{guess}`?" if guess else ""


def parse(text: str, allowed: frozenset[str]) -> FrontMatter:
    """Split `text` into front matter and body, reporting every problem found on the way."""
    lines = text.split("\n")
    # Blank lines before the opening `---` are harmless; anything else means no front matter.
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[first].strip() != FENCE:
        return _without_fence(text, lines, first, allowed)
    issues: list[Issue] = []
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    misspelt: set[str] = set()
    close = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == FENCE), None)
    if close is None:
        issues.append(
            Issue(
                first + 1,
                Severity.ERROR,
                f"the front matter starts with `---` on line {first + 1} but is never closed. "
                "Add a line with just `---` after the last `key: value` line.",
            )
        )
        return FrontMatter({}, {}, "", len(lines), tuple(issues), broken=True)
    for number, raw in enumerate(lines[first + 1 : close], start=first + 2):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key or " " in key:
            issues.append(
                Issue(
                    number,
                    Severity.ERROR,
                    f"`{_clip(line)}` is not a `key: value` line. Write it like "
                    "`title: What are facet joints?` (each setting on one line), or move it "
                    "below the closing `---`.",
                )
            )
            continue
        key_lower = key.lower()
        if key_lower not in allowed:
            guess = closest(key_lower, allowed)
            misspelt.update([guess] if guess else [])
            issues.append(
                Issue(
                    number,
                    Severity.ERROR,
                    f"unknown key `{key}`.{f' Did you mean `{guess}`?' if guess else ''} "
                    f"Keys allowed here: {', '.join(sorted(allowed))}.",
                )
            )
            continue
        if key_lower in values:
            issues.append(
                Issue(
                    number,
                    Severity.ERROR,
                    f"`{key_lower}` is given twice (first on line {where[key_lower]}). "
                    "Keep one of them.",
                )
            )
            continue
        values[key_lower] = _unquote(value.strip())
        where[key_lower] = number
    body = "\n".join(lines[close + 1 :])
    return FrontMatter(values, where, body, close + 2, tuple(issues),
                       misspelt=frozenset(misspelt))


def _without_fence(text: str, lines: list[str], first: int, allowed: frozenset[str]) -> FrontMatter:
    """No front matter, which is fine for a page, unless it looks like settings gone astray."""
    line = lines[first].strip()
    message = ""
    # Word turns `---` into a dash as you type; Hugo users may bring TOML's `+++`.
    if line in ("+++", "—", "–", "——", "- - -") or (len(line) >= 2 and set(line) <= {"-"}):
        message = (f"line {first + 1} must be exactly three hyphens `---`, alone on the line, "
                   "with another `---` line after the settings.")
    else:
        key = line.partition(":")[0].strip().lower()
        if ":" in line and key in allowed:
            message = ("the settings at the top need a line with just `---` above them and "
                       "another below them, like the other pages have.")
    if not message:
        return FrontMatter({}, {}, text, 1)
    return FrontMatter({}, {}, text, 1, (Issue(first + 1, Severity.ERROR, message),), broken=True)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
