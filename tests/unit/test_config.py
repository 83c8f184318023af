"""Settings from kiosk.toml: every kind of bad file is reported and still gives usable Settings."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from kiosk.core import config, paths
from kiosk.core.config import ConfigProblem, Settings, find_config, load_settings
from kiosk.core.pin import hash_pin

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def write(tmp_path: Path, text: str | bytes, name: str = "kiosk.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_defaults_silently() -> None:
    """With no settings file at all, the defaults apply and nothing is reported."""
    assert load_settings(None) == (Settings(), [])


def test_every_field_has_a_check() -> None:
    """Each setting is validated: a new field without a check would be silently unreadable."""
    assert set(config._CHECKS) == {f.name for f in dataclasses.fields(Settings)}


def test_a_complete_valid_file_is_read(tmp_path: Path) -> None:
    """Every key, set to a valid non-default value, is read with its type and no problem."""
    pin_hash = hash_pin("2468")
    path = write(tmp_path, f"""\
content_dir = "/srv/kiosk/content"
default_language = "es"
idle_timeout_s = 120
idle_warning_s = 45.5
slideshow_after_s = 0
hide_cursor = false
rotation = 90
pin_hash = "{pin_hash}"
log_level = "debug"
usage_counting = false
pixel_shift = true
text_scale = 1.25
transition_ms = 0
""")
    settings, problems = load_settings(path)
    assert problems == []
    assert settings == Settings(
        content_dir=Path("/srv/kiosk/content"), default_language="es", idle_timeout_s=120.0,
        idle_warning_s=45.5, slideshow_after_s=0, hide_cursor=False, rotation=90,
        pin_hash=pin_hash, log_level="DEBUG", usage_counting=False, pixel_shift=True,
        text_scale=1.25, transition_ms=0)
    assert isinstance(settings.idle_timeout_s, float)


def test_relative_content_dir_is_beside_the_config_file(tmp_path: Path) -> None:
    """A relative content_dir means a folder next to kiosk.toml, not the current directory."""
    path = write(tmp_path, 'content_dir = "clinic-content"\n')
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.content_dir == tmp_path.absolute() / "clinic-content"


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    """A misspelt key is reported on its line with "did you mean", and the rest still apply."""
    path = write(tmp_path, 'default_language = "es"\n\nidle_timeout = 30\nrotation = 180\n')
    settings, problems = load_settings(path)
    assert [(p.line, "idle_timeout_s" in p.message) for p in problems] == [(3, True)]
    assert problems[0].message == ("unknown setting `idle_timeout` (ignored); "
                                   "did you mean `idle_timeout_s`?")
    assert settings == Settings(default_language="es", rotation=180)


def test_a_section_is_reported_as_not_used(tmp_path: Path) -> None:
    """Keys put under a [table] header are reported, pointing at the header's line."""
    path = write(tmp_path, "rotation = 90\n[kiosk]\nhide_cursor = false\n")
    settings, problems = load_settings(path)
    assert len(problems) == 1
    assert problems[0].line == 2
    assert "[kiosk]" in problems[0].message
    assert settings == Settings(rotation=90)


@pytest.mark.parametrize(("line", "key"), [
    ('idle_timeout_s = "ninety"', "idle_timeout_s"),
    ("hide_cursor = 1", "hide_cursor"),
    ("usage_counting = \"yes\"", "usage_counting"),
    ("transition_ms = 100.5", "transition_ms"),
    ("text_scale = true", "text_scale"),
    ("default_language = 7", "default_language"),
    ("content_dir = [1, 2]", "content_dir"),
    ("pin_hash = 1234", "pin_hash"),
])
def test_wrong_type_uses_the_default(tmp_path: Path, line: str, key: str) -> None:
    """A value of the wrong type is reported on its line and that key keeps its default."""
    path = write(tmp_path, f"pixel_shift = true\n{line}\n")
    settings, problems = load_settings(path)
    assert len(problems) == 1, [p.format() for p in problems]
    assert problems[0].line == 2
    assert f"`{key}" in problems[0].message
    assert getattr(settings, key) == getattr(Settings(), key)
    assert settings.pixel_shift is True


