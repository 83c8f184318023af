"""The last good copy of the content folder: kept each time the folder passes its full check,
so that a restart during a broken edit shows the clinic's own last good content, not the
bundled content.

Layout, in `paths.last_good_home()` (the platform's state folder):

    last-good/            the copy kept last
        content/          the content files (no leftovers: names.is_leftover)
        record.json       which folder it is a copy of, when it was taken, its fingerprint
    last-good.previous/   the copy before it (one is kept)
    last-good.new/        only while a copy is being made, or after a crash during one

A copy is written whole: into `last-good.new`, then `last-good` becomes `last-good.previous`
(an older previous is deleted first) and `last-good.new` becomes `last-good`. Renaming a folder
over another is not atomic everywhere, hence the two renames. If the kiosk stops between them,
`last-good` is missing and `last-good.previous` is used. The record sits beside the content in
the same folder, so a copy and its record move together and can never be parted.

A copy only ever stands in for the folder it was taken from (`source`, the absolute resolved
path). No Qt here: the app layer calls `keep` off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content import names
from kiosk.content.sha256 import sha256
from kiosk.core.atomic_file import write_atomically

log = logging.getLogger(__name__)

CURRENT = "last-good"
NEW = "last-good.new"
PREVIOUS = "last-good.previous"
CONTENT = "content"
RECORD = "record.json"

CopyFunction = Callable[[str, str], object]


@dataclass(frozen=True)
class Kept:
    """A last good copy: `content` is the folder to load instead of `source`."""

    content: Path
    source: Path
    taken_at: dt.datetime
    fingerprint: str

    @property
    def taken(self) -> str:
        """When it was taken, for people: `2026-12-01 14:03`."""
        return self.taken_at.strftime("%Y-%m-%d %H:%M")


def fingerprint(folder: Path) -> str:
    """Names, sizes and modification times of the content files: equal for an unchanged
    folder. Cheap (no file is read); leftovers are not content and do not count."""
    return digest((relative, st.st_size, st.st_mtime_ns)
                  for relative, st in names.content_files(folder))


def digest(entries: Iterable[tuple[str, int, int]]) -> str:
    """`fingerprint` of (relative path, size, modification time in ns) entries, so the watcher
    can log the fingerprint of exactly the folder it loaded (tests and IT compare them)."""
    hashed = sha256()
    for relative, size, mtime_ns in entries:
        hashed.update(f"{relative}\0{size}\0{mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return hashed.hexdigest()


def _source_key(folder: Path) -> Path:
    return Path(os.path.abspath(folder)).resolve()


def _read(copy: Path) -> Kept | None:
    """The copy in `copy` (one of the three folders), or None if it is not a whole one."""
    try:
        record = json.loads((copy / RECORD).read_text(encoding="utf-8"))
        kept = Kept(copy / CONTENT, Path(record["source"]),
                    dt.datetime.fromisoformat(record["taken_at"]), str(record["fingerprint"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return kept if kept.content.is_dir() else None


def find(home: Path, folder: Path) -> Kept | None:
    """The last good copy of `folder` kept in `home`, or None: a copy of another folder never
    stands in for it. `last-good` first; `last-good.previous` if the newest is missing (a stop
    between the two renames) or is a copy of another folder."""
    source = _source_key(folder)
    for name in (CURRENT, PREVIOUS):
        kept = _read(home / name)
        if kept is not None and kept.source == source:
            return kept
    return None


def is_copy(home: Path, root: Path) -> Kept | None:
    """The copy whose content folder is `root` (what a library on screen was loaded from)."""
    for name in (CURRENT, PREVIOUS):
        kept = _read(home / name)
        if kept is not None and _source_key(kept.content) == _source_key(root):
            return kept
    return None


def keep(folder: Path, home: Path, unchanged: Callable[[], bool] = lambda: True,
         now: dt.datetime | None = None, copy_file: CopyFunction = shutil.copy2) -> Kept | None:
    """Keep `folder` (which has just passed its full check) as the last good copy in `home`.

    Nothing is copied if the newest copy already is of this folder with the same fingerprint.
    `unchanged` is asked once the copy is made: False (the folder changed since it was
    checked) drops the new copy, so what is kept is always what passed. Returns the copy now
    kept, or None if none was made. Raises OSError if the copy could not be made; the old copy
    is then left as it was.
    """
    source = _source_key(folder)
    before = fingerprint(folder)
    newest = _read(home / CURRENT)
    if newest is not None and newest.source == source and newest.fingerprint == before:
        log.debug("content folder %s unchanged since its last good copy; not copied", folder)
        return newest
    home.mkdir(parents=True, exist_ok=True)
    new = home / NEW
    _remove(new)  # what a crash during an earlier copy left
    try:
        shutil.copytree(folder, new / CONTENT, copy_function=copy_file,
                        ignore=lambda _dir, entries: [e for e in entries
                                                      if names.is_leftover(e)])
        taken_at = (now or dt.datetime.now()).astimezone()
        _write_json(new / RECORD, {"source": str(source), "taken_at": taken_at.isoformat(),
                                   "fingerprint": before})
    except BaseException:
        _remove(new)
        raise
    if fingerprint(folder) != before or not unchanged():
        log.info("content folder %s changed while it was copied; the copy is dropped", folder)
        _remove(new)
        return None
    current, previous = home / CURRENT, home / PREVIOUS
    if current.exists():
        _remove(previous)
        os.rename(current, previous)
    os.rename(new, current)
    kept = _read(current)
    if kept is not None:
        log.info("kept a last good copy of content folder %s in %s", folder, current)
    return kept


def _write_json(path: Path, data: dict[str, str]) -> None:
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False))


def _remove(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
