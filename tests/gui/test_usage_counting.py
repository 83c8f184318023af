"""Usage counts from real navigation into a real SQLite file: counts only, per day."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.run import count_usage
from kiosk.core.usage import UsageStore
from kiosk.ui.factory import Kiosk


def test_pages_answers_and_resets_are_counted_without_a_visit_trail(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    tmp_path: Path,
) -> None:
    """Viewing pages and answers and an idle reset add to per-day counts, and nothing else."""
    kiosk = kiosk_factory(make_content())
    store = UsageStore(tmp_path / "usage.sqlite3")
    count_usage(kiosk, store)
    window = kiosk.window
    window.router.open_section("first")
    qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
    window.router.open_section("first")
    window.router.open_answer("faq/a")
    window.router.set_text_step(1)  # the answer is shown again, larger: not another view
    window.router.set_library(window.router.library)  # nor is a content reload
    kiosk.idle._reset()
    out = io.StringIO()
    store.export_csv(out)
    records = csv.DictReader(io.StringIO(out.getvalue()))
    rows = {(r["kind"], r["key"]): int(r["count"]) for r in records}
    assert rows[("page_view", "first/1")] == 2
    assert rows[("page_view", "first/2")] == 1
    assert rows[("faq_open", "faq/a")] == 1
    assert rows[("idle_reset", "")] == 1
    store.close()
    with sqlite3.connect(tmp_path / "usage.sqlite3") as db:
        columns = {row[1] for table in db.execute(
            "select name from sqlite_master where type='table'")
            for row in db.execute(f"pragma table_info({table[0]})")}
    assert not columns & {"time", "timestamp", "hour", "minute", "session", "visit"}


def test_a_page_opened_by_a_link_is_counted_as_any_page_view(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    tmp_path: Path,
) -> None:
    """A link's page and the page Back returns to are page views like any other."""
    dates = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
    kiosk = kiosk_factory(make_content({"en/10-first/10-one.md": (
        f"---\ntitle: Page one\n{dates}---\n[The only page](../20-second/10-only.md)\n")}))
    store = UsageStore(tmp_path / "usage.sqlite3")
    count_usage(kiosk, store)
    window = kiosk.window
    window.router.open_section("first")
    [button] = window.pager.reading.text.link_buttons
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pager.back, Qt.MouseButton.LeftButton)
    out = io.StringIO()
    store.export_csv(out)
    rows = {(r["kind"], r["key"]): int(r["count"])
            for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows == {("page_view", "first/1"): 2, ("page_view", "second/1"): 1}
    store.close()
