"""Reading ease computed by the kiosk itself: English grades exactly as textstat 0.7.8 gave them
(a fixture captured before textstat left), Spanish syllables counted right, and no shared state
between languages or threads."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import load_library, syllables
from kiosk.content.readability import (
    MAX_GRADE,
    MIN_EASE,
    Readability,
    fernandez_huerta,
    flesch_kincaid_grade,
    measure,
)
from kiosk.content.words import sentence_count, words

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SPANISH_MIN_SCORE = 0.97


@pytest.fixture(scope="module")
def parity() -> dict[str, Any]:
    fixture: dict[str, Any] = json.loads(
        (DATA / "readability_parity.json").read_text(encoding="utf-8"))
    return fixture


def spanish_list() -> list[tuple[str, int, str]]:
    rows = []
    for line in (DATA / "spanish_syllables.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, count, division = line.split("\t")
            rows.append((word, int(count), division))
    return rows


@pytest.fixture(scope="module")
def generated_pages(tmp_path_factory: pytest.TempPathFactory,
                    parity: dict[str, Any]) -> dict[str, str]:
    """Path → plain text of the benchmark's generated folder (tests/bench/scale.py), made with
    the parameters the fixture was captured with."""
    spec = importlib.util.spec_from_file_location("scale", REPO / "tests" / "bench" / "scale.py")
    assert spec is not None and spec.loader is not None
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    params = parity["generated"]["scale"]
    folder = scale.generate(tmp_path_factory.mktemp("scale") / "content", params["pages"],
                            params["faq"], params["seed"])
    result = load_library(folder, quick=True)
    assert result.library is not None
    return {page.source.relative_to(folder).as_posix(): page.text
           for language in result.library.languages
           for page in [p for s in language.sections for p in s.pages] + list(language.faq)}


def test_english_grades_of_the_bundled_pages_are_textstats(parity: dict[str, Any]) -> None:
    """Every English page and answer of the bundled content, as captured, grades as before."""
    captured = parity["bundled"]
    assert len(captured) >= 30
    differing = [(item["text"][:40], item["grade"], measure(item["text"], "en").score)
                 for item in captured if measure(item["text"], "en").score != item["grade"]]
    assert differing == []


def test_english_grades_of_a_thousand_generated_pages_are_textstats(
    parity: dict[str, Any], generated_pages: dict[str, str],
) -> None:
    """All 1,200 pages and answers of the benchmark's folder grade exactly as before."""
    captured = parity["generated"]["pages"]
    assert len(captured) == 1200
    changed = [path for path, digest, _ in captured
               if hashlib.sha256(generated_pages[path].encode()).hexdigest()[:12] != digest]
    assert changed == [], "tests/bench/scale.py writes other pages than it did: the grades " \
                          "below would compare other texts"
    differing = [(path, grade, measure(generated_pages[path], "en").score)
                 for path, _, grade in captured
                 if measure(generated_pages[path], "en").score != grade]
    assert differing == []


def test_english_syllables_are_textstats_in_and_out_of_the_dictionary(
    parity: dict[str, Any],
) -> None:
    """Words of the CMU dictionary and words it lacks (pyphen's count) count as before."""
    recorded = parity["syllables"]
    counts: dict[str, int] = recorded["counts"]
    assert recorded["in_cmudict"] > 2000 and recorded["not_in_cmudict"] > 1000
    differing = {word: (count, syllables.english(word)) for word, count in counts.items()
                 if syllables.english(word) != count}
    assert differing == {}


def test_the_dictionary_reader_finds_first_pronunciations_and_nothing_else() -> None:
    """A listed word gives its first pronunciation; an unlisted one, or a variant's key, none."""
    reader = syllables.PRONUNCIATIONS.get()
    assert reader.first("injection") == ("IH2", "N", "JH", "EH1", "K", "SH", "AH0", "N")
    assert reader.first("read") == ("R", "EH1", "D")  # read(2) is R IY1 D
    for absent in ("zzzqx", "kioskish", "", "read(2)", "ñandú"):
        assert reader.first(absent) is None, absent


def test_the_spanish_list_is_consistent() -> None:
    """The hand-made list: 200 or more words, each count the number of its syllables."""
    rows = spanish_list()
    assert len(rows) >= 200
    assert len({word for word, _, _ in rows}) == len(rows)
    for word, count, division in rows:
        assert division.replace("-", "") == word
        assert len(division.split("-")) == count, word


def test_spanish_syllables_match_the_hand_made_list() -> None:
    """The rule-based counter agrees with at least 97 % of the list; the misses are listed."""
    rows = spanish_list()
    misses = [(word, count, syllables.spanish(word)) for word, count, _ in rows
              if syllables.spanish(word) != count]
    score = 1 - len(misses) / len(rows)
    assert score >= SPANISH_MIN_SCORE, f"{len(rows) - len(misses)}/{len(rows)}; misses " \
                                       f"(word, right, counted): {misses}"


@pytest.mark.parametrize(("word", "count"), [
    ("anestesia", 4), ("aguja", 3),  # textstat 0.7.8 (pyphen's patterns) said 3 and 2
    ("ANESTESIA", 4), ("Aguja", 3),  # the case of a word does not matter
    ("di\u0301a", 2),  # día with a combining accent: still dí-a
    ("24", 1), ("x", 1),  # no vowel: one syllable, as before
])
def test_spanish_counts_that_textstat_got_wrong_or_that_are_odd(word: str, count: int) -> None:
    assert syllables.spanish(word) == count


