"""Content folder → immutable Library, collecting every problem like a strict site build.

The loader never stops at the first problem and never raises for bad content: a staff member
sees the whole list at once, and the app decides (from `LoadResult.errors`) whether to show it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from kiosk.content import (
    checks,
    clinic_values,
    frontmatter,
    icons,
    links,
    names,
    notices,
    translations,
)
from kiosk.content.images import IMAGE_SUFFIXES
from kiosk.content.languages import fill_missing, pairings
from kiosk.content.model import (
    Body,
    Language,
    Library,
    LoadResult,
    Notice,
    Page,
    PageText,
    Problem,
    Section,
    Severity,
)
from kiosk.content.reading import read_text

log = logging.getLogger(__name__)
_Item = TypeVar("_Item", Page, Section)

LANGUAGE_KEYS = frozenset({"title", "welcome", "message", translations.KEY})
SECTION_KEYS = frozenset({"title", "summary", "weight", "handout_url", "icon",
                          translations.KEY})
PAGE_KEYS = frozenset({"title", "weight", "reviewed", "review_by", translations.KEY})
_STAFF_FILES = frozenset({"readme.md", "readme.txt", "kiosk.toml"})
MAX_ENTRIES = 2000  # per folder: more is a copy gone wrong, not content
MAX_WEIGHT = 1_000_000
_INDEX_EMPTY = "Add a `title:` line between two `---` lines (copy another `_index.md`)."
_BUG = ("the kiosk could not read this because of a fault in the kiosk itself, not in your "
        "file. Tell IT: the kiosk's log has the details.")


@dataclass
class _Unrendered:
    """A page of a full load, rendered once the library is whole: its links are judged
    against every page (links.Targets)."""

    page: Page
    fm: frontmatter.FrontMatter
    body: str
    is_faq: bool


@dataclass
class _Context:
    root: Path
    today: dt.date
    problems: list[Problem]
    quick: bool = False
    values: Mapping[str, str] | None = None  # the clinic's values that are set (see fill)
    _noted: set[str] = field(default_factory=set)
    unrendered: list[_Unrendered] = field(default_factory=list)

    @functools.cached_property
    def targets(self) -> links.Targets:
        """What links may open: filled when the library is whole, before any page renders."""
        return links.Targets(self.root)

    @functools.cached_property
    def resolved_root(self) -> Path:
        """The root with links followed, once per load: what pictures must stay inside."""
        return self.root.resolve()

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

    def fill(self, path: Path, line: int, text: str, *, markdown: bool = False) -> str:
        """`text` (from `line` of `path` on) with the clinic's values filled in
        (clinic_values.py), its problems reported at their lines; a note about a value not set
        only once in a load, where it is first used."""
        filled, issues = clinic_values.fill(text, self.values, markdown=markdown)
        for issue in issues:
            if issue.severity is Severity.NOTE:
                if issue.message in self._noted:
                    continue
                self._noted.add(issue.message)
            self.add(path, line + issue.line - 1, issue.severity, issue.message)
        return filled

    def result(self, library: Library | None) -> LoadResult:
        return LoadResult(library, tuple(sorted(self.problems, key=lambda p: p.sort_key)))


def load_library(
    root: Path | str, default_language: str = "en", today: dt.date | None = None, *,
    quick: bool = False, values: Mapping[str, str] | None = None,
) -> LoadResult:
    """Read a whole content folder. Never raises for anything a staff member could do to it.

    `quick`: read every file and check the folder's shape and every page's front matter, but
    render each page only when it is first shown, and skip the checks that need the rendered
    text (pictures, reading grade, length). Start-up uses it to reach the first screen fast;
    the full load, off the UI thread, then checks everything (ContentWatcher).

    `values`: the clinic's values that are set (`Settings.clinic_values()`), filled into page
    text and titles in place of `{{name | fallback words}}`. None (no settings read) shows the
    fallback words too, only without a note for each value the content uses but is not set:
    the errors never depend on the values.
    """
    root = Path(root).absolute()
    ctx = _Context(root, today or dt.date.today(), [], quick, values)
    try:
        return ctx.result(_load(ctx, default_language))
    except Exception:  # a bug, not bad content: logged with its traceback, reported plainly
        log.exception("bug while loading content from %s", root)
        ctx.error(root, 0, _BUG)
        return ctx.result(None)


def _load(ctx: _Context, default_language: str) -> Library | None:
    root = ctx.root
    if not root.is_dir():
        ctx.error(root, 0, f"the content folder `{root}` does not exist or is not a folder. "
                  "Check the folder's name and where it is, in the settings or the command.")
        return None
    languages: list[Language] = []
    for entry in _entries(ctx, root):
        if entry.is_dir():
            if names.LANGUAGE_CODE.match(entry.name):
                language = _load_language(ctx, entry)
                if language is not None:
                    languages.append(language)
            else:
                ctx.warning(entry, 0, _not_a_language(entry.name))
        elif entry.name.lower() not in _STAFF_FILES:
            ctx.warning(entry, 0, "files at the top of the content folder are ignored. Put "
                        "pages inside a section folder such as `en/10-what-it-is/`.")
    if not languages:
        ctx.error(root, 0, "no language folder with content was found. Add a folder named "
                  "`en` with an `_index.md` and a section folder (see README.md).")
        return None
    codes = [lang.code for lang in languages]
    translated: tuple[translations.Pairing, ...] = ()
    if default_language in codes:
        translated = tuple(pairings(languages, default_language, root))
        languages, missing = fill_missing(languages, default_language, root)
        ctx.problems.extend(missing)
        languages = _merge_notices(ctx, languages, default_language)
    ctx.targets.fill(languages)
    _render_pages(ctx)
    if default_language not in codes:
        ctx.warning(root, 0, f"the default language `{default_language}` has no folder, so "
                    f"the kiosk starts in `{codes[0]}`. Add an `{default_language}` folder, or "
                    "change the language in the settings.")
    return Library(root, tuple(languages),
                   default_language if default_language in codes else codes[0], translated)


def _merge_notices(ctx: _Context, languages: list[Language], default_code: str
                   ) -> list[Language]:
    default = next(lang for lang in languages if lang.code == default_code)
    merged = []
    for lang in languages:
        if lang.code == default_code:
            merged.append(lang)
            continue
        shown, problems = notices.merge(lang.notices, default.notices, lang.code,
                                        default_code, ctx.root)
        ctx.problems.extend(problems)
        merged.append(replace(lang, notices=shown))
    return merged


def _not_a_language(name: str) -> str:
    if names.LANGUAGE_CODE.match(name.lower()):
        return f"rename this folder to `{name.lower()}` (small letters), or the kiosk ignores it."
    return ("this folder is not a language folder (like `en` or `es`), so the kiosk ignores "
            "it. Move its pages into a section folder inside `en/`.")


def _entries(ctx: _Context, folder: Path) -> list[Path]:
    """A folder's entries that are content: leftovers skipped, links outside refused."""
    try:
        with os.scandir(folder) as scan:
            raw = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        ctx.error(folder, 0, f"the folder cannot be read ({exc.strerror}). Check its "
                  "permissions, or ask IT.")
        return []
    if len(raw) > MAX_ENTRIES:
        ctx.error(folder, 0, f"the folder holds {len(raw)} files; only the first "
                  f"{MAX_ENTRIES} are read. Remove what does not belong here.")
        raw = raw[:MAX_ENTRIES]
    root = ctx.resolved_root
    entries = []
    for item in raw:
        path = Path(item.path)
        if names.is_leftover(item.name):
            continue
        if item.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                ctx.error(path, 0, "this shortcut (link) points to a file that is not there. "
                          "Delete it, or copy the real file in.")
                continue
            if not target.is_relative_to(root):
                ctx.error(path, 0, "this shortcut (link) points outside the content folder, "
                          "so it is not shown. Copy the file itself into the folder instead.")
                continue
        entries.append(path)
    return entries


