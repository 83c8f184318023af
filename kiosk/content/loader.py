"""Content folder → immutable Library, collecting every problem like a strict site build.

The loader never stops at the first problem and never raises for bad content: a staff member
sees the whole list at once, and the app decides (from `LoadResult.errors`) whether to show it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kiosk.content import checks, frontmatter, names
from kiosk.content.model import Language, Library, LoadResult, Page, Problem, Section, Severity
from kiosk.content.reading import decode
from kiosk.content.render import IMAGE_SUFFIXES, render_markdown

log = logging.getLogger(__name__)
_Item = TypeVar("_Item", Page, Section)

LANGUAGE_KEYS = frozenset({"title", "welcome"})
SECTION_KEYS = frozenset({"title", "summary", "weight"})
PAGE_KEYS = frozenset({"title", "weight", "reviewed", "review_by"})
_STAFF_FILES = frozenset({"readme.md", "readme.txt", "kiosk.toml"})
MAX_ENTRIES = 2000  # per folder: more is a copy gone wrong, not content


@dataclass
class _Context:
    root: Path
    today: dt.date
    problems: list[Problem]

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path, line: int, severity: Severity, message: str) -> None:
        self.problems.append(Problem(self.rel(path), line, severity, message))

    def error(self, path: Path, line: int, message: str) -> None:
        self.add(path, line, Severity.ERROR, message)

    def warning(self, path: Path, line: int, message: str) -> None:
        self.add(path, line, Severity.WARNING, message)


def load_library(
    root: Path | str, default_language: str = "en", today: dt.date | None = None
) -> LoadResult:
    """Read a whole content folder. Never raises for anything a staff member could do to it."""
    root = Path(root).absolute()
    ctx = _Context(root, today or dt.date.today(), [])
    if not root.is_dir():
        ctx.error(root, 0, "the content folder does not exist or is not a folder.")
        return LoadResult(None, tuple(ctx.problems))
    languages: list[Language] = []
    for entry in _entries(ctx, root):
        if entry.is_dir():
            if names.LANGUAGE_CODE.match(entry.name):
                language = _load_language(ctx, entry)
                if language is not None:
                    languages.append(language)
            else:
                ctx.warning(
                    entry, 0,
                    "this folder is not a language folder (like `en` or `es`), so the kiosk "
                    "ignores it. Move its pages into a section folder inside `en/`.",
                )
        elif entry.name.lower() not in _STAFF_FILES:
            ctx.warning(
                entry, 0,
                "files at the top of the content folder are ignored. Put pages inside a "
                "section folder such as `en/10-what-it-is/`.",
            )
    if not languages:
        ctx.error(root, 0, "no language folder with content was found. Add a folder named `en`.")
        return LoadResult(None, tuple(sorted(ctx.problems)))
    codes = [lang.code for lang in languages]
    if default_language not in codes:
        ctx.warning(
            root, 0,
            f"the default language `{default_language}` has no folder; using `{codes[0]}`.",
        )
    library = Library(root, tuple(languages), default_language if default_language in codes
                      else codes[0])
    return LoadResult(library, tuple(sorted(ctx.problems)))


def _entries(ctx: _Context, folder: Path) -> list[Path]:
    """A folder's entries that are content: leftovers skipped, links outside refused."""
    try:
        raw = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        ctx.error(folder, 0, f"the folder cannot be read ({exc.strerror}). Check its permissions.")
        return []
    if len(raw) > MAX_ENTRIES:
        ctx.error(folder, 0, f"the folder holds {len(raw)} files; only the first "
                  f"{MAX_ENTRIES} are read. Remove what does not belong here.")
        raw = raw[:MAX_ENTRIES]
    entries = []
    for item in raw:
        path = Path(item.path)
        if names.is_leftover(item.name):
            continue
        if item.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                ctx.error(path, 0, "this link points to nothing. Delete it or copy the real file in.")
                continue
            if not target.is_relative_to(ctx.root.resolve()):
                ctx.error(path, 0, "this link points outside the content folder, so it is not "
                          "shown. Copy the file itself into the folder instead.")
                continue
        entries.append(path)
    return entries


