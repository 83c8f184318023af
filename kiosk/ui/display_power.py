"""Turning the display itself off while the kiosk sleeps, where the platform allows: the
configured `sleep_command`/`wake_command`, else X11's DPMS through `xset`, else nothing (the
screen is only black). Commands run without a shell and are never waited for: a display that
takes seconds to answer must not freeze the kiosk."""

from __future__ import annotations

import logging
import shlex
import shutil

from PySide6.QtCore import QProcess

from kiosk.core.config import Settings

log = logging.getLogger(__name__)

XSET_OFF = ["xset", "dpms", "force", "off"]  # xset turns DPMS on first: forcing needs it
# Turning DPMS off again turns the monitor on (the X server's DPMSDisable sets it On) and
# keeps the session's `xset -dpms`: with DPMS left on, X would blank the kiosk by itself.
XSET_ON = ["xset", "-dpms"]


class DisplayPower:
    def __init__(self, off: list[str], on: list[str]) -> None:
        self.off_command = off
        self.on_command = on
        self._failed: set[str] = set()  # each failing command is logged once, not nightly

    def off(self) -> None:
        self._run(self.off_command)

    def on(self) -> None:
        self._run(self.on_command)

    def _run(self, command: list[str]) -> None:
        if not command:
            return
        started, _pid = QProcess.startDetached(command[0], command[1:])
        if not started and command[0] not in self._failed:
            self._failed.add(command[0])
            log.warning("could not run %s to turn the display off or on; the screen stays "
                        "black but lit (check sleep_command and wake_command in the settings)",
                        shlex.join(command))


def display_power_for(settings: Settings, platform: str) -> DisplayPower:
    """The configured commands; else DPMS on X11 (`platform`: Qt's, "xcb") when xset is
    installed; else nothing to run."""
    if settings.sleep_command or settings.wake_command:
        return DisplayPower(shlex.split(settings.sleep_command),
                            shlex.split(settings.wake_command))
    if platform == "xcb" and shutil.which("xset"):
        return DisplayPower(XSET_OFF, XSET_ON)
    return DisplayPower([], [])
