"""The content layer: folder → immutable library. Pure Python: no Qt may be imported here."""

from kiosk.content.loader import load_library
from kiosk.content.model import (
    Body,
    Language,
    Library,
    LoadResult,
    Page,
    PageText,
    Problem,
    Section,
    Severity,
)

__all__ = [
    "Body", "Language", "Library", "LoadResult", "Page", "PageText", "Problem", "Section",
    "Severity", "load_library",
]
