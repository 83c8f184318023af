"""Settings: one flat TOML file read into a typed, frozen dataclass with defaults.

A bad file never stops the kiosk: every problem (unknown key, wrong type, value out of range,
broken TOML, unreadable file) becomes a ConfigProblem for the log and the staff panel, and the
default is used for that key — for a file that does not parse at all, for every key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import re
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content import clinic_values
from kiosk.content.frontmatter import closest
from kiosk.core import opening_hours, paths
from kiosk.core.pin import is_pin_hash

log = logging.getLogger(__name__)

CONFIG_NAME = "kiosk.toml"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_WARNING_S = 20.0  # WCAG 2.2.1: at least 20 s to answer "Still reading?"


@dataclass(frozen=True)
class ConfigProblem:
    path: Path
    line: int  # 0 when unknown
    message: str

    def format(self) -> str:
        """Like `kiosk check`: `path:line: warning: message`, the line left out when unknown."""
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: warning: {self.message}"


class _InvalidError(ValueError):
    """A value of the wrong type or out of range; the message says what is allowed."""


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _InvalidError("must be true or false (without quotes)")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise _InvalidError("must be text in quotes")


def _number(low: float, high: float, *, whole: bool = False,
            off: float | None = None) -> Callable[[object], float | int]:
    """A number in [low, high] (or exactly `off`, the value that turns the feature off)."""

    def check(value: object) -> float | int:
        # TOML's true/false are Python ints too; a switch is not a number.
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _InvalidError("must be a whole number" if whole else "must be a number")
        if whole and not isinstance(value, int):
            raise _InvalidError("must be a whole number (no decimal point)")
        if off is not None and value == off:
            return value
        if math.isnan(value) or not low <= value <= high:
            allowed = f"from {_show(low)} to {_show(high)}"
            raise _InvalidError(f"must be {allowed}" + (f", or {_show(off)} to turn it off"
                                                   if off is not None else ""))
        return value if whole else float(value)

    return check


def _one_of(*choices: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value not in choices:
            raise _InvalidError("must be one of " + ", ".join(map(str, choices)))
        return value

    return check


def _language(value: object) -> str:
    code = _text(value).strip()
    if not code:
        raise _InvalidError('must be a language folder name, like "en" or "es"')
    return code  # whether it has a folder is the content loader's to report


def _log_level(value: object) -> str:
    level = _text(value).strip().upper()
    if level not in LOG_LEVELS:
        guess = closest(level, LOG_LEVELS)
        hint = f' (did you mean "{guess}"?)' if guess else ""
        raise _InvalidError("must be one of " + ", ".join(LOG_LEVELS) + hint)
    return level


def _pin_hash(value: object) -> str:
    text = _text(value)
    if text and not is_pin_hash(text):
        raise _InvalidError("must be the hash `kiosk set-pin` writes; until it is, the staff "
                            "panel stays locked. Run `kiosk set-pin` to set the PIN again")
    return text


def _content_dir(value: object) -> str:
    text = _text(value).strip()
    if not text:
        raise _InvalidError("must be the path of a folder, in quotes")
    return text  # made absolute against the config file's folder in load_settings


def _metrics_file(value: object) -> str:
    text = _text(value).strip()
    if text and not Path(text).is_absolute():
        raise _InvalidError("must be a full path, like "
                            '"/var/lib/prometheus/node-exporter/kiosk.prom", or "" for off')
    if text and not text.endswith(".prom"):
        raise _InvalidError('must end in ".prom" (node_exporter reads only those), like '
                            '"/var/lib/prometheus/node-exporter/kiosk.prom"')
    return text


def _url(value: object) -> str:
    text = _text(value).strip()
    if text and not re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        raise _InvalidError('must be a web address starting with "https://", in quotes; it is '
                            "only shown as a QR code, never opened by the kiosk")
    return text


_PHONE = re.compile(r"[0-9 +\-().\/]*(?:ext[0-9 +\-().\/]*)?", re.IGNORECASE)
_NOT_IN_NAME = "{}<>[]*_\\`"
MAX_PHONE = 32
MAX_CLINIC_NAME = 60


def _phone(value: object) -> str:
    """A number patients can dial: checked here, because pages show it as it is written."""
    text = " ".join(_text(value).split())
    if text and (len(text) > MAX_PHONE or not _PHONE.fullmatch(text)
                 or not any(c.isdigit() for c in text)):
        raise _InvalidError(f"must be a phone number of at most {MAX_PHONE} characters: "
                            "digits, spaces and + - ( ) . / only, and the word ext before an "
                            'extension, like "+1 (555) 010-2030 ext 12"')
    return text


def _clinic_name(value: object) -> str:
    text = _text(value)
    if "\n" in text or "\r" in text or not text.isprintable():
        raise _InvalidError("must be one line of text")
    text = " ".join(text.split())
    if len(text) > MAX_CLINIC_NAME or any(c in _NOT_IN_NAME for c in text):
        raise _InvalidError(f"must be the clinic's name in at most {MAX_CLINIC_NAME} "
                            f"characters, without any of {' '.join(_NOT_IN_NAME)}")
    return text


def _opening_hours(value: object) -> str:
    text = _text(value)
    try:
        opening_hours.parse(text)
    except opening_hours.OpeningHoursError as why:
        raise _InvalidError(f"{why}. Write it like {opening_hours.EXAMPLE}; until it is "
                            "fixed, the kiosk stays on all day") from None
    return text


def _command(value: object) -> str:
    text = _text(value)
    try:
        shlex.split(text)
    except ValueError as why:
        raise _InvalidError(f"is not a command line ({why}): write the program and its "
                            "arguments, like \"wlopm --off '*'\"") from None
    return text


def setting(default: Any, check: Callable[[object], object]) -> Any:
    """A Settings field: its default, and the check a value from the file must pass."""
    return dataclasses.field(default=default, metadata={"check": check})


@dataclass(frozen=True)
class Settings:
    """Every setting, its default and its check, in one place: a new setting is a line here,
    a row in docs/configuration.md, and the code that uses it (build_kiosk hands the whole
    object on)."""

    # None: the folder beside the program, else bundled
    content_dir: Path | None = setting(None, _content_dir)
    default_language: str = setting("en", _language)
    # no touch this long (away from home) → "Still reading?"
    idle_timeout_s: float = setting(90.0, _number(1, 86400))
    # the prompt's countdown; never below 20 (WCAG 2.2.1)
    idle_warning_s: float = setting(30.0, _number(MIN_WARNING_S, 600))
    # idle on home this long → slideshow; 0 turns it off
    slideshow_after_s: float = setting(60.0, _number(1, 86400, off=0))
    hide_cursor: bool = setting(True, _boolean)
    rotation: int = setting(0, _one_of(0, 90, 180, 270))  # 0, 90, 180, 270
    pin_hash: str = setting("", _pin_hash)  # written by `kiosk set-pin`; empty: staff panel locked
    log_level: str = setting("INFO", _log_level)
    usage_counting: bool = setting(True, _boolean)
    pixel_shift: bool = setting(False, _boolean)  # slow burn-in protection
    text_scale: float = setting(1.0, _number(0.75, 2.0))  # 0.75 .. 2.0, multiplies all sizes
    transition_ms: int = setting(180, _number(0, 250, whole=True))  # 0 .. 250
    read_aloud: bool = setting(True, _boolean)  # the Listen control, where a speech engine exists
    # "": the platform's own (SSIP to speech-dispatcher on Linux, Qt's first engine elsewhere);
    # "ssip"; "speechd" (Qt's engine for speech-dispatcher); or another QtTextToSpeech name
    speech_engine: str = setting("", _text)
    # 0.0 .. 1.0, the starting volume of each visit
    speech_volume: float = setting(0.8, _number(0.0, 1.0))
    handout_url: str = setting("", _url)  # shown as a QR code to take home; never opened
    # "Reviewed November 2026" under each page that has a `reviewed:` date
    show_reviewed: bool = setting(True, _boolean)
    # The clinic's own values, for `{{clinic_phone | fallback words}}` in pages
    # (kiosk/content/clinic_values.py); "": not set, pages show the fallback words.
    clinic_name: str = setting("", _clinic_name)
    clinic_phone: str = setting("", _phone)
    after_hours_phone: str = setting("", _phone)
    emergency_number: str = setting("", _phone)
    # "Mon-Fri 07:30-18:00; Sat 08:00-12:00" (kiosk/core/opening_hours.py); "": always on.
    # Outside them the screen is black and the display off; a touch wakes it.
    opening_hours: str = setting("", _opening_hours)
    wake_minutes: float = setting(10.0, _number(1, 240))  # how long a touch wakes it when closed
    # The display off/on when closed, where X11's DPMS (xset) is not there: run without a shell.
    sleep_command: str = setting("", _command)
    wake_command: str = setting("", _command)
    # Prometheus metrics, rewritten at least every minute (kiosk/core/metrics.py); "": off
    metrics_file: str = setting("", _metrics_file)

    def clinic_values(self) -> dict[str, str]:
        """The clinic's values that are set, by name: what the loader fills into pages."""
        return {name: value for name in clinic_values.NAMES if (value := getattr(self, name))}


