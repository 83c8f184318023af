"""Reading ease of a page's plain text, in the formula made for its language.

English: Flesch-Kincaid grade, 8 or lower (aim for 6). Spanish: Fernández-Huerta, 70 or higher
("fairly easy" or easier). textstat is pinned to 0.7.8: later versions fetch NLTK data on first
use, which fails on an offline kiosk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
MAX_GRADE = 8.0  # English
MIN_EASE = 70.0  # Spanish: "bastante fácil" or easier


@dataclass(frozen=True)
class Readability:
    score: float
    formula: str  # what `score` is, for messages
    acceptable: bool
    longest_sentence: str
    target: str  # the rule, in words, for messages

    @property
    def grade(self) -> float:
        """The English grade (kept for callers that only deal with English)."""
        return self.score


def measure(text: str, language: str = "en") -> Readability:
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    longest = max(sentences, key=lambda s: len(s.split()), default="")
    if language.startswith("es"):
        if not sentences:
            return Readability(100.0, "Fernández-Huerta ease", True, "", "70 or higher")
        textstat.set_lang("es")
        try:
            score = round(float(textstat.fernandez_huerta(text)), 1)
        finally:
            textstat.set_lang("en")
        return Readability(score, "Fernández-Huerta ease", score >= MIN_EASE, longest,
                           "70 or higher")
    if not sentences:
        return Readability(0.0, "reading grade", True, "", "8 or lower")
    textstat.set_lang("en")
    grade = round(float(textstat.flesch_kincaid_grade(text)), 1)
    return Readability(grade, "reading grade", grade <= MAX_GRADE, longest, "8 or lower")
