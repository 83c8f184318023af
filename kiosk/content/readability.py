"""Reading ease of a page's plain text, in the formula made for its language.

English: Flesch-Kincaid grade, 8 or lower (aim for 6). Spanish: Fernández-Huerta ease, 70 or
higher ("bastante fácil" or easier).

The kiosk computes both itself, from words.py and syllables.py. It used textstat 0.7.8 until
then: later versions download data on first use (an offline kiosk cannot), 0.7.8 needed
setuptools' pkg_resources, and it counted Spanish syllables with hyphenation patterns, too few
of them. English grades are unchanged to the last decimal
(tests/unit/data/readability_parity.json); Spanish ease is lower than textstat's, as the count
of syllables is now right.

Fernández-Huerta (1959) is usually quoted as 206.84 − 0.60·P − 1.02·F, P syllables per 100
words and F sentences per 100 words. Read that way, shorter sentences would lower the ease: F
is a misprint for the number of words per sentence, as in Flesch's formula it adapts (G. Law,
"Error in the Fernandez Huerta readability formula", 2011; legible.es). textstat used the
corrected form, and so does the kiosk: 206.84 − 60·(syllables/words) − 1.02·(words/sentence).

Nothing here is shared between calls but read-only dictionaries and caches: `measure` may be
called from any thread, for any language, at the same time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.content import syllables
from kiosk.content.words import sentence_count, words

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


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    """US school grade; 0.0 for a text with no words (as textstat)."""
    if not words or not sentences or not syllables:
        return 0.0
    # The operations in textstat's order, so the float rounds the same way.
    return (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59


def fernandez_huerta(words: int, sentences: int, syllables: int) -> float:
    """Ease from 0 (very hard) to 100 (very easy); 0.0 for a text with no words (as
    textstat)."""
    if not words or not sentences or not syllables:
        return 0.0
    return 206.84 - (60 * (syllables / words)) - (1.02 * (words / sentences))


def _counts(text: str, count: syllables.Counter) -> tuple[int, int, int]:
    """Words, sentences and syllables of `text`."""
    tokens = words(text, lowercase=True)  # as many as without lowercase
    return len(tokens), sentence_count(text), sum(count(token) for token in tokens)


def measure(text: str, language: str = "en") -> Readability:
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    longest = max(sentences, key=lambda s: len(s.split()), default="")
    if language.startswith("es"):
        if not sentences:
            return Readability(100.0, "Fernández-Huerta ease", True, "", "70 or higher")
        score = round(fernandez_huerta(*_counts(text, syllables.spanish)), 1)
        return Readability(score, "Fernández-Huerta ease", score >= MIN_EASE, longest,
                           "70 or higher")
    if not sentences:
        return Readability(0.0, "reading grade", True, "", "8 or lower")
    grade = round(flesch_kincaid_grade(*_counts(text, syllables.english)), 1)
    return Readability(grade, "reading grade", grade <= MAX_GRADE, longest, "8 or lower")
