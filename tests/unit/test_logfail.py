"""The rule "no test logs a WARNING or worse unless it says it expects one"
(tests/helpers/logfail.py), itself tested."""

from __future__ import annotations

import logging

import pytest

from helpers.logfail import Expected, unexpected


def record(name: str, level: int, message: str) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_an_undeclared_warning_is_named_with_its_logger_and_message() -> None:
    """A stray warning fails the test, saying who logged what."""
    problems = unexpected([record("kiosk.app.watcher", logging.WARNING, "a surprise")], [])
    assert len(problems) == 1
    assert "unexpected WARNING from kiosk.app.watcher" in problems[0]
    assert problems[0].endswith("a surprise")


def test_a_declaration_covers_its_logger_children_level_and_pattern_only() -> None:
    """Logger and its children, exact level, pattern searched in the message."""
    expected = [Expected("kiosk.core", "ERROR", r"moved it to")]
    assert unexpected([record("kiosk.core.usage", logging.ERROR, "damaged; moved it to x")],
                      expected) == []
    for stray in (record("kiosk.corelike", logging.ERROR, "moved it to x"),
                  record("kiosk.core.usage", logging.WARNING, "moved it to x"),
                  record("kiosk.core.usage", logging.ERROR, "something else")):
        assert any(p.startswith("unexpected") for p in unexpected([stray], expected))


def test_a_declared_message_that_never_comes_fails_too() -> None:
    """A stale declaration is reported, so it cannot quietly outlive the behaviour."""
    problems = unexpected([], [Expected("kiosk", "WARNING", "gone")])
    assert problems == ["expected a log message that never came: kiosk WARNING /gone/"]


@pytest.mark.expect_log("kiosk.test", "WARNING", r"^on purpose$")
def test_the_marker_lets_a_test_log_what_it_declares() -> None:
    """The autouse fixture in tests/conftest.py honours the marker."""
    logging.getLogger("kiosk.test").warning("on purpose")