def test_words_and_sentences_are_split_as_textstat_split_them() -> None:
    """Hyphens and punctuation go, contractions stay whole, short runs are not sentences."""
    assert words("A follow-up, don't 'worry' (DON'T).", lowercase=True) == [
        "a", "followup", "don't", "worry", "dont"]
    assert sentence_count("") == 0
    assert sentence_count("Yes. No. It is fine now. Rest at home today!") == 2
    assert sentence_count("ok") == 1  # any text that is not empty has a sentence


def test_the_formulas_on_counts_worked_by_hand() -> None:
    """Flesch-Kincaid: 0.39·20 + 11.8·1.5 − 15.59 = 9.91. Fernández-Huerta (words per
    sentence, not sentences per 100 words): 206.84 − 60·2 − 1.02·20 = 66.44."""
    assert flesch_kincaid_grade(100, 5, 150) == pytest.approx(9.91)
    assert fernandez_huerta(100, 5, 200) == pytest.approx(66.44)
    assert fernandez_huerta(100, 10, 200) > fernandez_huerta(100, 5, 200)  # shorter: easier
    assert flesch_kincaid_grade(0, 1, 0) == 0.0
    assert fernandez_huerta(0, 1, 0) == 0.0


def test_an_english_text_worked_by_hand() -> None:
    """12 words, 2 sentences, 16 syllables (doctor 2, injection 3, today 2):
    0.39·6 + 11.8·16/12 − 15.59 = 2.48."""
    result = measure("Your doctor will give you a small injection. Rest at home today.", "en")
    assert result == Readability(2.5, "reading grade", True,
                                 "Your doctor will give you a small injection.", "8 or lower")


def test_a_spanish_text_worked_by_hand() -> None:
    """10 words, 2 sentences, 19 syllables (a-gu-ja 3, mé-di-co 3, a-nes-te-sia 4):
    206.84 − 60·1.9 − 1.02·5 = 87.74."""
    result = measure("La aguja es muy fina. El médico le pone anestesia.", "es")
    assert result.score == 87.7
    assert result.formula == "Fernández-Huerta ease" and result.acceptable
    assert result.longest_sentence == "La aguja es muy fina."  # the first of the longest


def test_the_thresholds_are_unchanged() -> None:
    assert (MAX_GRADE, MIN_EASE) == (8.0, 70.0)
    hard = "Notwithstanding considerable interdisciplinary deliberation, institutional " \
           "administrators characteristically underestimate organisational complexity."
    assert not measure(hard, "en").acceptable
    assert measure(hard, "en").score > MAX_GRADE


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_an_empty_text_is_acceptable_in_either_language(text: str) -> None:
    assert measure(text, "en") == Readability(0.0, "reading grade", True, "", "8 or lower")
    assert measure(text, "es") == Readability(100.0, "Fernández-Huerta ease", True, "",
                                              "70 or higher")


THREADS_SCRIPT = textwrap.dedent("""
    import json, sys, threading
    from kiosk.content.readability import measure

    texts = json.loads(sys.stdin.read())
    barrier = threading.Barrier(8)
    results = {}

    def work(n):
        barrier.wait()  # all at once, before either dictionary has loaded
        order = texts if n % 2 else texts[::-1]
        results[n] = {f"{lang}:{text}": measure(text, lang).score for lang, text in order}

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sequential = {f"{lang}:{text}": measure(text, lang).score for lang, text in texts}
    print(json.dumps({"threads": list(results.values()), "sequential": sequential}))
""")


def test_english_and_spanish_measured_at_once_from_threads_score_as_one_by_one(
    parity: dict[str, Any],
) -> None:
    """Eight threads grading English and Spanish pages at once, in a fresh process (so the
    dictionaries load under the race), get exactly the sequential scores."""
    english = [("en", item["text"]) for item in parity["bundled"]]
    bundled = load_library(REPO / "content")
    assert bundled.library is not None
    spanish = [("es", page.text) for language in bundled.library.languages
               if language.code == "es"
               for page in [p for s in language.sections for p in s.pages] + list(language.faq)
               if page.language in ("", "es")]
    assert len(spanish) >= 30
    texts = [pair for both in zip(english, spanish, strict=False) for pair in both]
    done = subprocess.run([sys.executable, "-c", THREADS_SCRIPT], input=json.dumps(texts),
                          capture_output=True, text=True, check=True, timeout=120, cwd=REPO)
    out = json.loads(done.stdout)
    assert len(out["threads"]) == 8
    for scores in out["threads"]:
        assert scores == out["sequential"]
    here = {f"{lang}:{text}": measure(text, lang).score for lang, text in texts}
    assert out["sequential"] == here


def test_grading_imports_neither_qt_nor_textstat() -> None:
    """Grading both languages in a fresh interpreter leaves Qt, textstat and setuptools out."""
    code = ("import json, sys\n"
            "from kiosk.content.readability import measure\n"
            "measure('The doctor will see you now.', 'en')\n"
            "measure('El médico le verá ahora.', 'es')\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60, cwd=REPO)
    loaded = set(json.loads(done.stdout))
    assert {"cmudict", "pyphen", "kiosk"} <= loaded  # the scan sees real imports
    assert loaded.isdisjoint({"PySide6", "shiboken6", "textstat", "setuptools", "pkg_resources"})
