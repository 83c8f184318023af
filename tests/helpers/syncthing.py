"""Two real Syncthing instances on the loopback, sharing one folder: the sender's, where
staff edit, and the kiosk's, receive-only. No discovery, relays, NAT or usage reports: each
knows the other by a static address, as in the recipe in docs/deployment.md."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

FOLDER_ID = "kiosk-content"
API_KEY = "kiosk-sync-test"  # the loopback REST API: to ask for a scan at once
# What the receiving side never syncs: temporary files of editors and of Syncthing itself.
STIGNORE = "(?d).syncthing.*.tmp\n(?d)~syncthing~*.tmp\n(?d).*.swp\n(?d)~$*\n(?d)Thumbs.db\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Instance:
    home: Path
    folder: Path
    folder_type: str  # "sendonly" or "receiveonly"
    port: int
    gui_port: int
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None


def generate(home: Path) -> str:
    subprocess.run(["syncthing", "generate", "--home", str(home)], check=True,
                   capture_output=True, timeout=120)
    return subprocess.run(["syncthing", "--home", str(home), "--device-id"], check=True,
                          capture_output=True, text=True, timeout=60).stdout.strip().split()[-1]


def write_config(me: Instance, peer: Instance) -> None:
    devices = "".join(
        f'<device id="{i.device_id}" name="{name}" compression="metadata" introducer="false">'
        f"<address>tcp://127.0.0.1:{i.port}</address></device>"
        for name, i in (("me", me), ("peer", peer)))
    # The version this Syncthing wrote (`generate`): a newer one stops it.
    generated = (me.home / "config.xml").read_text(encoding="utf-8")
    version = re.search(r'<configuration version="(\d+)"', generated)
    assert version, generated
    config = f"""<configuration version="{version.group(1)}">
  <folder id="{FOLDER_ID}" label="Kiosk content" path={quoteattr(str(me.folder))}
      type="{me.folder_type}" rescanIntervalS="3600" fsWatcherEnabled="true"
      fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
    <device id="{me.device_id}"></device>
    <device id="{peer.device_id}"></device>
    <minDiskFree unit="%">0</minDiskFree>
  </folder>
  {devices}
  <gui enabled="true" tls="false"><address>127.0.0.1:{me.gui_port}</address>
    <apikey>{API_KEY}</apikey></gui>
  <options>
    <listenAddress>tcp://127.0.0.1:{me.port}</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <startBrowser>false</startBrowser>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
    <crashReportingEnabled>false</crashReportingEnabled>
    <reconnectionIntervalS>1</reconnectionIntervalS>
    <minHomeDiskFree unit="%">0</minHomeDiskFree>
  </options>
</configuration>
"""
    (me.home / "config.xml").write_text(config, encoding="utf-8")


def start(me: Instance, log: Path) -> None:
    env = dict(os.environ, STNODEFAULTFOLDER="1", STNOUPGRADE="1")
    with log.open("wb") as out:
        me.process = subprocess.Popen(
            ["syncthing", "serve", "--no-browser", "--no-restart", "--home", str(me.home)],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def stop(me: Instance) -> None:
    if me.process is not None and me.process.poll() is None:
        me.process.terminate()
        try:
            me.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            me.process.kill()
            me.process.wait(timeout=60)


def pair(root: Path, sender_folder: Path, kiosk_folder: Path) -> tuple[Instance, Instance]:
    """Two configured instances (not started): the sender's folder send-only, the kiosk's
    receive-only, with the recipe's .stignore in both."""
    sender = Instance(root / "sender-home", sender_folder, "sendonly", free_port(), free_port())
    kiosk = Instance(root / "kiosk-home", kiosk_folder, "receiveonly", free_port(), free_port())
    for instance in (sender, kiosk):
        instance.device_id = generate(instance.home)
        (instance.folder / ".stignore").write_text(STIGNORE, encoding="utf-8")
    write_config(sender, kiosk)
    write_config(kiosk, sender)
    return sender, kiosk


def scan(me: Instance, timeout: float = 120) -> None:
    """Ask Syncthing to scan the folder now (its file watcher may not have noticed yet); retried
    until its REST API answers, which it does once it has started."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{me.gui_port}/rest/db/scan?folder={FOLDER_ID}", method="POST",
        headers={"X-API-Key": API_KEY})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
