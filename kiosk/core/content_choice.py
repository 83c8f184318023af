"""Choosing the content to show at start: the configured folder if it loads without errors,
else the bundled copy, with the reason logged — never a blank start."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.content import LoadResult, load_library
from kiosk.content.model import Library
from kiosk.core import paths

log = logging.getLogger(__name__)


class NoContentError(RuntimeError):
    """Neither the chosen folder nor the bundled copy gave anything to show."""


def initial_library(folder: Path, default_language: str = "en",
                    quick: bool = False) -> tuple[Library, LoadResult]:
    """The library to show first and the load result of the folder that was asked for.

    `quick` (the kiosk's start): see `load_library`; the caller then has the folder checked in
    full and, should that find errors before it ever passed, shows `bundled_library` instead.
    """
    result = load_library(folder, default_language, quick=quick)
    for problem in result.problems:
        log.log(logging.ERROR if problem in result.errors else logging.WARNING,
                "content: %s", problem.format())
    if result.ok and result.library is not None:
        return result.library, result
    bundled = paths.bundled_content()
    log.error("content folder %s has %d error(s); showing the bundled content from %s instead",
              folder, len(result.errors), bundled)
    fallback = bundled_library(folder, default_language, quick)
    if fallback is not None:
        return fallback, result
    if result.library is not None:
        # Last resort: the best we have, errors and all, rather than a blank screen.
        return result.library, result
    raise NoContentError(f"no content could be loaded from {folder} or {bundled}")


def bundled_library(folder: Path, default_language: str = "en",
                    quick: bool = False) -> Library | None:
    """The content shipped with the kiosk, to show instead of `folder`; None if `folder` is
    the bundled content itself or the bundled copy is unusable too."""
    bundled = paths.bundled_content()
    if bundled.resolve() == Path(folder).resolve():
        return None
    return load_library(bundled, default_language, quick=quick).library
