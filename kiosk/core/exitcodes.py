"""Process exit codes: what IT's supervisor and scripts can rely on."""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    OK = 0
    # `kiosk check` found errors; `self-test` failed; `export` wrote a copy of content with
    # errors (its cover says the kiosk would not show it) or found no content to export
    # `kiosk status`: the kiosk runs but shows its last good copy or the bundled content, or
    # the folder's newest edit has errors
    CONTENT_ERRORS = 1
    USAGE = 2  # bad command line (for `export`, also an -o file that cannot be written)
    # the kiosk could not start, or kept failing and stopped (restart it); `export` could
    # not load Qt for a PDF
    FATAL = 3
    ALREADY_RUNNING = 4  # another kiosk already runs on this display
    NOT_RUNNING = 5  # `kiosk status`: no kiosk is running
