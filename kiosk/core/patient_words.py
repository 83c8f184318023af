"""The app's own words for patients that are needed away from the screens too: the standing
notice under every screen and each language's name in itself. `kiosk export` prints them for
the clinicians who review the content, and it runs without Qt, so they live here rather than
in kiosk/ui/strings.py (which takes them from here)."""

from __future__ import annotations

from types import MappingProxyType

# Shown at the foot of every screen, in the patient's language.
NOTICE = MappingProxyType({
    "en": "General information only. Your care team's advice comes first.",
    "es": "Información general. Los consejos de su equipo médico son lo primero.",
})
# Each language named in itself, never by a flag alone.
LANGUAGE_NAMES = MappingProxyType({"en": "English", "es": "Español"})


def notice(code: str) -> str:
    """The notice patients reading `code` see: English where the app has no words of its own
    in that language (as the screens do)."""
    return NOTICE.get(code, NOTICE["en"])


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code.upper())
