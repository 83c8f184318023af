"""A small content folder in two languages with a picture, for the review copy's tests
(`kiosk export`): English and Spanish, one Spanish page left untranslated, and each page with
review dates of its own, so a test can tell every page's dates apart."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

# The drawing's colour: nothing else in a review copy is this teal, so a test can find the
# picture on a printed page.
PICTURE_RGB = (0x1F, 0x9E, 0x89)
PICTURE = (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
           f'<rect width="400" height="300" fill="#{"".join(f"{c:02x}" for c in PICTURE_RGB)}"/>'
           "</svg>").encode()
PICTURE_ALT = "A drawing of the spine from the side"


@dataclass(frozen=True)
class Expected:
    """One page as the copy must show it, in the order patients meet it."""

    language: str
    title: str
    source: str
    reviewed: str
    review_by: str
    stand_in: bool = False

    @property
    def dates(self) -> str:
        return f"Reviewed: {self.reviewed} · Review by: {self.review_by}"


def _page(title: str, reviewed: str, review_by: str, body: str) -> str:
    return (f"---\ntitle: {title}\nreviewed: {reviewed}\nreview_by: {review_by}\n---\n"
            + textwrap.dedent(body))


FILES: dict[str, str | bytes] = {
    "en/_index.md": "---\ntitle: Clinic kiosk\nwelcome: Tap a topic to start.\n---\n",
    "en/10-before/_index.md": "---\ntitle: Before you come\nsummary: What to do first\n---\n",
    "en/10-before/10-food.md": _page("Eating and drinking", "2025-01-02", "2099-01-02", """\
        You can eat a light meal **before** you come.

        ## What to bring

        - Your list of medicines.
        - A friend to drive you home.
        """),
    "en/10-before/20-ride.md": _page("Your ride home", "2025-01-03", "2099-01-03", f"""\
        Ask a friend to drive you home. The picture shows the spine.

        ![{PICTURE_ALT}](spine.svg)
        """),
    "en/10-before/spine.svg": PICTURE,
    "en/20-after/_index.md": "---\ntitle: After the injection\nsummary: Going home\n---\n",
    "en/20-after/10-rest.md": _page("Rest at home", "2025-01-04", "2099-01-04",
                                    "Rest for the rest of the day. Do not drive.\n"),
    "en/faq/_index.md": "---\ntitle: Questions\n---\n",
    "en/faq/10-hurt.md": _page("Will it hurt?", "2025-01-05", "2099-01-05",
                               "It may sting for a moment. Then it is numb.\n"),
    "es/_index.md": "---\ntitle: Quiosco de la clínica\nwelcome: Toque un tema.\n---\n",
    "es/10-before/_index.md": "---\ntitle: Antes de venir\nsummary: Qué hacer antes\n---\n",
    "es/10-before/10-food.md": _page("Comer y beber", "2025-02-02", "2099-02-02",
                                     "Puede comer algo ligero antes de venir.\n"),
    "es/20-after/_index.md": "---\ntitle: Después de la inyección\nsummary: En casa\n---\n",
    "es/20-after/10-rest.md": _page("Descanse en casa", "2025-02-04", "2099-02-04",
                                    "Descanse el resto del día. No maneje.\n"),
    "es/faq/_index.md": "---\ntitle: Preguntas\n---\n",
    "es/faq/10-hurt.md": _page("¿Dolerá?", "2025-02-05", "2099-02-05",
                               "Puede arder un momento. Luego no se siente.\n"),
}

PAGES = (
    Expected("en", "Eating and drinking", "en/10-before/10-food.md", "2025-01-02", "2099-01-02"),
    Expected("en", "Your ride home", "en/10-before/20-ride.md", "2025-01-03", "2099-01-03"),
    Expected("en", "Rest at home", "en/20-after/10-rest.md", "2025-01-04", "2099-01-04"),
    Expected("en", "Will it hurt?", "en/faq/10-hurt.md", "2025-01-05", "2099-01-05"),
    Expected("es", "Comer y beber", "es/10-before/10-food.md", "2025-02-02", "2099-02-02"),
    # Not translated: Spanish readers see the English page in its place.
    Expected("es", "Your ride home", "en/10-before/20-ride.md", "2025-01-03", "2099-01-03",
             stand_in=True),
    Expected("es", "Descanse en casa", "es/20-after/10-rest.md", "2025-02-04", "2099-02-04"),
    Expected("es", "¿Dolerá?", "es/faq/10-hurt.md", "2025-02-05", "2099-02-05"),
)
# The words before each language's pages, in the order patients meet them.
HOME = {"en": ("Clinic kiosk", "Tap a topic to start.", "Before you come", "What to do first"),
        "es": ("Quiosco de la clínica", "Toque un tema.", "Antes de venir", "Qué hacer antes")}


def write(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """The folder at `root`, changed by `files` (None deletes one)."""
    for relative, body in {**FILES, **(files or {})}.items():
        if body is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root


def in_order(text: str, expected: list[str]) -> list[str]:
    """The items of `expected` that are not found in `text` one after the other (each after
    the one before it): [] when all are there in order."""
    missing = []
    at = 0
    for item in expected:
        found = text.find(item, at)
        if found < 0:
            missing.append(item)
        else:
            at = found + len(item)
    return missing
