"""Links between pages: what a Markdown link's path means, and whether the kiosk can open it.

Staff link the way Markdown does, with a path from the page's own file
(`../20-the-procedure/30-the-needle.md`, or a topic folder, `../20-the-procedure/`). A link is
kept as the id of what it opens (`kiosk:the-procedure/the-needle`), not as a file: ids are the
same in every language, so the screen opens the patient's own language's page (or the default
language's stand-in), and the number at the start of a name can change without breaking the
link. Anything the kiosk cannot open — the web, another language's folder, a file outside the
content folder, a page that is not there, the page itself — is shown as plain words, with a
warning that names the fix. Nothing here reads the disk: what exists is the library's.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kiosk.content import names
from kiosk.content.model import Language

SCHEME = "kiosk:"
# What a rendered link's address may be: the renderer writes these, nh3 keeps nothing else.
HREF = re.compile(r"^kiosk:[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")  # C:\Users\… : a file on someone's computer
EXAMPLE = "../20-the-procedure/30-the-needle.md"


def href(target: str) -> str:
    """The address a rendered link carries: `kiosk:` and the id of what it opens."""
    return SCHEME + target


def target_of(address: str) -> str | None:
    """The id in a rendered link's address, or None for anything else."""
    return address[len(SCHEME):] if HREF.match(address) else None


@dataclass(frozen=True)
class Resolved:
    """Where a link leads (`target`: a page, question or section id), or why it
    cannot be opened (`problem`, a message for staff; the link's words stay as plain text)."""

    target: str = ""
    problem: str = ""


class Targets:
    """Every page, question and topic a link may open, per language, as the library has them
    (stand-ins for untranslated pages included). The loader fills it once the library is whole;
    pages render after that, so every link is judged against the whole library."""

    def __init__(self, root: Path) -> None:
        self.root = root  # the content folder as the pages' paths start (not resolved)
        # language → id → the path staff would write for it, from the content folder
        self._paths: dict[str, dict[str, str]] = {}

    def fill(self, languages: Iterable[Language]) -> None:
        for language in languages:
            known: dict[str, str] = {}
            for section in language.sections:
                known[section.id] = f"{language.code}/{section.source.name}/"
                for page in section.pages:
                    known[page.id] = f"{language.code}/{section.source.name}/{page.source.name}"
            for item in language.faq:
                known[item.id] = f"{language.code}/{item.source.parent.name}/{item.source.name}"
            self._paths[language.code] = known

    def has(self, language: str, target: str) -> bool:
        return target in self._paths.get(language, {})

    def paths(self, language: str) -> dict[str, str]:
        return self._paths.get(language, {})