# Each key of the file, and the check its value must pass: read off Settings.
_CHECKS: dict[str, Callable[[object], object]] = {
    f.name: f.metadata["check"] for f in dataclasses.fields(Settings)}


def find_config(explicit: Path | None) -> Path | None:
    """The settings file to read: --config FILE, else kiosk.toml beside the executable, else
    kiosk.toml in the platform's config folder; None when there is none (defaults apply)."""
    if explicit is not None:
        return explicit  # even if missing: load_settings reports it rather than guessing
    for candidate in (paths.beside_executable() / CONFIG_NAME, paths.user_config_file()):
        if candidate.is_file():
            return candidate
    return None


def content_folder(explicit: Path | None, settings: Settings) -> Path:
    """The content folder the kiosk shows, and its commands read by default: the one named on
    the command line, else the settings file's `content_dir`, else the folder beside the
    program, else the bundled copy."""
    return Path(explicit or settings.content_dir or paths.default_content())


def load_settings(path: Path | None) -> tuple[Settings, list[ConfigProblem]]:
    """Settings from `path` (defaults for None), and every problem found. Never raises."""
    if path is None:
        return Settings(), []
    text, problem = _read(path)
    if text is None:
        return Settings(), [problem] if problem else []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [ConfigProblem(path, _decode_error_line(error, text),
                                          f"this is not valid TOML ({error}), so every "
                                          "setting uses its default. Fix the line and restart "
                                          "the kiosk")]
    values: dict[str, object] = {}
    problems: list[ConfigProblem] = []
    defaults = Settings()
    for key, value in data.items():
        line = _key_line(text, key)
        if key not in _CHECKS:
            problems.append(ConfigProblem(path, line, _unknown(key, value)))
            continue
        try:
            values[key] = _CHECKS[key](value)
        except _InvalidError as why:
            problems.append(ConfigProblem(path, line, _bad_value(key, value, why)))
    if "content_dir" in values:
        folder = Path(str(values["content_dir"]))
        with contextlib.suppress(RuntimeError):  # `~user` with no such user: keep it as written
            folder = folder.expanduser()
        values["content_dir"] = folder if folder.is_absolute() else path.absolute().parent / folder
    settings = dataclasses.replace(defaults, **values)  # type: ignore[arg-type]
    return settings, problems


