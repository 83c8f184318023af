"""Loads Atkinson Hyperlegible (designed for low-vision readers) into Qt's font database."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FALLBACK_FAMILY = "Segoe UI" if sys.platform == "win32" else "DejaVu Sans"


def font_files() -> list[Path]:
    try:
        import fontpkg_atkinson_hyperlegible as package  # noqa: PLC0415 - optional at run time
    except ImportError:
        return []
    folder = Path(package.__file__).parent / "files"
    return sorted(folder.glob("AtkinsonHyperlegible-*.ttf"))


def load_fonts() -> str:
    """Register the bundled font files and return the family to use; falls back quietly to a
    common sans-serif so a missing font never stops the kiosk."""
    family = ""
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    if not family:
        log.warning("Atkinson Hyperlegible is not available; using %s", FALLBACK_FAMILY)
        return FALLBACK_FAMILY
    return family