def resolve(written: str, page: Path | None, targets: Targets | None) -> Resolved:
    """What the link `written` (as in the page's Markdown) on `page` opens. Without a page or
    targets (a page rendered on its own), only web addresses are told apart."""
    address = written.strip()
    shown = f"`{_clip(address)}`"
    if _DRIVE.match(address) or address.startswith(("/", "\\")):
        return _outside(shown)
    if _SCHEME.match(address) or address.lower().startswith(("www.", "//")):
        return Resolved(problem=_web(address.removeprefix("mailto:")))
    if not address:
        return Resolved(problem="this link has nowhere to go (nothing between the round "
                        f"brackets), so its words are shown as plain text. Write the path of "
                        f"the page it should open, like `{EXAMPLE}`.")
    path = unquote(address.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path:
        return _not_a_page(shown)  # `#somewhere`: a place on this same page
    if page is None or targets is None:
        return Resolved(problem=f"the link {shown} leads to no page, so its words are shown as "
                        "plain text.")
    try:
        own = page.relative_to(targets.root).as_posix()
    except ValueError:
        return Resolved(problem=f"the link {shown} leads to no page, so its words are shown as "
                        "plain text.")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(own), path))
    parts = joined.split("/")
    if parts[0] in ("..", "."):
        return _outside(shown)
    language = own.split("/", 1)[0]
    if parts[0] != language:
        if targets.paths(parts[0]):
            there = "/".join([language, *parts[1:]])
            return Resolved(problem=f"the link {shown} opens a page in the `{parts[0]}` folder, "
                            f"another language, so its words are shown as plain text. Link to "
                            f"this language's page instead (`{_relative(there, own)}`): the "
                            "kiosk opens each page in the language the patient chose.")
        return _outside(shown)
    target = _target(parts[1:])
    if target is None:
        return _not_a_page(shown)
    if target == names.FAQ_FOLDER:  # the questions menu has no Back to return by
        return Resolved(problem=f"the link {shown} opens the list of questions, which a page "
                        "cannot link to, so its words are shown as plain text. Link to one "
                        "question instead, like `../faq/10-is-it-surgery.md` (patients find "
                        "the list on the home screen).")
    if target == _own_id(own):
        return Resolved(problem=f"the link {shown} leads to this same page, so its words are "
                        "shown as plain text. Link to another page, or take the link out.")
    if not targets.has(language, target):
        return Resolved(problem=f"the link {shown} leads to no page of this kiosk, so its "
                        f"words are shown as plain text.{_did_you_mean(path, own, targets)}")
    return Resolved(target=target)


def _target(parts: list[str]) -> str | None:
    """The id a path inside a language folder names: a topic folder (or its `_index.md`), a
    page, a question, or the questions folder. None for anything else."""
    if parts and parts[-1].lower() == names.INDEX_FILE:
        parts = parts[:-1]
    if len(parts) == 1 and parts[0] and not parts[0].lower().endswith(".md"):
        section = names.slug(parts[0])
        return names.FAQ_FOLDER if section == names.FAQ_FOLDER else section
    if len(parts) == 2 and parts[1]:
        stem, dot, suffix = parts[1].rpartition(".")
        if not dot:
            stem = parts[1]
        elif suffix.lower() != "md":
            return None  # a picture or another file: not something a link can open
        section = names.slug(parts[0])
        return f"{names.FAQ_FOLDER if section == names.FAQ_FOLDER else section}/{names.slug(stem)}"
    return None


def _own_id(own: str) -> str:
    parts = own.split("/")
    return _target(parts[1:]) or ""


def _relative(path: str, own: str) -> str:
    """`path` (from the content folder) as written from the page `own`'s folder."""
    text = posixpath.relpath(path.rstrip("/"), posixpath.dirname(own))
    return text + "/" if path.endswith("/") else text


def _did_you_mean(written: str, own: str, targets: Targets) -> str:
    import difflib  # noqa: PLC0415 - only when a link is wrong, never on the quick path

    language = own.split("/", 1)[0]
    candidates = [_relative(path, own) for target, path in targets.paths(language).items()
                  if target != _own_id(own)]
    match = difflib.get_close_matches(written, candidates, n=1, cutoff=0.5)
    if match:
        return f" Did you mean `{match[0]}`?"
    return (f" Write the path from this page's own file, like `{EXAMPLE}`, and check the "
            "names of the folder and the file.")


def _web(address: str) -> str:
    return (f"web links cannot be opened on the kiosk (only links to its own pages can); "
            f"`{_clip(address)}` is shown as plain text. Write the address out in words if "
            "patients need it.")


def _outside(shown: str) -> Resolved:
    return Resolved(problem=f"the link {shown} points outside this language's pages, so its "
                    "words are shown as plain text. Link only to pages of the kiosk, with a "
                    f"path from this page's own file, like `{EXAMPLE}`.")


def _not_a_page(shown: str) -> Resolved:
    return Resolved(problem=f"the link {shown} is not a page, a question or a topic folder, so "
                    "its words are shown as plain text. A link can open a page (an `.md` file) "
                    f"or a topic folder, like `{EXAMPLE}` or `../20-the-procedure/`.")


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


