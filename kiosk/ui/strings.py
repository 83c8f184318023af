"""Every interface word patients see, in one catalogue per language.

Content words come from the content folder; these are the app's own (buttons, notices, cues).
The standing notice and the languages' names come from kiosk/core/patient_words.py, where
`kiosk export` can read them without Qt.
The staff panel stays English: staff, not patients, read it.
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from kiosk.core.patient_words import LANGUAGE_NAMES, NOTICE, language_name

__all__ = ["CATALOGUES", "LANGUAGE_NAMES", "Strings", "language_name"]

_EN = {
    "home": "Home",
    "back": "Back",
    "next": "Next",
    "next_topic": "Next topic",
    "to_questions": "Questions",
    "all_questions": "All questions",
    "page_of": "Page {page} of {count}",
    "notice": NOTICE["en"],
    "touch_to_explore": "Touch the screen to explore",
    "more_below": "More below — slide the text up to read on",
    "more_topics_below": "More topics below — slide up to see them",
    "faq_hint": "Tap a question to see the answer.",
    "home_hint": "Tap a topic to start.",
    "scheduled_notice": "Notice",
    "still_reading": "Still reading?",
    "going_home_in": "The screen goes back to the start in {seconds} seconds.",
    "keep_reading": "Yes, keep reading",
    "listen": "Listen",
    "pause": "Pause",
    "resume": "Go on",
    "starting": "Starting…",
    "stop": "Stop",
    "display": "Aa  Text",
    "display_name": "Text size and contrast",
    "text_size": "Text size",
    "size_normal": "Normal",
    "size_large": "Large",
    "size_larger": "Largest",
    "contrast": "Colours",
    "standard": "Standard",
    "high_contrast": "High contrast",
    "volume": "Reading voice volume: {percent}%",
    "quieter": "Quieter",
    "louder": "Louder",
    "done": "Done",
    "not_translated": "This page is not yet available in English.",
    "reviewed": "Reviewed {month} {year}",
    "months": "January February March April May June July August September October "
              "November December",
    "selected": "selected",
    "handout": "Scan to read this at home",
    "opens_page": "Opens another page",
}

_ES = {
    "home": "Inicio",
    "back": "Atrás",
    "next": "Siguiente",
    "next_topic": "Siguiente tema",
    "to_questions": "Preguntas",
    "all_questions": "Todas las preguntas",
    "page_of": "Página {page} de {count}",
    "notice": NOTICE["es"],
    "touch_to_explore": "Toque la pantalla para empezar",
    "more_below": "Hay más abajo: deslice el texto hacia arriba",
    "more_topics_below": "Hay más temas abajo: deslice hacia arriba para verlos",
    "faq_hint": "Toque una pregunta para ver la respuesta.",
    "home_hint": "Toque un tema para empezar.",
    "scheduled_notice": "Aviso",
    "still_reading": "¿Sigue leyendo?",
    "going_home_in": "La pantalla vuelve al inicio en {seconds} segundos.",
    "keep_reading": "Sí, sigo leyendo",
    "listen": "Escuchar",
    "pause": "Pausa",
    "resume": "Seguir",
    "starting": "Un momento…",
    "stop": "Parar",
    "display": "Aa  Texto",
    "display_name": "Tamaño del texto y contraste",
    "text_size": "Tamaño del texto",
    "size_normal": "Normal",
    "size_large": "Grande",
    "size_larger": "Más grande",
    "contrast": "Colores",
    "standard": "Normales",
    "high_contrast": "Alto contraste",
    "volume": "Volumen de la voz: {percent}%",
    "quieter": "Más bajo",
    "louder": "Más alto",
    "done": "Listo",
    "not_translated": "Esta página aún no está en español. Se muestra en inglés.",
    "reviewed": "Revisado en {month} de {year}",
    "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
              "noviembre diciembre",
    "selected": "elegido",
    "handout": "Escanee para leerlo en casa",
    "opens_page": "Abre otra página",
}

CATALOGUES = MappingProxyType({"en": MappingProxyType(_EN), "es": MappingProxyType(_ES)})


class Strings:
    """Interface words for one language, falling back to English for any missing word."""

    def __init__(self, language: str) -> None:
        self.language = language if language in CATALOGUES else "en"

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUES[self.language].get(key) or CATALOGUES["en"][key]
        return text.format(**values) if values else text

    def reviewed(self, day: date) -> str:
        """"Reviewed November 2026": the month is enough for a patient, and says less that
        could go stale."""
        month = self("months").split()[day.month - 1]
        return self("reviewed", month=month, year=day.year)
