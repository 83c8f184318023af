"""Real sync tools carry an edit into a running kiosk's content folder: the kiosk picks the new
content up whole, and never puts a half-synced folder on screen (docs/deployment.md)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from helpers import syncthing
from helpers.sync_kiosk import OffscreenKiosk, copy_bundled, edit, short_fingerprint

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _synced(tmp_path: Path) -> tuple[Path, Path, OffscreenKiosk, str]:
    """The clinic's copy (edited) and the kiosk's folder (as before the edit), the kiosk
    running on it, and the fingerprint of what it shows."""
    source = copy_bundled(tmp_path / "source")
    folder = copy_bundled(tmp_path / "kiosk-content")
    kiosk = OffscreenKiosk(folder, tmp_path / "kiosk.log")
    old = short_fingerprint(folder)
    kiosk.wait_for_fingerprint(old)
    edit(source)
    return source, folder, kiosk, old


@pytest.mark.needs("rsync")
def test_rsync_with_delay_updates_shows_only_the_old_or_the_new_content(tmp_path: Path) -> None:
    """Throttled so the copy takes a while, the kiosk shows the old content until the new
    one is whole, then the new one: no state in between is ever on screen.

    `--delete-delay`, not `--delete`: with `--delete` rsync removes the removed page at the
    start, and the kiosk showed that half state (old pages, one gone) while the rest was still
    on its way (docs/deployment.md)."""
    source, folder, kiosk, old = _synced(tmp_path)
    try:
        subprocess.run(["rsync", "-a", "--delay-updates", "--delete-delay", "--bwlimit=500",
                         f"{source}/", f"{folder}/"],
                       check=True, timeout=300)
        new = short_fingerprint(folder)
        assert new == short_fingerprint(source) and new != old
        kiosk.wait_for_fingerprint(new)
        assert set(kiosk.shown()) <= {old, new}, kiosk.text()
        assert kiosk.shown()[-1] == new
    finally:
        assert kiosk.stop() == 0


@pytest.mark.needs("rsync")
def test_plain_rsync_ends_on_the_new_content(tmp_path: Path) -> None:
    """Plain rsync writes files into place one by one: the new page that shows the new picture
    lands long before the (throttled) picture does. The kiosk's check rejects such a half
    state (the old content stays; the log says so), and the new content comes on screen once
    it is whole. A half state that passes the check could be shown on the way: hence the
    recipe's --delay-updates."""
    source, folder, kiosk, old = _synced(tmp_path)
    try:
        subprocess.run(["rsync", "-a", "--delete", "--bwlimit=500", f"{source}/",
                        f"{folder}/"], check=True, timeout=300)
        new = short_fingerprint(folder)
        kiosk.wait_for_fingerprint(new)
        assert kiosk.shown()[-1] == new
        # What this run saw (-s shows it): the loads shown and those the check rejected.
        print(f"shown {kiosk.shown()} (old {old}, new {new}); rejected {kiosk.rejected()}")
    finally:
        assert kiosk.stop() == 0



def _wait_until_same(folder: Path, source: Path, *instances: syncthing.Instance) -> str:
    """Until `folder` holds what `source` holds (names and bytes): its fingerprint."""
    want = short_fingerprint(source)
    deadline = time.monotonic() + 200
    while short_fingerprint(folder) != want:
        assert time.monotonic() < deadline, f"Syncthing did not bring {source} to {folder}"
        for instance in instances:
            assert instance.process is not None and instance.process.poll() is None
        time.sleep(0.5)
    return want


@pytest.mark.needs("syncthing")
def test_syncthing_carries_an_edit_into_a_receive_only_folder(tmp_path: Path) -> None:
    """Two Syncthing instances on the loopback: the edit made on the sending side comes on
    the kiosk's screen whole; Syncthing's temporary files in the folder while it copies are
    neither content nor a warning for staff."""
    source = copy_bundled(tmp_path / "source")
    folder = tmp_path / "kiosk-content"
    folder.mkdir()  # Syncthing fills it, as on a new kiosk
    sender, receiver = syncthing.pair(tmp_path, source, folder)
    syncthing.start(sender, tmp_path / "sender.log")
    syncthing.start(receiver, tmp_path / "receiver.log")
    kiosk: OffscreenKiosk | None = None
    try:
        old = _wait_until_same(folder, source, sender, receiver)
        kiosk = OffscreenKiosk(folder, tmp_path / "kiosk.log")
        kiosk.wait_for_fingerprint(old)
        edit(source)
        syncthing.scan(sender)
        new = _wait_until_same(folder, source, sender, receiver)
        kiosk.wait_for_fingerprint(new)
        assert kiosk.shown()[-1] == new
        # Nothing about the folder for staff: no warning, no error, no Syncthing file named.
        for level in ("WARNING", "ERROR"):
            assert f" {level} kiosk.app.watcher: " not in kiosk.text(), kiosk.text()
        assert ".syncthing." not in kiosk.text() and ".stfolder" not in kiosk.text()
        print(f"shown {kiosk.shown()} (old {old}, new {new}); rejected {kiosk.rejected()}")
    finally:
        syncthing.stop(sender)
        syncthing.stop(receiver)
        if kiosk is not None:
            assert kiosk.stop() == 0