def _split_index(entries: list[Path]) -> tuple[Path | None, list[Path]]:
    """The folder's `_index.md` (any capitals) and the rest."""
    index = next((e for e in entries if e.name.lower() == names.INDEX_FILE), None)
    return index, [e for e in entries if e is not index]


def _front_matter(
    ctx: _Context, path: Path, allowed: frozenset[str], is_index: bool = False
) -> frontmatter.FrontMatter | None:
    read = read_text(path, _INDEX_EMPTY if is_index else "Write the page's text, or delete "
                     "the file.")
    if read.text is None:
        severity = Severity.WARNING if is_index and read.empty else Severity.ERROR
        ctx.add(path, read.line, severity, read.error)
        return None
    fm = frontmatter.parse(read.text, allowed)
    for issue in fm.issues:
        ctx.add(path, issue.line, issue.severity, issue.message)
    if is_index and fm.body.strip() and not fm.broken:
        line = fm.body_line + next(i for i, t in enumerate(fm.body.split("\n")) if t.strip())
        ctx.warning(path, line, "text below the `---` lines of `_index.md` is not shown: this "
                    "file only names the folder. Put the text in a page instead (copy a page "
                    "file such as `10-….md`).")
    return fm


def _load_language(ctx: _Context, folder: Path) -> Language | None:
    index, entries = _split_index(_entries(ctx, folder))
    title, welcome, message, translated_from = names.humanize(folder.name), "", "", ""
    version = translations.version(title, welcome, message)
    if index is not None and index.is_file():
        fm = _front_matter(ctx, index, LANGUAGE_KEYS, is_index=True)
        if fm is not None:
            # The version is of the words as written (see _load_page); the screen gets them
            # filled with the clinic's values.
            version = translations.version(fm.values.get("title", "") or title,
                                           fm.values.get("welcome", ""),
                                           fm.values.get("message", "").strip())
            title = ctx.fill(index, fm.lines.get("title", 1), fm.values.get("title", "")) or title
            welcome = ctx.fill(index, fm.lines.get("welcome", 1), fm.values.get("welcome", ""))
            message = ctx.fill(index, fm.lines.get("message", 1),
                               fm.values.get("message", "").strip())
            translated_from = fm.values.get(translations.KEY, "")
            checks.home_message(ctx.warning, index, fm)
            if not fm.values.get("title") and not fm.broken:
                ctx.error(index, fm.lines.get("title", 1), "add a `title:` line between the "
                          "`---` lines: it is the kiosk's title on the home screen.")
    else:
        ctx.error(folder, 0, f"add a file `{names.INDEX_FILE}` here with `title:` (the kiosk's "
                  "title on the home screen) and `welcome:` (one short line under it); copy "
                  "the one from the `en` folder.")
    sections: list[tuple[Section, float | None]] = []
    faq: Section | None = None
    notes: tuple[Notice, ...] = ()
    for entry in entries:
        if entry.is_dir() and entry.name.lower() == notices.FOLDER:
            notes = _load_notices(ctx, entry, folder.name)
            continue
        if entry.is_dir() and not _name_ok(ctx, entry, "section"):
            continue
        if entry.is_dir():
            is_faq = names.slug(entry.name) == names.FAQ_FOLDER
            if is_faq and faq is not None:
                ctx.error(entry, 0, f"there is already a questions folder "
                          f"(`{faq.source.name}`). Move these questions into it, then delete "
                          "this folder.")
                continue
            loaded = _load_section(ctx, entry, is_faq)
            if loaded is None:
                continue
            if is_faq:
                faq = loaded[0]
            else:
                sections.append(loaded)
        elif entry.suffix.lower() == ".md":
            ctx.warning(entry, 0, "pages go inside a section folder (such as "
                        f"`{folder.name}/10-what-it-is/`); this file is ignored. Move it there.")
        else:
            ctx.warning(entry, 0, "only section folders and `_index.md` belong here; this file "
                        "is ignored. Move it into the section folder whose pages use it.")
    if not sections and faq is None:
        ctx.error(folder, 0, "this language has no sections. Add a section folder with pages "
                  "(copy one from another language).")
        return None
    checks.home_tiles(ctx.warning, folder, len(sections), faq is not None)
    ordered = _order(ctx, [(s.source, s) for s, _ in sections], "section",
                     {s.source: w for s, w in sections})
    _unique_ids(ctx, ordered, "section", reserved=names.FAQ_FOLDER)
    return Language(
        code=folder.name,
        title=title,
        welcome=welcome,
        sections=tuple(ordered),
        faq_title=faq.title if faq else "",
        faq=faq.pages if faq else (),
        message=message,
        faq_icon=faq.icon if faq else None,
        version=version,
        translated_from=translated_from,
        notices=notes,
    )