@pytest.mark.parametrize(("line", "key"), [
    ("idle_warning_s = 10", "idle_warning_s"),  # WCAG 2.2.1: never below 20 s
    ("idle_timeout_s = 0", "idle_timeout_s"),
    ("slideshow_after_s = -5", "slideshow_after_s"),
    ("rotation = 45", "rotation"),
    ("text_scale = 3.0", "text_scale"),
    ("text_scale = nan", "text_scale"),
    ("transition_ms = 400", "transition_ms"),
    ('log_level = "WARN"', "log_level"),
    ('default_language = "  "', "default_language"),
    ('pin_hash = "1234"', "pin_hash"),
    ('metrics_file = "kiosk.prom"', "metrics_file"),  # not a full path
    ('metrics_file = "/var/lib/prometheus/node-exporter/kiosk.txt"', "metrics_file"),
    ('pin_hash = "scrypt$1073741824$8$1$00112233445566778899aabbccddeeff$' + "ab" * 32 + '"',
     "pin_hash"),
])
def test_out_of_range_uses_the_default(tmp_path: Path, line: str, key: str) -> None:
    """A value outside what the kiosk allows is reported and that key keeps its default."""
    path = write(tmp_path, f"hide_cursor = false\n{line}\n")
    settings, problems = load_settings(path)
    assert len(problems) == 1, [p.format() for p in problems]
    assert problems[0].line == 2
    assert getattr(settings, key) == getattr(Settings(), key)
    assert settings.hide_cursor is False


def test_out_of_range_message_says_what_is_allowed(tmp_path: Path) -> None:
    """The message names the key, the bad value, the allowed range and the default used."""
    path = write(tmp_path, "idle_warning_s = 10\n")
    (problem,) = load_settings(path)[1]
    assert problem.format() == (f"{path}:1: warning: `idle_warning_s = 10`: must be from 20 to "
                                "600; using the default, 30")


def test_clinic_values_are_read_and_given_to_the_pages(tmp_path: Path) -> None:
    """The clinic's name and numbers, as written (spaces tidied); those not set are left out of
    what the pages are given, so they show their fallback words."""
    path = write(tmp_path, 'clinic_name = "  Smith & Jones  (North) "\n'
                           'clinic_phone = "+1 (555) 010-2030 ext. 12"\n'
                           'after_hours_phone = "0800/123.456"\nemergency_number = ""\n')
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.clinic_values() == {"clinic_name": "Smith & Jones (North)",
                                        "clinic_phone": "+1 (555) 010-2030 ext. 12",
                                        "after_hours_phone": "0800/123.456"}


@pytest.mark.parametrize(("line", "allowed"), [
    ('clinic_phone = "call reception"', "digits, spaces and + - ( ) . / only"),
    ('clinic_phone = "ext"', "digits, spaces and + - ( ) . / only"),
    ('after_hours_phone = "555 0100 x12"', "the word ext before an extension"),
    ('emergency_number = "' + "9" * 33 + '"', "at most 32 characters"),
    ("clinic_phone = 5550100", "must be text in quotes"),
    ('clinic_name = "' + "x" * 61 + '"', "at most 60 characters"),
    ('clinic_name = "The *best* clinic"', "without any of { } < > [ ] * _ \\ `"),
    ('clinic_name = "{{clinic_name}}"', "without any of"),
    ('clinic_name = "Line one\\nline two"', "one line"),
])
def test_a_clinic_value_not_allowed_is_reported_and_not_set(
    tmp_path: Path, line: str, allowed: str,
) -> None:
    """A bad value names its key and what is allowed, and counts as not set: the pages show
    their fallback words, never the bad value."""
    path = write(tmp_path, f"hide_cursor = false\n{line}\n")
    settings, problems = load_settings(path)
    key = line.partition(" = ")[0]
    assert [p.line for p in problems] == [2]
    message = problems[0].message
    assert message.startswith(f"`{key} = ")
    assert allowed in message
    assert message.endswith("until it is fixed, pages show their fallback words instead")
    assert getattr(settings, key) == ""
    assert settings.clinic_values() == {}
    assert settings.hide_cursor is False


