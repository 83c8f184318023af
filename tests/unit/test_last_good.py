"""The last good copy of the content folder (kiosk/core/last_good.py): written whole, one
previous copy kept, never used for another folder, not copied again when nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.pages import DATES
from kiosk.core import last_good
from kiosk.core.content_choice import describe_on_screen, initial_library

# Review dates as staff write them (a page without them is a warning).

MakeContent = Callable[..., Path]
MONDAY = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)
TUESDAY = dt.datetime(2026, 12, 1, 14, 3, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parents[2]


def page_one(copy: last_good.Kept) -> str:
    return (copy.content / "en/10-first/10-one.md").read_text(encoding="utf-8")


def edit(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime + 2  # a visible change on whole-second file systems
    os.utime(path, (stamp, stamp))


def test_a_copy_holds_the_content_and_says_what_it_is_a_copy_of(
        make_content: MakeContent, tmp_path: Path) -> None:
    """The copy has every content file and none of the leftovers, and its record names the
    folder (resolved), the time and the fingerprint."""
    folder = make_content({"en/.page.md.swp": "junk", "en/10-first/Thumbs.db": "junk"})
    home = tmp_path / "state"
    kept = last_good.keep(folder, home, now=TUESDAY)
    assert kept is not None
    assert kept.content == home / "last-good" / "content"
    assert kept.source == folder.resolve()
    assert kept.taken_at == TUESDAY and kept.taken == TUESDAY.astimezone().strftime(
        "%Y-%m-%d %H:%M")
    assert kept.fingerprint == last_good.fingerprint(folder)
    copied = sorted(p.relative_to(kept.content).as_posix() for p in kept.content.rglob("*")
                    if p.is_file())
    original = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                      if p.is_file() and not p.name.startswith(".") and p.name != "Thumbs.db")
    assert copied == original
    record = json.loads((home / "last-good" / "record.json").read_text(encoding="utf-8"))
    assert record["source"] == str(folder.resolve())
    assert last_good.find(home, folder) == kept


def test_a_crash_halfway_through_a_copy_leaves_the_old_copy_whole(
        make_content: MakeContent, tmp_path: Path) -> None:
    """The copy fails after a few files (a full disk, a power cut): the copy kept before is
    untouched and still the one found, and the next copy clears what was left."""
    folder = make_content()
    home = tmp_path / "state"
    before = last_good.keep(folder, home, now=MONDAY)
    assert before is not None
    edit(folder / "en/10-first/10-one.md",
         "---\ntitle: Page one\n" + DATES + "---\nA newer text.\n")
    copied: list[str] = []

    def fails_halfway(src: str, dst: str) -> object:
        if len(copied) == 4:
            raise OSError(28, "No space left on device")
        copied.append(src)
        return shutil.copy2(src, dst)

    with pytest.raises(OSError, match="No space"):
        last_good.keep(folder, home, now=TUESDAY, copy_file=fails_halfway)
    assert len(copied) == 4  # it did fail halfway, with files already copied
    assert last_good.find(home, folder) == before
    assert "You read page one" in page_one(before)
    assert not (home / "last-good.previous").exists()
    # A crash leaves last-good.new behind (here it was cleaned up); the next copy clears it.
    (home / "last-good.new" / "content").mkdir(parents=True)
    (home / "last-good.new" / "content" / "half.md").write_text("half", encoding="utf-8")
    after = last_good.keep(folder, home, now=TUESDAY)
    assert after is not None and "A newer text" in page_one(after)
    assert not (home / "last-good.new").exists()
    assert not (after.content / "half.md").exists()


def test_one_previous_copy_is_kept_and_used_if_the_newest_is_missing(
        make_content: MakeContent, tmp_path: Path) -> None:
    """Three good versions: the newest and the one before are kept, no older one. A stop
    between the two renames (no last-good, a previous) still finds the previous."""
    folder = make_content()
    home = tmp_path / "state"
    for n, day in enumerate((MONDAY, TUESDAY, TUESDAY + dt.timedelta(hours=1))):
        edit(folder / "en/10-first/10-one.md",
             "---\ntitle: Page one\n" + DATES + f"---\nVersion {n}.\n")
        assert last_good.keep(folder, home, now=day) is not None
    assert sorted(p.name for p in home.iterdir()) == ["last-good", "last-good.previous"]
    newest = last_good.find(home, folder)
    assert newest is not None and "Version 2" in page_one(newest)
    shutil.rmtree(home / "last-good")
    previous = last_good.find(home, folder)
    assert previous is not None and "Version 1" in page_one(previous)
    assert previous.taken_at == TUESDAY
    assert previous.content == home / "last-good.previous" / "content"


def test_a_copy_of_one_folder_never_stands_in_for_another(
        make_content: MakeContent, tmp_path: Path) -> None:
    """Folder A's copy is not B's: B has none, even after A was kept twice."""
    a = make_content(name="clinic-a")
    b = make_content(name="clinic-b")
    home = tmp_path / "state"
    assert last_good.keep(a, home, now=MONDAY) is not None
    edit(a / "en/10-first/10-one.md", "---\ntitle: Page one\n" + DATES + "---\nA again.\n")
    assert last_good.keep(a, home, now=TUESDAY) is not None
    assert last_good.find(home, b) is None
    assert last_good.find(home, a) is not None
    # The same folder named another way (relative, through a link) is the same folder.
    link = tmp_path / "link-to-a"
    link.symlink_to(a, target_is_directory=True)
    assert last_good.find(home, link) == last_good.find(home, a)


def test_an_unchanged_folder_is_not_copied_again(
        make_content: MakeContent, tmp_path: Path) -> None:
    """Every passed check asks for a copy; an unchanged folder keeps the one it has (the
    time taken stays, and the previous copy is not pushed out)."""
    folder = make_content()
    home = tmp_path / "state"
    first = last_good.keep(folder, home, now=MONDAY)
    again = last_good.keep(folder, home, now=TUESDAY)
    assert again == first and again is not None and again.taken_at == MONDAY
    assert not (home / "last-good.previous").exists()
    # A leftover (an editor's swap file) is no change either.
    (folder / "en" / ".10-one.md.swp").write_text("swap", encoding="utf-8")
    assert last_good.keep(folder, home, now=TUESDAY) == first


def test_a_folder_that_changed_during_the_copy_is_not_kept(
        make_content: MakeContent, tmp_path: Path) -> None:
    """Only what passed the check is kept: if the folder moved on meanwhile, the new copy is
    dropped and the old one stays."""
    folder = make_content()
    home = tmp_path / "state"
    before = last_good.keep(folder, home, now=MONDAY)
    edit(folder / "en/10-first/10-one.md",
         "---\ntitle: Page one\n" + DATES + "---\nNot checked yet.\n")
    assert last_good.keep(folder, home, unchanged=lambda: False, now=TUESDAY) is None
    assert last_good.find(home, folder) == before
    assert not (home / "last-good.new").exists()


def test_a_damaged_record_is_no_copy(make_content: MakeContent, tmp_path: Path) -> None:
    """A record cut short or a copy without its content folder is never used."""
    folder = make_content()
    home = tmp_path / "state"
    assert last_good.keep(folder, home, now=MONDAY) is not None
    record = home / "last-good" / "record.json"
    record.write_text('{"source": ', encoding="utf-8")
    assert last_good.find(home, folder) is None
    assert last_good.keep(folder, home, now=TUESDAY) is not None
    shutil.rmtree(home / "last-good" / "content")
    assert last_good.find(home, folder) is None


@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"^content: ")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR",
                        r"has 1 error\(s\); showing the last good copy from 2026-")
def test_a_broken_folder_starts_on_its_last_good_copy(
        make_content: MakeContent, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """After a restart during a broken edit, patients see the clinic's last good content
    (loaded from the copy), and the log says so, with when and where the copy was kept."""
    folder = make_content({"en/30-new/_index.md": "---\ntitle: New section\n---\n",
                           "en/30-new/10-page.md":
                               "---\ntitle: New page\n" + DATES + "---\nNew text.\n"})
    home = tmp_path / "state"
    kept = last_good.keep(folder, home, now=TUESDAY)
    assert kept is not None
    edit(folder / "en/30-new/10-page.md", "---\ntittle: New page\n" + DATES + "---\nNew text.\n")
    with caplog.at_level(logging.INFO):
        library, result = initial_library(folder, quick=True, last_good_home=home)
    assert result.errors
    assert library.root.resolve() == kept.content.resolve()
    assert [s.title for s in library.default.sections][-1] == "New section"
    assert str(kept.content) in caplog.text
    assert describe_on_screen(library.root, folder, True, home).startswith(
        f"On screen: the last good copy of the content folder, from {kept.taken}")


@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR", r"^content: ")
@pytest.mark.expect_log("kiosk.core.content_choice", "ERROR",
                        r"showing the bundled content .* \(no good copy of it is kept\)")
def test_another_folders_copy_gives_way_to_the_bundled_content(
        make_content: MakeContent, tmp_path: Path) -> None:
    """A broken folder B with only folder A's copy kept starts on the bundled content."""
    a = make_content(name="clinic-a")
    b = make_content({"en/_index.md": None}, name="clinic-b")
    home = tmp_path / "state"
    assert last_good.keep(a, home, now=TUESDAY) is not None
    library, _ = initial_library(b, quick=True, last_good_home=home)
    assert library.root.resolve() == (REPO / "content").resolve()
    assert describe_on_screen(library.root, b, True, home).startswith(
        "On screen: the bundled content")
    assert describe_on_screen(a, a, False, home) == (
        "On screen: the content folder, as it is now.")


def test_kiosk_check_says_the_last_good_copy_is_shown(
        make_content: MakeContent, private_state_folder: Path) -> None:
    """Staff checking a broken folder learn what patients see meanwhile: its last good copy,
    and from when."""
    folder = make_content()
    home = private_state_folder / "waiting-room-kiosk"
    kept = last_good.keep(folder, home, now=TUESDAY)
    assert kept is not None
    edit(folder / "en/10-first/10-one.md", "---\ntittle: Page one\n---\nText.\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "check", str(folder)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert done.returncode == 1
    assert (f"The kiosk shows the last good copy of this folder, from {kept.taken}, until "
            "the errors are fixed") in done.stdout
    other = make_content({"en/_index.md": None}, name="other")
    done = subprocess.run([sys.executable, "-m", "kiosk", "check", str(other)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert "the kiosk shows the bundled content until the errors are fixed" in done.stdout