def _read(path: Path) -> tuple[str | None, ConfigProblem | None]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, ConfigProblem(path, 0, "the settings file does not exist, so every "
                                            "setting uses its default")
    except OSError as error:
        reason = error.strerror or str(error)
        return None, ConfigProblem(path, 0, f"the settings file cannot be read ({reason}), "
                                            "so every setting uses its default")
    try:
        # utf-8-sig: Windows editors may start the file with a byte-order mark; TOML does not.
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, ConfigProblem(path, line, "the settings file is not saved as UTF-8 text, "
                                               "so every setting uses its default. Save it "
                                               "again as UTF-8 (in Notepad: Save as, Encoding: "
                                               "UTF-8)")


def _decode_error_line(error: tomllib.TOMLDecodeError, text: str) -> int:
    # Python 3.11's TOMLDecodeError has no lineno attribute; its message ends "(at line N, …)".
    match = re.search(r"at line (\d+)", str(error))
    if match:
        return int(match.group(1))
    return text.count("\n") + 1 if "end of document" in str(error) else 0


def _key_line(text: str, key: str) -> int:
    """The line that sets a top-level key; tomllib keeps no positions, so look for it."""
    pattern = re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
                         r"""\s*[=.]|^\s*\[\s*["']?""" + re.escape(key))
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0


def _unknown(key: str, value: object) -> str:
    guess = closest(key, list(_CHECKS))
    hint = f"; did you mean `{guess}`?" if guess else ""
    if isinstance(value, dict):
        return (f"unknown section `[{key}]` (ignored): every setting goes at the top of the "
                f"file, before any line in [brackets]{hint}")
    return f"unknown setting `{key}` (ignored){hint}"


def _bad_value(key: str, value: object, why: _InvalidError) -> str:
    scalar = isinstance(value, bool | int | float | str)
    message = f"`{key} = {_show(value)}`: {why}" if scalar else f"`{key}` {why}"
    default = getattr(Settings(), key)
    if key in clinic_values.NAMES:
        return f"{message}; until it is fixed, pages show their fallback words instead"
    if default is None:
        return f"{message}; using the content folder beside the program"
    return f"{message}; using the default, {_show(default)}" if default != "" else message


def _show(value: object) -> str:
    """A value as it would be written in the TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
