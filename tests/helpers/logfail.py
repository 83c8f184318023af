"""Fail any test that logs an unexpected WARNING or worse (after qutebrowser's
tests/helpers/logfail.py).

A test that expects one says so, once per kind of message:

    @pytest.mark.expect_log("kiosk.app.watcher", "ERROR", r"still showing the last good")

The logger matches itself and its children, the level exactly, and the pattern is searched for
in the formatted message. Every record at WARNING or above that no declaration matches fails
the test, and so does a declaration that nothing matched (a stale one hides nothing then). Qt's
own warnings are failed by pytest-qt (`qt_log_level_fail`); this covers Python's logging,
from any thread of the test process.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Expected:
    logger: str
    level: str
    pattern: str

    @classmethod
    def from_mark(cls, mark: pytest.Mark) -> Expected:
        logger, level, pattern = mark.args
        if logging.getLevelName(level) == f"Level {level}":
            raise ValueError(f"expect_log: {level!r} is not a logging level name")
        return cls(logger, level, pattern)

    def matches(self, record: logging.LogRecord) -> bool:
        return ((record.name == self.logger or record.name.startswith(self.logger + "."))
                and record.levelname == self.level
                and re.search(self.pattern, record.getMessage()) is not None)

    def __str__(self) -> str:
        return f"{self.logger} {self.level} /{self.pattern}/"


class LogFailHandler(logging.Handler):
    """Keeps every record at WARNING or above, for the check at the end of the test."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def unexpected(records: list[logging.LogRecord], expected: list[Expected]) -> list[str]:
    """What should fail the test: records nothing expected, and expectations nothing met."""
    problems = []
    met: set[Expected] = set()
    for record in records:
        matching = [e for e in expected if e.matches(record)]
        met.update(matching)
        if not matching:
            problems.append(f"unexpected {record.levelname} from {record.name} "
                            f"({record.pathname}:{record.lineno}): {record.getMessage()}")
    problems.extend(f"expected a log message that never came: {e}" for e in expected
                    if e not in met)
    return problems
