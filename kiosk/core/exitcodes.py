"""Process exit codes: what IT's supervisor and scripts can rely on."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    OK = 0
    CONTENT_ERRORS = 1  # `kiosk check` found errors; `self-test` failed
    USAGE = 2  # bad command line
    FATAL = 3  # the kiosk could not start, or kept failing and stopped (restart it)
    ALREADY_RUNNING = 4  # another kiosk already runs on this display
