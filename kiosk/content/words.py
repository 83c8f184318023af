"""Words and sentences of a page's plain text, counted as textstat 0.7.8 counted them.

The reading grades were first computed with textstat; the kiosk now computes them itself
(readability.py) and must give every English page the same grade as before
(tests/unit/data/readability_parity.json). So the splitting here is textstat's, quirks
included: punctuation goes (hyphens too: "follow-up" is one word), an apostrophe stays only
before t, s, d, ve, ll or re ("don't", "patient's"), and a "sentence" of two words or fewer
("Yes." or a lone heading) is not counted as a sentence.
"""

from __future__ import annotations

import re

# An apostrophe that does not start a contraction's ending, as textstat's
# RE_NONCONTRACTION_APOSTROPHE (lower case only, as there).
_LONE_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
SHORTEST_SENTENCE = 3  # words; shorter runs between full stops are not counted


def words(text: str, lowercase: bool = False) -> list[str]:
    """The text's words, without punctuation (textstat's list_words)."""
    text = _PUNCTUATION.sub("", _LONE_APOSTROPHE.sub("", text))
    if lowercase:
        text = text.lower()  # after the punctuation, as textstat: "DON'T" loses its "'"
    return text.split()


def sentence_count(text: str) -> int:
    """Runs of text ending in . ! or ?, not counting those of fewer than three words; at
    least 1 for any text that is not empty (textstat's count_sentences)."""
    if not text:
        return 0
    runs = _SENTENCE.findall(text)
    short = sum(1 for run in runs if len(words(run)) < SHORTEST_SENTENCE)
    return max(1, len(runs) - short)
