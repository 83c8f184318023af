"""Choosing the content to show at start: the configured folder if it loads without errors,
else the last good copy of that same folder (kiosk/core/last_good.py), else the bundled
content, with the reason logged — never a blank start."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from kiosk.content import LoadResult, load_library
from kiosk.content.model import Library, Severity
from kiosk.core import last_good, paths

log = logging.getLogger(__name__)
# A note (a review coming up, a clinic value not set) is for staff, not a fault.
_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING,
           Severity.NOTE: logging.INFO}


class NoContentError(RuntimeError):
    """Neither the chosen folder nor the bundled copy gave anything to show."""


def initial_library(folder: Path, default_language: str = "en", quick: bool = False,
                    last_good_home: Path | None = None,
                    values: Mapping[str, str] | None = None) -> tuple[Library, LoadResult]:
    """The library to show first and the load result of the folder that was asked for.

    `quick` (the kiosk's start): see `load_library`; the caller then has the folder checked in
    full and, should that find errors before it ever passed, shows `fallback_library` instead.
    `last_good_home`: where last good copies are kept (default `paths.last_good_home()`).
    `values`: the clinic's values (`Settings.clinic_values()`), for whichever is shown.
    """
    result = load_library(folder, default_language, quick=quick, values=values)
    for problem in result.problems:
        log.log(_LEVELS[problem.severity], "content: %s", problem.format())
    if result.ok and result.library is not None:
        return result.library, result
    fallback = fallback_library(folder, f"has {len(result.errors)} error(s)", default_language,
                                quick, last_good_home, values)
    if fallback is not None:
        return fallback, result
    bundled = paths.bundled_content()
    if result.library is not None:
        # Last resort: the best we have, errors and all, rather than a blank screen.
        return result.library, result
    raise NoContentError(f"no content could be loaded from {folder} or {bundled}")


def fallback_library(folder: Path, why: str, default_language: str = "en", quick: bool = False,
                     last_good_home: Path | None = None,
                     values: Mapping[str, str] | None = None) -> Library | None:
    """What to show instead of `folder`, which `why` (e.g. "has 2 error(s)"): its last good
    copy if one was kept (never a copy of another folder), else the bundled content; the
    choice logged. None if neither loads."""
    home = paths.last_good_home() if last_good_home is None else last_good_home
    kept = last_good.find(home, folder)
    if kept is not None:
        copy = load_library(kept.content, default_language, quick=quick, values=values)
        if copy.ok and copy.library is not None:
            log.error("content folder %s %s; showing the last good copy from %s (kept in %s) "
                      "instead", folder, why, kept.taken, kept.content)
            return copy.library
        log.error("the last good copy of %s in %s does not load (%d error(s)); not used",
                  folder, kept.content, len(copy.errors))
    fallback = bundled_library(folder, default_language, quick, values)
    if fallback is not None:
        log.error("content folder %s %s; showing the bundled content from %s instead (no good "
                  "copy of it is kept)", folder, why, fallback.root)
    return fallback


def bundled_library(folder: Path, default_language: str = "en", quick: bool = False,
                    values: Mapping[str, str] | None = None) -> Library | None:
    """The content shipped with the kiosk, to show instead of `folder`; None if `folder` is
    the bundled content itself or the bundled copy is unusable too."""
    bundled = paths.bundled_content()
    if bundled.resolve() == Path(folder).resolve():
        return None
    return load_library(bundled, default_language, quick=quick, values=values).library


def describe_on_screen(root: Path, folder: Path, newest_has_errors: bool,
                       last_good_home: Path | None = None) -> str:
    """For the staff panel: what is on screen (the library loaded from `root`) and why, for
    the content folder `folder`; `newest_has_errors`: the folder's newest load had errors."""
    home = paths.last_good_home() if last_good_home is None else last_good_home
    if Path(root).resolve() == Path(folder).resolve():
        if newest_has_errors:
            return ("On screen: the content folder as it last loaded without errors. The "
                    "newest edit has errors (below) and is NOT shown until they are fixed.")
        return "On screen: the content folder, as it is now."
    kept = last_good.is_copy(home, root)
    if kept is not None:
        return (f"On screen: the last good copy of the content folder, from {kept.taken}, "
                "because the folder has errors (below). The folder is shown again as soon as "
                "they are fixed.")
    if Path(root).resolve() == paths.bundled_content().resolve():
        return ("On screen: the bundled content, because the content folder has errors "
                "(below) and no good copy of it has been kept. The folder is shown as soon as "
                "they are fixed.")
    return f"On screen: the content from {root}."
