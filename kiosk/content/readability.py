"""Reading grade of a page's plain text, for the plain-language rule (grade 8 or lower).

textstat is pinned to 0.7.8: later versions fetch NLTK data on first use, which fails on an
offline kiosk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True)
class Readability:
    grade: float
    longest_sentence: str


def measure(text: str, language: str = "en") -> Readability:
    """Flesch-Kincaid grade (English); other languages are scored in their own formulas later."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    longest = max(sentences, key=lambda s: len(s.split()), default="")
    if not sentences:
        return Readability(0.0, "")
    textstat.set_lang("en")
    return Readability(round(float(textstat.flesch_kincaid_grade(text)), 1), longest)
