"""Scale: a generated content folder of 1,000 pages and 200 FAQ entries, and how long
`load_library` takes to load and validate it.

    python tests/bench/scale.py [--pages 1000] [--faq 200] [--keep DIR] [--json FILE]

The folder follows content/README.md: `en/_index.md`, 50 section folders of 20 pages (each
with an `_index.md`, one page per section showing the bundled diagram), and `en/faq/` with 200
questions. Pages are short plain-language text, so the content is valid (no errors) as the
staff's own would be. The load is timed in this fresh process, imports excluded (they are
timed apart), three times: the first load is what a starting kiosk pays.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BUNDLED, median, write_json

PAGES_PER_SECTION = 20
SENTENCES = (
    "Your back has many small joints.",
    "The doctor will talk to you first.",
    "You can ask a question at any time.",
    "Most people go home the same day.",
    "Tell the nurse if you feel unwell.",
    "The needle is thin and the test is quick.",
    "You may feel some pressure for a short time.",
    "Rest for the rest of the day.",
    "Bring a list of the medicines you take.",
    "A friend can drive you home.",
    "The pain may ease after a few days.",
    "Write down how your back feels each day.",
    "Call us if the spot gets red or hot.",
    "You can eat and drink as normal.",
    "Wear clothes that are easy to take off.",
)
TOPICS = ("Care", "Rest", "Pain", "Visit", "Help", "Home", "Diet", "Sleep", "Work", "Move")


def page_body(rng: random.Random, paragraphs: int = 3) -> str:
    out = []
    for _ in range(paragraphs):
        out.append(" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.3:
        out.append("\n".join(f"- {rng.choice(SENTENCES)}" for _ in range(3)))
    return "\n\n".join(out) + "\n"


DATES = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"  # as staff write them: no warning


def generate(root: Path, pages: int = 1000, faq: int = 200, seed: int = 7) -> Path:
    """Write the folder; returns `root`. Deterministic for a given seed."""
    rng = random.Random(seed)
    diagram = next(BUNDLED.glob("en/*/*.svg"), None)
    en = root / "en"
    en.mkdir(parents=True, exist_ok=True)
    (en / "_index.md").write_text("---\ntitle: Scale test kiosk\nwelcome: Touch a topic below."
                                  "\n---\n", encoding="utf-8")
    sections = max(1, -(-pages // PAGES_PER_SECTION))
    written = 0
    for s in range(sections):
        folder = en / f"{(s + 1) * 10:04d}-topic-{s + 1}"
        folder.mkdir(exist_ok=True)
        topic = TOPICS[s % len(TOPICS)]
        (folder / "_index.md").write_text(
            f"---\ntitle: {topic} topic {s + 1}\nsummary: Short pages about {topic.lower()}\n"
            "---\n", encoding="utf-8")
        picture = ""
        if diagram is not None:
            shutil.copy2(diagram, folder / diagram.name)
            picture = f"![A side view of the spine]({diagram.name})\n\n"
        for p in range(min(PAGES_PER_SECTION, pages - written)):
            body = (picture if p == 1 else "") + page_body(rng)
            (folder / f"{(p + 1) * 10:03d}-page-{p + 1}.md").write_text(
                f"---\ntitle: {topic} page {p + 1} of topic {s + 1}\n{DATES}---\n{body}",
                encoding="utf-8")
            written += 1
    questions = en / "faq"
    questions.mkdir(exist_ok=True)
    (questions / "_index.md").write_text("---\ntitle: Questions\n---\n", encoding="utf-8")
    for q in range(faq):
        (questions / f"{(q + 1) * 10:04d}-question-{q + 1}.md").write_text(
            f"---\ntitle: What about question {q + 1}?\n{DATES}---\n{page_body(rng, 2)}",
            encoding="utf-8")
    return root


def measure(folder: Path, repeats: int = 3) -> dict[str, object]:
    started = time.perf_counter()
    from kiosk.content import load_library

    import_s = time.perf_counter() - started
    loads, cpu = [], []
    result = None
    for _ in range(repeats):
        wall, proc = time.perf_counter(), time.process_time()
        result = load_library(folder)
        loads.append(time.perf_counter() - wall)
        cpu.append(time.process_time() - proc)
    assert result is not None
    library = result.library
    pages = sum(len(s.pages) for lang in library.languages for s in lang.sections) \
        if library else 0
    faq = sum(len(lang.faq) for lang in library.languages) if library else 0
    return {
        "pages": pages, "faq": faq, "errors": len(result.errors),
        "warnings": len(result.warnings),
        "first_warnings": [p.format() for p in result.warnings[:3]],
        "import_s": import_s, "first_load_s": loads[0], "first_load_cpu_s": cpu[0],
        "loads_s": loads, "median_load_s": median(loads),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--faq", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the folder here and keep it")
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.keep:
        folder = generate(args.keep, args.pages, args.faq)
        if args.generate_only:
            write_json(args.json, {"folder": str(folder)})
            return 0
        write_json(args.json, measure(folder, args.repeats))
        return 0
    with tempfile.TemporaryDirectory(prefix="kiosk-scale-") as tmp:
        folder = generate(Path(tmp) / "content", args.pages, args.faq)
        write_json(args.json, measure(folder, args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