def _load_notices(ctx: _Context, folder: Path, code: str) -> tuple[Notice, ...]:
    """The language's scheduled notices (notices.py), one per `.md` file, by file name."""
    loaded: list[Notice] = []
    for entry in _entries(ctx, folder):
        if entry.is_dir() or entry.suffix.lower() != ".md":
            ctx.warning(entry, 0, "only notice files ending in `.md` belong in the notices "
                        "folder; this is ignored. Move it out.")
            continue
        fm = _front_matter(ctx, entry, notices.KEYS)
        if fm is None:
            continue
        text = ctx.fill(entry, fm.body_line, fm.body)
        notice = notices.read_notice(ctx.add, entry, fm, text, language=code, today=ctx.today)
        if notice is not None:
            loaded.append(notice)
    return tuple(loaded)


def _load_section(
    ctx: _Context, folder: Path, is_faq: bool
) -> tuple[Section, float | None] | None:
    index, entries = _split_index(_entries(ctx, folder))
    title = "Questions" if is_faq else names.humanize(folder.name)
    summary = ""
    version = translations.version(title, summary)
    handout = ""
    translated_from = ""
    icon: Path | None = None
    weight: float | None = None
    if index is not None and index.is_file():
        fm = _front_matter(ctx, index, SECTION_KEYS, is_index=True)
        if fm is not None:
            if not fm.values.get("title") and not fm.broken:
                ctx.warning(index, fm.lines.get("title", 1), "add a `title:` line between the "
                            "`---` lines for the home screen tile; until then it is called "
                            f"\"{title}\".")
            title = fm.values.get("title") or title
            summary = fm.values.get("summary", "")
            version = translations.version(title, summary)  # of the words as written
            title = ctx.fill(index, fm.lines.get("title", 1), title)
            summary = ctx.fill(index, fm.lines.get("summary", 1), summary)
            translated_from = fm.values.get(translations.KEY, "")
            handout = checks.handout_url(ctx.error, index, fm)
            weight = _weight(ctx, index, fm)
            checks.section_index(ctx.warning, index, fm)
            # Checked in the quick load too: the home screen, the first one shown, draws it.
            icon = icons.tile_icon(ctx.warning, index, fm, ctx.resolved_root)
    else:
        ctx.warning(folder, 0, f"add a file `{names.INDEX_FILE}` here with a `title:` line for "
                    f"the home screen tile; until then it is called \"{title}\".")
    pages: list[tuple[Path, Page, float | None]] = []
    for entry in entries:
        if entry.is_dir():
            ctx.warning(entry, 0, "folders inside a section are ignored. Move its pages up "
                        "into the section folder.")
        elif (original := names.sync_conflict_original(entry.name)) is not None:
            ctx.warning(entry, 0, "a sync program made this copy because the file was changed "
                        "in two places at once; it is not shown. Keep the right text in "
                        f"`{original}`, then delete this copy.")
        elif entry.suffix.lower() == ".md":
            if not _name_ok(ctx, entry, "question" if is_faq else "page"):
                continue
            loaded = _load_page_safely(ctx, entry, folder, is_faq)
            if loaded is not None:
                pages.append((entry, *loaded))
        elif entry.suffix.lower() not in IMAGE_SUFFIXES:
            ctx.warning(entry, 0, names.ignored_file_hint(entry.name))
        elif (tidy := names.tidy_name(entry.name)) is not None:
            ctx.warning(entry, 0, f"use small letters and hyphens in names, no spaces: rename "
                        f"this picture to `{tidy}`, then change its name in the page that "
                        "shows it too.")
    if not pages:
        kind = "question" if is_faq else "page"
        ctx.error(folder, 0, f"this {'questions folder' if is_faq else 'section'} has no "
                  f"{kind}s that can be shown. Add a {kind} (copy an existing .md file), fix "
                  "the errors listed for its files, or delete the folder.")
        return None
    ordered = _order(ctx, [(path, page) for path, page, _ in pages], "page",
                     {path: w for path, _, w in pages})
    _unique_ids(ctx, ordered, "page")
    section_id = names.FAQ_FOLDER if is_faq else names.slug(folder.name)
    return Section(section_id, title, summary, tuple(ordered), folder, handout,
                   version=version, translated_from=translated_from, icon=icon), weight


