"""The helper that tells tests which parts of the machine exist (tests/helpers/system_parts.py):
its skip reasons name a Debian package, and a check run can pretend a part is missing."""

from __future__ import annotations

import pytest

from helpers import system_parts


def test_every_skip_reason_names_what_is_missing_and_its_package() -> None:
    """"needs libpulse.so.0 (Debian package libpulse0)": what to install, in so many words."""
    assert system_parts.PARTS["libpulse"].reason == "needs libpulse.so.0 (Debian package libpulse0)"
    for part in system_parts.PARTS.values():
        assert part.reason.startswith(f"needs {part.what} (Debian package")
        assert all(package in part.reason for package in part.packages)


def test_a_part_can_be_pretended_missing_by_name_or_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """KIOSK_TEST_PRETEND_MISSING takes part names and package names alike."""
    monkeypatch.setenv(system_parts.PRETEND_VARIABLE, "libpulse0, xdotool,systemd")
    assert system_parts.pretended_missing() == {"libpulse", "xdotool", "systemd-analyze"}
    assert not system_parts.present("libpulse")
    assert system_parts.missing_reason("xvfb", "xdotool") == system_parts.PARTS["xdotool"].reason


def test_a_misspelt_part_is_an_error_not_a_silent_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in the variable, or in a `needs` marker, stops the run rather than skipping
    nothing (or everything) unnoticed."""
    monkeypatch.setenv(system_parts.PRETEND_VARIABLE, "libpulse")
    assert system_parts.pretended_missing() == {"libpulse"}
    monkeypatch.setenv(system_parts.PRETEND_VARIABLE, "libpuls0")
    with pytest.raises(ValueError, match="libpuls0"):
        system_parts.pretended_missing()
    with pytest.raises(KeyError, match="no system part"):
        system_parts.present("pulse")

