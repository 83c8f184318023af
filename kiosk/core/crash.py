"""One place for unexpected errors: log them with their traceback, and put the patient back on
the home screen. A patient never sees a traceback; a kiosk that keeps failing exits non-zero so
the OS supervisor restarts it.

PySide6 hands exceptions raised in slots and overridden Qt methods to sys.excepthook, so
replacing that hook is enough to see them (tests/gui/test_kiosk_mode.py proves it for the
pinned version).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger(__name__)

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class CrashHook:
    """Installable and removable; `recover` runs on the main thread after an error, and
    `give_up` once errors come faster than recovering can help."""

    def __init__(
        self,
        recover: Callable[[], None],
        give_up: Callable[[], None],
        schedule: Callable[[Callable[[], None]], None],
        max_errors: int = 20,
        window_s: float = 60.0,
    ) -> None:
        self.recover = recover
        self.give_up = give_up
        self.schedule = schedule  # runs a callable soon on the main (UI) thread
        self.max_errors = max_errors
        self.window_s = window_s
        self.errors: list[float] = []
        self._previous: Hook | None = None

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook = self._previous
            self._previous = None
        threading.excepthook = threading.__excepthook__

    def handle(self, kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error; returning to the home screen", exc_info=(kind, value, tb))
        now = time.monotonic()
        self.errors = [t for t in self.errors if now - t < self.window_s] + [now]
        if len(self.errors) >= self.max_errors:
            log.critical("%d errors in %.0f s; exiting so the supervisor restarts the kiosk",
                         len(self.errors), self.window_s)
            self.schedule(self.give_up)
            return
        self.schedule(self._safe_recover)

    def _safe_recover(self) -> None:
        try:
            self.recover()
        except Exception:  # recovering must never itself loop through the hook
            log.exception("could not return to the home screen")
            self.give_up()

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        log.error("unexpected error in thread %s", args.thread.name if args.thread else "?",
                  exc_info=(args.exc_type, args.exc_value or args.exc_type(),
                            args.exc_traceback))