def _name_ok(ctx: _Context, entry: Path, kind: str) -> bool:
    """False for a file manager's copy (an error: it is not loaded); a warning for a name with
    spaces or capital letters, which still loads."""
    is_file = not entry.is_dir()
    original = names.copy_original(entry.name, is_file=is_file)
    if original is not None:
        number, _ = names.split_prefix(original.removesuffix(entry.suffix) if is_file
                                       else original)
        example = f"{(number or 10) + 5}-…{entry.suffix.lower() if is_file else ''}"
        if (entry.parent / original).exists():
            ctx.error(entry, 0, f"this looks like a copy of `{original}` made by a file "
                      f"manager: it would show as a second {kind}. Delete it, or rename it "
                      f"with its own number, like `{example}`.")
        else:
            ctx.error(entry, 0, f"this name looks like a copy made by a file manager, so the "
                      f"{kind} is not shown. Rename it with its own number and name, like "
                      f"`{example}`.")
        return False
    tidy = names.tidy_name(entry.name, is_file=is_file)
    if tidy is not None:
        ctx.warning(entry, 0, "use small letters and hyphens in names, no spaces: rename "
                    f"this {'folder' if not is_file else 'file'} to `{tidy}`.")
    return True


def _unique_ids(ctx: _Context, items: list[_Item], kind: str, reserved: str = "") -> None:
    """Ids must be unique: they keep a patient on the same page across languages and reloads."""
    seen: dict[str, Path] = {}
    for item in items:
        if item.id == reserved:
            ctx.error(item.source, 0, f"a section cannot be called `{reserved}`: that name is "
                      "kept for the questions folder. Rename this folder.")
        elif item.id in seen:
            ctx.error(item.source, 0, f"this {kind} has the same name as "
                      f"`{seen[item.id].name}` once the number is left off. Give one of them a "
                      "different name.")
        seen.setdefault(item.id, item.source)


