"""The metrics file (Prometheus text format) and status.json: what IT reads from afar."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import two_languages
from helpers.two_languages import FILES
from kiosk.content import load_library
from kiosk.core import metrics
from kiosk.core.atomic_file import write_atomically
from kiosk.core.exitcodes import Exit
from kiosk.core.metrics import Snapshot
from kiosk.core.status_file import pid_is_kiosk, read_status

SNAPSHOT = Snapshot(
    version="1.2.3", start_time=1796187365.5, content_fingerprint="c73fc31b92ab6e87",
    content_source="last_good", content_errors=2, content_warnings=1, pages_overdue_review=3,
    last_touch_time=1796187400.0, visits_today=4, page_views_today=9, idle_resets_today=1,
    read_aloud_available=True, resident_memory_bytes=95_735_808, screen_width=1080,
    screen_height=1920, screen_rotation=90,
)
# A sample line of the text format: name, optional labels, a number.
SAMPLE = re.compile(r'^(kiosk_[a-z_]+)(\{[a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*\})? '
                    r"(-?[0-9.e+]+)$")


def samples(text: str) -> dict[str, tuple[str, float]]:
    found = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            match = SAMPLE.match(line)
            assert match, line
            found[match[1]] = (match[2] or "", float(match[4]))
    return found


def test_every_metric_has_help_and_type_and_the_kiosk_prefix() -> None:
    text = metrics.format_metrics(SNAPSHOT)
    lines = text.splitlines()
    found = samples(text)
    for name in found:
        index = next(i for i, line in enumerate(lines) if line.split(" ")[0].split("{")[0]
                     == name)
        assert lines[index - 2].startswith(f"# HELP {name} ")
        assert lines[index - 1] == f"# TYPE {name} gauge"
    assert text.endswith("\n")
    assert set(found) >= {
        "kiosk_up", "kiosk_start_time_seconds", "kiosk_info", "kiosk_content_info",
        "kiosk_content_errors", "kiosk_content_warnings", "kiosk_pages_overdue_review",
        "kiosk_last_touch_time_seconds", "kiosk_visits_today", "kiosk_page_views_today",
        "kiosk_idle_resets_today", "kiosk_read_aloud_available", "kiosk_resident_memory_bytes",
        "kiosk_screen_width_pixels", "kiosk_screen_height_pixels", "kiosk_asleep"}


def test_the_values_are_the_snapshots_in_base_units() -> None:
    found = samples(metrics.format_metrics(SNAPSHOT))
    assert found["kiosk_up"] == ("", 1.0)
    assert found["kiosk_start_time_seconds"] == ("", 1796187365.5)
    assert found["kiosk_info"] == ('{version="1.2.3"}', 1.0)
    assert found["kiosk_content_info"] == (
        '{fingerprint="c73fc31b92ab6e87",source="last_good"}', 1.0)
    assert found["kiosk_content_errors"] == ("", 2.0)
    assert found["kiosk_pages_overdue_review"] == ("", 3.0)
    assert found["kiosk_read_aloud_available"] == ("", 1.0)
    assert found["kiosk_resident_memory_bytes"] == ("", 95_735_808.0)
    assert found["kiosk_screen_width_pixels"] == ("", 1080.0)
    assert found["kiosk_screen_rotation_degrees"] == ("", 90.0)
    assert found["kiosk_asleep"] == ("", 0.0)
    assert samples(metrics.format_metrics(replace(SNAPSHOT, asleep=True)))["kiosk_asleep"] \
        == ("", 1.0)


def test_a_label_value_is_escaped() -> None:
    text = metrics.format_metrics(replace(SNAPSHOT, version='1.0 "test"\\x'))
    assert 'kiosk_info{version="1.0 \\"test\\"\\\\x"} 1' in text.splitlines()


def test_a_clean_stop_leaves_up_zero() -> None:
    found = samples(metrics.stopped_metrics("1.2.3"))
    assert found["kiosk_up"] == ("", 0.0)


def test_writing_replaces_the_file_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "textfile" / "kiosk.prom"
    write_atomically(target, "first\n")
    write_atomically(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert os.listdir(target.parent) == ["kiosk.prom"]
    assert target.stat().st_mode & 0o644 == 0o644  # node_exporter's user may read it


def test_the_fingerprint_follows_the_words_not_the_file_times(tmp_path: Path) -> None:
    """The same content copied to another screen has the same id; an edit changes it."""
    folder = two_languages.write(tmp_path / "a")
    copy = tmp_path / "b"
    shutil.copytree(folder, copy, copy_function=shutil.copyfile)  # new file times
    assert metrics.content_fingerprint(folder) == metrics.content_fingerprint(copy)
    (copy / ".DS_Store").write_bytes(b"leftover")  # not content
    assert metrics.content_fingerprint(folder) == metrics.content_fingerprint(copy)
    page = copy / "en" / "20-after" / "10-rest.md"
    page.write_text(page.read_text(encoding="utf-8") + "Drink water.\n", encoding="utf-8")
    assert metrics.content_fingerprint(folder) != metrics.content_fingerprint(copy)
    assert re.fullmatch(r"[0-9a-f]{16}", metrics.content_fingerprint(folder))


def test_pages_past_their_review_date_are_counted(tmp_path: Path) -> None:
    library = load_library(two_languages.write(tmp_path / "c")).library
    assert library is not None
    # FILES' pages are due in 2099 (en: 3 pages; es: its own translated pages)
    assert metrics.overdue_pages(library, dt.date(2026, 12, 1)) == 0
    overdue = metrics.overdue_pages(library, dt.date(2099, 12, 31))
    assert overdue == sum(1 for text in FILES.values()
                          if isinstance(text, str) and "review_by: 2099" in text)


def test_the_status_record_holds_numbers_and_ids_only() -> None:
    """Privacy: nothing in it can identify a patient, or is text anyone typed."""
    record = metrics.status_record(SNAPSHOT, 4242, "On screen: the content folder.")
    for key, value in record.items():
        if key == "content_why":
            continue  # one of describe_on_screen's fixed sentences
        assert isinstance(value, int | float | bool) or re.fullmatch(r"[0-9a-z_.]+", str(value)), \
            key


def test_status_with_no_status_file_says_no_kiosk_runs(tmp_path: Path) -> None:
    verdict = read_status(tmp_path)
    assert verdict.code == Exit.NOT_RUNNING
    assert not verdict.running
    assert "no kiosk is running" in verdict.summary


def test_a_status_file_left_by_a_stopped_kiosk_is_not_running(tmp_path: Path) -> None:
    """The pid is gone, or is now some other program: not a kiosk."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert not pid_is_kiosk(other.pid)
        write_atomically(
            tmp_path / "status.json",
            json.dumps({"pid": other.pid, "content_source": "folder", "content_errors": 0}))
        assert read_status(tmp_path).code == Exit.NOT_RUNNING
    finally:
        other.kill()
        other.wait()
    assert not pid_is_kiosk(other.pid)
    (tmp_path / "status.json").write_text("{not json", encoding="utf-8")
    assert read_status(tmp_path).code == Exit.NOT_RUNNING


@pytest.mark.needs("promtool")
def test_the_documented_alert_rules_are_valid(tmp_path: Path) -> None:
    """docs/deployment.md's three alert rules, as promtool reads them."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "deployment.md").read_text("utf-8")
    rules = doc.split("### Three alert rules worth having", 1)[1]
    rules = rules.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "rules.yml").write_text(rules, encoding="utf-8")
    verdict = subprocess.run(["promtool", "check", "rules", str(tmp_path / "rules.yml")],
                             capture_output=True, text=True, timeout=60, check=False)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert "SUCCESS: 3 rules found" in verdict.stdout
