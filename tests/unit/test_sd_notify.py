"""Telling systemd how the kiosk is doing (kiosk/core/sd_notify.py), heard on a real socket."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.notify_socket import NotifySocket
from kiosk.core.sd_notify import Notifier


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[NotifySocket]:
    listening = NotifySocket.in_folder(tmp_path)
    yield listening
    listening.close()


def test_each_state_arrives_as_one_datagram_from_this_process(systemd: NotifySocket) -> None:
    notifier = Notifier(systemd.address)
    assert notifier.ready("showing home") and notifier.ping() and notifier.stopping()
    notifier.close()
    assert [(m.pid, m.lines) for m in systemd.drain()] == [
        (os.getpid(), ("READY=1", "STATUS=showing home")),
        (os.getpid(), ("WATCHDOG=1",)),
        (os.getpid(), ("STOPPING=1", "STATUS=stopping")),
    ]


def test_a_status_of_several_lines_stays_one_status_line(systemd: NotifySocket) -> None:
    """A newline would start a new KEY=value line: systemd would read half a status."""
    notifier = Notifier(systemd.address)
    notifier.status("content check failed\nfile a.md")
    notifier.close()
    assert [m.lines for m in systemd.drain()] == [("STATUS=content check failed file a.md",)]


def test_an_abstract_socket_name_is_reached_without_a_file(tmp_path: Path) -> None:
    """systemd may name its socket "@…": Linux's abstract namespace, no file on disk."""
    name = f"@kiosk-test-{os.getpid()}-{tmp_path.name}"
    listening = NotifySocket(name)
    try:
        notifier = Notifier(name)
        assert notifier.ready()
        notifier.close()
        assert [m.lines for m in listening.drain()] == [("READY=1",)]
        assert not any(tmp_path.iterdir())
    finally:
        listening.close()


def test_the_environment_is_read_once_and_kept_from_the_kiosks_children() -> None:
    """The read-aloud worker and the content check inherit the environment: they must not
    find systemd's socket there and speak for the kiosk."""
    environ = {"NOTIFY_SOCKET": "/run/user/1000/systemd/notify", "WATCHDOG_USEC": "30000000",
               "WATCHDOG_PID": "4242", "HOME": "/home/kiosk"}
    notifier = Notifier.from_environment(environ, pid=4242)
    assert notifier is not None
    assert (notifier.address, notifier.watchdog_usec) == ("/run/user/1000/systemd/notify",
                                                          30_000_000)
    assert environ == {"HOME": "/home/kiosk"}


def test_pings_come_at_least_twice_per_watchdog_timeout() -> None:
    interval = Notifier("/x", watchdog_usec=30_000_000).ping_interval_ms
    assert interval is not None and 2 * interval <= 30_000


@pytest.mark.parametrize(("environ", "watchdog"), [
    ({"NOTIFY_SOCKET": "/s", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),
    ({"NOTIFY_SOCKET": "/s", "WATCHDOG_USEC": "30000000"}, 30_000_000),
    ({"NOTIFY_SOCKET": "/s", "WATCHDOG_USEC": "soon"}, None),
    ({"NOTIFY_SOCKET": "/s", "WATCHDOG_USEC": "0"}, None),
    ({"NOTIFY_SOCKET": "/s"}, None),
], ids=["another-process", "no-pid-given", "not-a-number", "zero", "no-watchdog"])
def test_the_watchdog_is_ours_only_when_systemd_says_so(environ: dict[str, str],
                                                        watchdog: int | None) -> None:
    """WATCHDOG_PID names the process systemd watches: another one's watchdog is not ours."""
    notifier = Notifier.from_environment(environ, pid=4242)
    assert notifier is not None and notifier.watchdog_usec == watchdog
    assert (notifier.ping_interval_ms is None) == (watchdog is None)


def test_without_notify_socket_there_is_no_notifier() -> None:
    environ = {"WATCHDOG_USEC": "30000000"}
    assert Notifier.from_environment(environ, pid=4242) is None


@pytest.mark.expect_log("kiosk.core.sd_notify", "WARNING",
                        r"^could not tell systemd 'READY=1' through NOTIFY_SOCKET .*missing")
def test_a_socket_nobody_listens_on_is_logged_once_and_never_stops_the_kiosk(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    notifier = Notifier(str(tmp_path / "missing"))
    assert notifier.ready() is False
    assert notifier.ping() is False and notifier.ping() is False
    notifier.close()
    assert len([r for r in caplog.records if r.name == "kiosk.core.sd_notify"]) == 1