def _read(ctx: _Context, path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        ctx.error(path, 0, f"the file cannot be read ({exc.strerror}). Check it is not open "
                  "in another program, then save it again.")
        return None
    result = decode(data)
    if result.text is None:
        ctx.error(path, result.line, result.error)
    return result.text


def _front_matter(ctx: _Context, path: Path, allowed: frozenset[str]) -> frontmatter.FrontMatter | None:
    text = _read(ctx, path)
    if text is None:
        return None
    fm = frontmatter.parse(text, allowed)
    for issue in fm.issues:
        ctx.add(path, issue.line, issue.severity, issue.message)
    return fm


def _load_language(ctx: _Context, folder: Path) -> Language | None:
    index = folder / names.INDEX_FILE
    title, welcome = names.humanize(folder.name), ""
    if index.is_file():
        fm = _front_matter(ctx, index, LANGUAGE_KEYS)
        if fm is not None:
            title = fm.values.get("title", "") or title
            welcome = fm.values.get("welcome", "")
            if "title" not in fm.values:
                ctx.error(index, 1, "add a `title:` line: it is the kiosk's title on the home screen.")
    else:
        ctx.error(folder, 0, f"add a file `{names.INDEX_FILE}` here with `title:` (the kiosk's "
                  "title on the home screen) and `welcome:` (one short line under it).")
    sections: list[tuple[Section, float | None]] = []
    faq: Section | None = None
    for entry in _entries(ctx, folder):
        if entry.is_dir():
            is_faq = entry.name.lower() == names.FAQ_FOLDER
            loaded = _load_section(ctx, entry, is_faq)
            if loaded is None:
                continue
            if is_faq:
                faq = loaded[0]
            else:
                sections.append(loaded)
        elif entry.name != names.INDEX_FILE and entry.suffix.lower() == ".md":
            ctx.warning(entry, 0, "pages go inside a section folder (such as "
                        f"`{folder.name}/10-what-it-is/`); this file is ignored.")
    if not sections and faq is None:
        ctx.error(folder, 0, "this language has no sections. Add a section folder with pages.")
        return None
    ordered = _order(ctx, [(s.source, s) for s, _ in sections], "section",
                     {s.source: w for s, w in sections})
    return Language(
        code=folder.name,
        title=title,
        welcome=welcome,
        sections=tuple(ordered),
        faq_title=faq.title if faq else "",
        faq=faq.pages if faq else (),
    )


def _load_section(
    ctx: _Context, folder: Path, is_faq: bool
) -> tuple[Section, float | None] | None:
    index = folder / names.INDEX_FILE
    title = "Questions" if is_faq else names.humanize(folder.name)
    summary = ""
    weight: float | None = None
    if index.is_file():
        fm = _front_matter(ctx, index, SECTION_KEYS)
        if fm is not None:
            title = fm.values.get("title") or title
            summary = fm.values.get("summary", "")
            weight = _weight(ctx, index, fm)
            checks.section_index(ctx.warning, index, fm, is_faq)
    else:
        ctx.warning(folder, 0, f"add a file `{names.INDEX_FILE}` here with a `title:` line for "
                    f"the home screen tile; until then it is called \"{title}\".")
    pages: list[tuple[Path, Page, float | None]] = []
    for entry in _entries(ctx, folder):
        if entry.is_dir():
            ctx.warning(entry, 0, "folders inside a section are ignored. Move its pages up "
                        "into the section folder.")
        elif entry.name == names.INDEX_FILE:
            continue
        elif entry.suffix.lower() == ".md":
            loaded = _load_page(ctx, entry, folder, is_faq)
            if loaded is not None:
                pages.append((entry, *loaded))
        elif entry.suffix.lower() not in IMAGE_SUFFIXES:
            ctx.warning(entry, 0, "only .md pages and pictures (.png, .jpg, .svg) are used; "
                        "this file is ignored. A Word file must be saved as plain text (.md).")
    if not pages:
        kind = "question" if is_faq else "page"
        ctx.error(folder, 0, f"this {'FAQ' if is_faq else 'section'} has no {kind}s. Add a "
                  f"{kind} (copy an existing .md file), or delete the empty folder.")
        return None
    ordered = _order(ctx, [(path, page) for path, page, _ in pages], "page",
                     {path: w for path, _, w in pages})
    ids: dict[str, Path] = {}
    for page in ordered:
        if page.id in ids:
            ctx.error(page.source, 0, f"has the same name as `{ids[page.id].name}` once the "
                      "number is left off. Give one of them a different name.")
        ids.setdefault(page.id, page.source)
    section_id = names.FAQ_FOLDER if is_faq else names.slug(folder.name)
    return Section(section_id, title, summary, tuple(ordered), folder), weight


def _weight(ctx: _Context, path: Path, fm: frontmatter.FrontMatter) -> float | None:
    raw = fm.values.get("weight")
    if raw is None:
        return None
    try:
        return float(int(raw))
    except ValueError:
        ctx.error(path, fm.lines["weight"], f"`weight: {raw}` must be a whole number, "
                  "like `weight: 20`.")
        return None


def _load_page(
    ctx: _Context, path: Path, folder: Path, is_faq: bool
) -> tuple[Page, float | None] | None:
    fm = _front_matter(ctx, path, PAGE_KEYS)
    if fm is None:
        return None
    body = fm.body
    body_line = fm.body_line
    title = fm.values.get("title", "")
    if not title:
        # Fall back to the first heading, and take it out of the body so it is not shown twice.
        lines = body.split("\n")
        for index, line in enumerate(lines):
            if line.startswith("#"):
                title = line.lstrip("#").strip()
                lines[index] = ""
                break
            if line.strip():
                break
        body = "\n".join(lines)
    if not title:
        kind = "question" if is_faq else "title"
        ctx.error(path, 1, f"the page has no {kind}. Add `title: …` in the front matter "
                  "(between the `---` lines), or start the text with `# Your title`.")
        title = names.humanize(path.stem)
    if not body.strip():
        what = "answer" if is_faq else "text"
        ctx.error(path, body_line, f"the {what} is missing. Write it below the closing `---`.")
    rendered = render_markdown(body, path.parent, ctx.root)
    for issue in rendered.issues:
        line = issue.line + body_line - 1 if issue.line else 0
        ctx.add(path, line, issue.severity, issue.message)
    text = f"{title}\n{rendered.text}".strip()
    page = Page(
        id=f"{names.FAQ_FOLDER if is_faq else names.slug(folder.name)}/{names.slug(path.stem)}",
        title=title,
        html=rendered.html,
        text=text,
        source=path,
        images=rendered.images,
    )
    checks.page(ctx.add, path, fm, page, is_faq, ctx.today)
    return page, _weight(ctx, path, fm)


def _order(
    ctx: _Context,
    items: list[tuple[Path, _Item]],
    kind: str,
    weights: dict[Path, float | None],
) -> list[_Item]:
    """Order by `weight`, else by the file name's number; warn where two share a place."""
    keyed: list[tuple[float, str, Path, _Item]] = []
    for path, item in items:
        number, _ = names.split_prefix(path.stem if path.suffix == ".md" else path.name)
        weight = weights.get(path)
        order = weight if weight is not None else (float(number) if number is not None
                                                    else float("inf"))
        keyed.append((order, path.name, path, item))
    keyed.sort(key=lambda k: (k[0], k[1]))
    for (order_a, _, path_a, _), (order_b, _, path_b, _) in zip(keyed, keyed[1:]):
        if order_a == order_b and order_a != float("inf"):
            ctx.warning(path_b, 0, f"this {kind} has the same order number ({int(order_a)}) as "
                        f"`{path_a.name}`, so their order is by name. Give each a different "
                        "number.")
    return [item for *_, item in keyed]

