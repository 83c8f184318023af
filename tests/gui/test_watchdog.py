"""The systemd watchdog's pings (kiosk/app/watchdog.py) come from the UI thread's event loop:
a UI thread that hangs sends none, so systemd restarts the kiosk; once it turns again, they
resume. Heard on a real socket."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from helpers.notify_socket import Message, NotifySocket
from kiosk.core.sd_notify import Notifier


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[NotifySocket]:
    listening = NotifySocket.in_folder(tmp_path)
    yield listening
    listening.close()


def pings(messages: list[Message]) -> int:
    return sum("WATCHDOG=1" in m.lines for m in messages)


def listen(systemd: NotifySocket, heard: list[Message]) -> list[Message]:
    heard.extend(systemd.drain())
    return heard


def test_a_blocked_ui_thread_sends_no_pings_and_they_resume_after(
        qtbot: QtBot, systemd: NotifySocket) -> None:
    from PySide6.QtCore import QObject, QTimer

    from kiosk.app.watchdog import watch_the_ui_thread

    parent = QObject()
    notifier = Notifier(systemd.address, watchdog_usec=150_000)  # a ping every 50 ms
    watchdog = watch_the_ui_thread(notifier, parent)
    assert watchdog is not None
    heard: list[Message] = []
    qtbot.waitUntil(lambda: pings(listen(systemd, heard)) >= 3, timeout=10_000)

    during_hang: list[Message | None] = []

    def hang() -> None:
        # The UI thread stuck in one long call: it waits, blocked, for a ping that only a
        # timer outside its event loop could send. Everything sent before the hang is
        # already queued (a local datagram is delivered when sendto returns).
        systemd.drain()
        during_hang.append(systemd.receive(timeout=1.0))  # 20 ping intervals

    QTimer.singleShot(0, hang)
    qtbot.waitUntil(lambda: bool(during_hang), timeout=10_000)
    assert during_hang == [None]
    after: list[Message] = []
    qtbot.waitUntil(lambda: pings(listen(systemd, after)) >= 2, timeout=10_000)
    assert all(m.pid == os.getpid() for m in after)
    watchdog.stop()
    notifier.close()


def test_no_watchdog_from_systemd_means_no_pings(qtbot: QtBot, systemd: NotifySocket) -> None:
    from PySide6.QtCore import QObject

    from kiosk.app.watchdog import watch_the_ui_thread

    notifier = Notifier(systemd.address, watchdog_usec=None)
    assert watch_the_ui_thread(notifier, QObject()) is None
    qtbot.wait(200)
    assert systemd.drain() == []
    notifier.close()
