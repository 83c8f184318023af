"""The content layer: folder → immutable library. Pure Python: no Qt may be imported here."""

from kiosk.content.loader import load_library
from kiosk.content.model import Language, Library, LoadResult, Page, Problem, Section, Severity

__all__ = [
    "Language", "Library", "LoadResult", "Page", "Problem", "Section", "Severity", "load_library",
]