def _weight(ctx: _Context, path: Path, fm: frontmatter.FrontMatter) -> float | None:
    raw = fm.values.get("weight")
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or abs(value) > MAX_WEIGHT:
        ctx.error(path, fm.lines["weight"], f"`weight: {raw[:20]}` must be a whole number, "
                  "like `weight: 20`.")
        return None
    return float(value)


def _load_page_safely(
    ctx: _Context, path: Path, folder: Path, is_faq: bool
) -> tuple[Page, float | None] | None:
    """One page's bug must not hide every other page's problems from the staff member."""
    try:
        return _load_page(ctx, path, folder, is_faq)
    except Exception:
        log.exception("bug while loading the page %s", path)
        ctx.error(path, 0, _BUG)
        return None


def _load_page(
    ctx: _Context, path: Path, folder: Path, is_faq: bool
) -> tuple[Page, float | None] | None:
    fm = _front_matter(ctx, path, PAGE_KEYS)
    if fm is None:
        return None
    title, body, heading_line = _title_and_body(fm)
    if fm.values.get("title") and heading_line:
        ctx.warning(path, heading_line, "this heading repeats the title, which the kiosk shows "
                    "already. Delete this line.")
    if not title and not fm.broken and "title" not in fm.misspelt:
        what = "question" if is_faq else "page"
        example = "Will it hurt?" if is_faq else "What to bring"
        ctx.error(path, 1, f"the {what} has no title. Add `title: {example}` between the `---` "
                  "lines at the top, or start the text with a heading line like "
                  f"`# {example}`.")
    title = title or names.humanize(path.stem)
    if not body.strip() and not fm.broken:
        what = "answer" if is_faq else "text"
        ctx.error(path, fm.body_line, f"the {what} is missing. Write it below the closing "
                  "`---` line.")
    # The version is of the words as written, so a translation's state never depends on the
    # settings of the screen it is checked on.
    version = translations.version(title, body)
    title = ctx.fill(path, _title_line(fm), title)
    body = ctx.fill(path, fm.body_line, body, markdown=True)
    key = (body, str(path.parent), str(ctx.root))
    # Rendered when first shown (quick), or by _render_pages once the library is whole (full):
    # either way after ctx.targets is filled.
    content = Body(key, render=functools.partial(_render_quietly, body, path, ctx.root,
                                                 ctx.targets))
    dates = checks.review_dates(ctx.add, path, fm, is_faq=is_faq, today=ctx.today)
    page = Page(
        id=f"{names.FAQ_FOLDER if is_faq else names.slug(folder.name)}/{names.slug(path.stem)}",
        title=title,
        body=content,
        source=path,
        language=path.parent.parent.name,  # en/10-section/page.md → "en"
        version=version,
        translated_from=fm.values.get(translations.KEY, ""),
        reviewed=dates.get("reviewed"),
        review_by=dates.get("review_by"),
    )
    if not ctx.quick:
        ctx.unrendered.append(_Unrendered(page, fm, body, is_faq))
    return page, _weight(ctx, path, fm)


