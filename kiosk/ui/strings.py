"""Every interface word patients see, in one catalogue per language.

Content words come from the content folder; these are the app's own (buttons, notices, cues).
"""

from __future__ import annotations

from types import MappingProxyType

_EN = {
    "home": "Home",
    "back": "Back",
    "next": "Next",
    "next_topic": "Next topic",
    "to_questions": "Questions",
    "all_questions": "All questions",
    "page_of": "Page {page} of {count}",
    "notice": "General information only. Your care team's advice comes first.",
    "touch_to_explore": "Touch the screen to explore",
    "more_below": "More below — slide the text up to read on",
    "faq_hint": "Tap a question to see the answer.",
    "home_hint": "Tap a topic to start.",
    "topics": "Topics",
    "still_reading": "Still reading?",
    "going_home_in": "The screen goes back to the start in {seconds} seconds.",
    "keep_reading": "Yes, keep reading",
}

CATALOGUES = MappingProxyType({"en": MappingProxyType(_EN)})


class Strings:
    """Interface words for one language, falling back to English for any missing word."""

    def __init__(self, language: str) -> None:
        self.language = language if language in CATALOGUES else "en"

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUES[self.language].get(key) or CATALOGUES["en"][key]
        return text.format(**values) if values else text
