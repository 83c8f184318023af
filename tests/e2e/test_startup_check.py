"""The kiosk starts on a quick load of its content and checks it in full once the window is up:
content with an error only that check finds (a missing picture) still gives way to the
bundled content, as content with any other error does at start."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from test_real_kiosk import REPO, Display, RunningKiosk, changed_fraction, display

__all__ = ["display"]  # the fixture, shared with test_real_kiosk
pytestmark = [pytest.mark.e2e, pytest.mark.needs("xvfb", "xdotool", "imagemagick")]


def settled_home(kiosk: RunningKiosk, tmp_path: Path, name: str, wait_for: str) -> Path:
    kiosk.wait_for_window()
    kiosk.wait_for_log(wait_for)
    time.sleep(1.5)  # any cross-fade has long finished
    return kiosk.screenshot(tmp_path / name)


def test_a_folder_whose_picture_is_missing_gives_way_to_the_bundled_content(
    display: Display, tmp_path: Path,
) -> None:
    folder = tmp_path / "clinic"
    shutil.copytree(REPO / "content", folder)
    index = folder / "en" / "_index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "title:", "title: Riverside Clinic —", 1), encoding="utf-8")
    (folder / "en" / "50-about" / "spine-side-view.svg").unlink()

    broken = RunningKiosk(display, tmp_path / "broken.log", "--content", str(folder))
    try:
        after_check = settled_home(broken, tmp_path, "broken.png",
                                   "failed its full check; showing the bundled content")
        log = broken.log_path.read_text()
        assert "spine-side-view.svg" in log  # the problem is named, for whoever reads the log
        assert broken.stop() == 0
    finally:
        broken.stop()

    bundled = RunningKiosk(display, tmp_path / "bundled.log", "--content", str(REPO / "content"))
    try:
        reference = settled_home(bundled, tmp_path, "bundled.png", "content reloaded from")
        assert bundled.stop() == 0
    finally:
        bundled.stop()
    # What a patient sees once the check is done is the bundled home screen, not the clinic's.
    assert changed_fraction(after_check, reference) < 0.001


def test_a_restart_during_a_broken_edit_shows_the_last_good_copy_then_the_fix(
    display: Display, tmp_path: Path, private_state_folder: Path,
) -> None:
    """The clinic's own last good content survives a restart: started on a good folder with an
    extra section, stopped, a page broken, started again: patients see exactly what they saw
    before (not the bundled content), the log says why, and the fix then shows live."""
    folder = tmp_path / "clinic"
    shutil.copytree(REPO / "content", folder)
    index = folder / "en" / "_index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "title:", "title: Riverside Clinic —", 1), encoding="utf-8")
    section = folder / "en" / "60-getting-here"
    section.mkdir()
    (section / "_index.md").write_text("---\ntitle: Getting here\nsummary: Parking and buses\n"
                                       "---\n", encoding="utf-8")
    page = section / "10-parking.md"
    good_page = "---\ntitle: Parking\n---\nPark in the blue car park. It is free.\n"
    page.write_text(good_page, encoding="utf-8")

    good = RunningKiosk(display, tmp_path / "good.log", "--content", str(folder))
    try:
        reference = settled_home(good, tmp_path, "good.png",
                                 "kept a last good copy of content folder")
        assert good.stop() == 0
    finally:
        good.stop()
    copy = private_state_folder / "waiting-room-kiosk" / "last-good"
    assert (copy / "content" / "en" / "60-getting-here" / "10-parking.md").is_file()

    page.write_text("---\ntittle: Parking\n---\nPark in the blue car park.\n", encoding="utf-8")
    again = RunningKiosk(display, tmp_path / "again.log", "--content", str(folder))
    try:
        restarted = settled_home(again, tmp_path, "again.png",
                                 "has 1 error(s); still showing the last good content")
        log = again.log_path.read_text()
        assert (f"content folder {folder} has 1 error(s); showing the last good copy from "
                in log)
        assert f"(kept in {copy / 'content'}) instead" in log
        assert "showing the bundled content" not in log
        # Patients see the clinic's last good home screen, new section and all.
        assert changed_fraction(restarted, reference) < 0.001

        # The watcher follows the real folder: the fix (with a new name on the home screen)
        # comes on screen as soon as it passes.
        index.write_text(index.read_text(encoding="utf-8").replace(
            "Riverside Clinic", "Lakeside Clinic", 1), encoding="utf-8")
        page.write_text(good_page, encoding="utf-8")
        again.wait_for_log(f"content reloaded from {folder}")
        time.sleep(1.5)
        fixed = again.screenshot(tmp_path / "fixed.png")
        assert changed_fraction(fixed, reference) > 0
        assert again.stop() == 0
    finally:
        again.stop()