def _render_pages(ctx: _Context) -> None:
    """The full load: render every page it read, then check what needs the rendered text."""
    for item in ctx.unrendered:
        path, fm = item.page.source, item.fm
        try:
            item.page.body.settle(_render(ctx, path, item.body, fm.body_line))
            checks.page(ctx.add, path, fm, item.page, is_faq=item.is_faq,
                        root=ctx.resolved_root)
            checks.body_rules(ctx.add, path, fm, fm.values.get("title", ""))
        except Exception:  # one page's bug must not hide every other page's problems
            log.exception("bug while rendering the page %s", path)
            ctx.error(path, 0, _BUG)
    ctx.unrendered.clear()


def _render(ctx: _Context, path: Path, body: str, body_line: int) -> PageText:
    from kiosk.content.render import render_markdown  # noqa: PLC0415 - not on the quick path

    rendered = render_markdown(body, path.parent, ctx.resolved_root, root_resolved=True,
                               page=path, targets=ctx.targets)
    for issue in rendered.issues:
        line = issue.line + body_line - 1 if issue.line else 0
        ctx.add(path, line, issue.severity, issue.message)
    return PageText(rendered.html, rendered.text, rendered.images)


def _render_quietly(body: str, page: Path, root: Path, targets: links.Targets) -> PageText:
    """A page of a quick load, rendered when first shown: its problems are the full load's
    to report."""
    from kiosk.content.render import render_markdown  # noqa: PLC0415

    rendered = render_markdown(body, page.parent, root, page=page, targets=targets)
    return PageText(rendered.html, rendered.text, rendered.images)


def _title_and_body(fm: frontmatter.FrontMatter) -> tuple[str, str, int]:
    """The title (front matter, else a first `# heading`) and the body without that heading.

    The heading is blanked, not removed, so line numbers in later messages stay right. The
    third value is the line of a first heading that merely repeats the front-matter title.
    """
    title = fm.values.get("title", "")
    lines = fm.body.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        heading = line.strip().lstrip("#").strip() if line.startswith("#") else ""
        if heading and (not title or heading.casefold() == title.casefold()):
            lines[index] = ""
            return title or heading, "\n".join(lines), fm.body_line + index if title else 0
        break
    return title, fm.body, 0


def _title_line(fm: frontmatter.FrontMatter) -> int:
    """The line the title comes from: its front-matter line, else the first heading."""
    if fm.values.get("title"):
        return fm.lines["title"]
    lines = fm.body.split("\n")
    return fm.body_line + next((i for i, line in enumerate(lines) if line.strip()), 0)


def _order(
    ctx: _Context,
    items: list[tuple[Path, _Item]],
    kind: str,
    weights: dict[Path, float | None],
) -> list[_Item]:
    """Order by `weight`, else by the file name's number; warn where two share a place."""
    keyed: list[tuple[float, str, Path, _Item]] = []
    for path, item in items:
        number, _ = names.split_prefix(path.stem if path.suffix.lower() == ".md" else path.name)
        weight = weights.get(path)
        order = weight if weight is not None else (float(number) if number is not None
                                                    else float("inf"))
        if order == float("inf"):
            ctx.warning(path, 0, f"this {kind}'s name does not start with a number, so it comes "
                        f"last. Start the name with a number to set its place, like "
                        f"`15-{path.name}`.")
        keyed.append((order, path.name, path, item))
    keyed.sort(key=lambda k: (k[0], k[1]))
    for (order_a, _, path_a, _), (order_b, _, path_b, _) in itertools.pairwise(keyed):
        if order_a == order_b and order_a != float("inf"):
            ctx.warning(path_b, 0, f"this {kind} has the same order number ({int(order_a)}) as "
                        f"`{path_a.name}`, so their order is by name. Give each a different "
                        "number.")
    return [item for *_, item in keyed]
