"""The real kiosk program (offscreen) keeps its metrics file and status.json, and the real
`kiosk status` command reads them: a healthy kiosk, one on its last good copy, none running."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import two_languages
from kiosk.core.exitcodes import Exit

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e]
GOOD_PAGE = "en/20-after/10-rest.md"


def environment(tmp_path: Path) -> dict[str, str]:
    """Offscreen, with a lock folder of its own (one kiosk per display); the state folder is
    the test's own (conftest's private_state_folder)."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}


def wait_until(check: Callable[[], bool], process: subprocess.Popen[bytes], log: Path,
               timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        assert process.poll() is None, log.read_text()
        time.sleep(0.1)
    raise AssertionError(f"never happened; the kiosk's log:\n{log.read_text()}")


class Kiosk:
    def __init__(self, tmp_path: Path, folder: Path, name: str) -> None:
        self.prom = tmp_path / "textfile" / "kiosk.prom"
        config = tmp_path / "kiosk.toml"
        config.write_text(f'metrics_file = "{self.prom.as_posix()}"\n', encoding="utf-8")
        self.log = tmp_path / f"{name}.log"
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kiosk", "--windowed", "--content", str(folder),
                 "--config", str(config)], env=environment(tmp_path), cwd=REPO,
                stdout=out, stderr=subprocess.STDOUT)

    def metrics(self) -> str:
        try:
            return self.prom.read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def wait_for(self, pattern: str) -> re.Match[str]:
        found: list[re.Match[str]] = []

        def seen() -> bool:
            match = re.search(pattern, self.metrics(), re.MULTILINE)
            found[:] = [match] if match else []
            return bool(found)

        wait_until(seen, self.process, self.log)
        return found[0]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


@pytest.fixture
def kiosks(tmp_path: Path) -> Iterator[Callable[[Path, str], Kiosk]]:
    started: list[Kiosk] = []

    def start(folder: Path, name: str) -> Kiosk:
        started.append(Kiosk(tmp_path, folder, name))
        return started[-1]

    yield start
    for kiosk in started:
        kiosk.stop()


def status(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", "status", *args],
                          env=environment(tmp_path), cwd=REPO, capture_output=True, text=True,
                          timeout=60, check=False)


def test_a_healthy_kiosk_reports_its_content_and_follows_an_edit(
    tmp_path: Path, kiosks: Callable[[Path, str], Kiosk],
) -> None:
    folder = two_languages.write(tmp_path / "clinic")
    kiosk = kiosks(folder, "kiosk")
    # After the full check (the watcher's first load), the content shown is the folder.
    kiosk.wait_for(r'^kiosk_content_info\{fingerprint="\w+",source="folder"\} 1$')
    first = kiosk.wait_for(r'fingerprint="(\w+)"')[1]
    assert re.search(r"^kiosk_up 1$", kiosk.metrics(), re.MULTILINE)

    plain = status(tmp_path)
    assert plain.returncode == Exit.OK, plain.stdout + plain.stderr
    assert "running and healthy" in plain.stdout
    assert f"Showing the content folder (fingerprint {first})" in plain.stdout
    as_json = json.loads(status(tmp_path, "--json", "--config",
                                str(tmp_path / "kiosk.toml")).stdout)
    assert as_json["metrics_file"] == str(kiosk.prom)
    assert as_json["metrics_written"] > 0
    assert as_json["running"] is True
    assert as_json["pid"] == kiosk.process.pid
    assert as_json["content_source"] == "folder"

    # Privacy: no page title and no words of a page, in the metrics or the status.
    state = json.dumps(as_json)
    for shown in (kiosk.metrics(), state):
        assert "Eating and drinking" not in shown
        assert "Rest at home" not in shown
        assert "medicines" not in shown

    page = folder / GOOD_PAGE
    page.write_text(page.read_text(encoding="utf-8") + "Drink plenty of water.\n",
                    encoding="utf-8")
    second = kiosk.wait_for(rf'fingerprint="(?!{first}")(\w+)"')[1]
    assert second != first

    page.write_text("---\ntittle: Rest\n---\nRest.\n", encoding="utf-8")  # a broken edit
    kiosk.wait_for(r"^kiosk_content_errors [1-9]")
    # The last good content stays on screen (still the folder's): the edit is the problem.
    assert f'fingerprint="{second}",source="folder"' in kiosk.metrics()
    broken = status(tmp_path)
    assert broken.returncode == Exit.CONTENT_ERRORS
    assert "newest edit has errors" in broken.stdout

    assert kiosk.stop() == 0
    assert re.search(r"^kiosk_up 0$", kiosk.metrics(), re.MULTILINE)
    stopped = status(tmp_path)
    assert stopped.returncode == Exit.NOT_RUNNING
    assert stopped.stdout.strip().startswith("kiosk: no kiosk is running")


def test_a_kiosk_showing_its_last_good_copy_is_not_healthy(
    tmp_path: Path, kiosks: Callable[[Path, str], Kiosk], private_state_folder: Path,
) -> None:
    folder = two_languages.write(tmp_path / "clinic")
    good = kiosks(folder, "good")
    good.wait_for(r'source="folder"')
    copy = private_state_folder / "waiting-room-kiosk" / "last-good" / "content" / GOOD_PAGE
    wait_until(copy.is_file, good.process, good.log)
    assert good.stop() == 0

    (folder / GOOD_PAGE).write_text("---\ntittle: Rest\n---\nRest.\n", encoding="utf-8")
    again = kiosks(folder, "again")
    again.wait_for(r'source="last_good"')
    again.wait_for(r"^kiosk_content_errors [1-9]")
    report = status(tmp_path)
    assert report.returncode == Exit.CONTENT_ERRORS, report.stdout
    assert "NOT showing the content folder" in report.stdout
    assert "Showing the last good copy of the content folder" in report.stdout
    assert json.loads(status(tmp_path, "--json").stdout)["content_source"] == "last_good"
    assert again.stop() == 0


def test_a_kiosk_showing_the_bundled_content_is_not_healthy(
    tmp_path: Path, kiosks: Callable[[Path, str], Kiosk],
) -> None:
    """A folder broken before it ever passed: no last good copy, so the bundled content."""
    folder = two_languages.write(tmp_path / "clinic")
    (folder / GOOD_PAGE).write_text("---\ntittle: Rest\n---\nRest.\n", encoding="utf-8")
    kiosk = kiosks(folder, "kiosk")
    kiosk.wait_for(r'source="bundled"')
    report = status(tmp_path)
    assert report.returncode == Exit.CONTENT_ERRORS, report.stdout
    assert "Showing the bundled content" in report.stdout
    assert kiosk.stop() == 0


def test_with_no_kiosk_running_status_says_so(tmp_path: Path) -> None:
    report = status(tmp_path)
    assert report.returncode == Exit.NOT_RUNNING
    assert report.stdout.startswith("kiosk: no kiosk is running")
    assert json.loads(status(tmp_path, "--json").stdout)["running"] is False


@pytest.mark.needs("promtool")
def test_promtool_accepts_a_real_kiosks_metrics(
    tmp_path: Path, kiosks: Callable[[Path, str], Kiosk],
) -> None:
    kiosk = kiosks(two_languages.write(tmp_path / "clinic"), "kiosk")
    kiosk.wait_for(r'source="folder"')
    verdict = subprocess.run(["promtool", "check", "metrics"], input=kiosk.metrics(),
                             capture_output=True, text=True, timeout=60, check=False)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert verdict.stdout + verdict.stderr == ""  # not even a lint remark
    assert kiosk.stop() == 0