def test_log_level_typo_suggests_a_level(tmp_path: Path) -> None:
    """A misspelt log level says which level was probably meant."""
    (problem,) = load_settings(write(tmp_path, 'log_level = "WARNIGN"\n'))[1]
    assert 'did you mean "WARNING"?' in problem.message


def test_broken_toml_reports_its_line_and_uses_defaults(tmp_path: Path) -> None:
    """A file that does not parse gives all defaults and one problem on the broken line."""
    path = write(tmp_path, 'rotation = 90\nhide_cursor = false\nidle_timeout_s = = 3\n')
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert [p.line for p in problems] == [3]
    assert "not valid TOML" in problems[0].message


def test_not_utf8_reports_and_uses_defaults(tmp_path: Path) -> None:
    """A file saved in a legacy encoding is reported (with the line) and the defaults apply."""
    path = write(tmp_path, 'rotation = 90\ndefault_language = "espa\xf1ol"\n'.encode("latin-1"))
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert [p.line for p in problems] == [2]
    assert "UTF-8" in problems[0].message


def test_utf8_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Windows editors may add a byte-order mark; the file still reads normally."""
    path = write(tmp_path, "\ufeffrotation = 180\n".encode())
    assert load_settings(path) == (Settings(rotation=180), [])


def test_missing_file_is_reported_and_defaults_used(tmp_path: Path) -> None:
    """--config naming a file that is not there is reported; the kiosk still gets defaults."""
    path = tmp_path / "nope.toml"
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert problems == [ConfigProblem(path, 0, problems[0].message)]
    assert "does not exist" in problems[0].message
    assert problems[0].format().startswith(f"{path}: warning: ")


def test_unreadable_file_is_reported_and_defaults_used(tmp_path: Path) -> None:
    """A path that cannot be read as a file is reported; the defaults apply."""
    folder = tmp_path / "kiosk.toml"
    folder.mkdir()
    settings, problems = load_settings(folder)
    assert settings == Settings()
    assert len(problems) == 1
    assert "cannot be read" in problems[0].message


def test_find_config_prefers_the_explicit_file(tmp_path: Path) -> None:
    """--config wins, even when the file is missing (load_settings then reports it)."""
    assert find_config(tmp_path / "given.toml") == tmp_path / "given.toml"


def test_find_config_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beside the executable first, then the user's config folder, else None."""
    program, xdg = tmp_path / "program", tmp_path / "xdg"
    program.mkdir()
    monkeypatch.setattr(paths, "beside_executable", lambda: program)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    if paths.user_config_file().parent.parent != xdg:
        pytest.skip("the platform's config folder does not follow XDG_CONFIG_HOME here")
    assert find_config(None) is None
    user = paths.user_config_file()
    user.parent.mkdir(parents=True)
    user.write_text("rotation = 90\n", encoding="utf-8")
    assert find_config(None) == user
    (program / "kiosk.toml").write_text("rotation = 180\n", encoding="utf-8")
    assert find_config(None) == program / "kiosk.toml"


def test_documented_example_is_complete_and_valid(tmp_path: Path) -> None:
    """docs/configuration.md's example sets every key and loads without a problem."""
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = write(tmp_path, example)
    assert load_settings(path)[1] == []
    assert set(tomllib.loads(example)) == set(config._CHECKS)
    for key in config._CHECKS:
        assert f"| `{key}` |" in text, f"{key} has no row in the settings table"
