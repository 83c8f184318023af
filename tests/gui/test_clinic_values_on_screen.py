"""What a patient sees where staff wrote `{{clinic_phone | fallback words}}`: this clinic's
number where kiosk.toml sets it, the fallback words where it does not, on the page, its title,
the home screen and in what Listen reads; and still after a live edit."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.app import run as start
from kiosk.app.watcher import ContentWatcher
from kiosk.core.config import Settings
from kiosk.ui.factory import Kiosk

D = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
PHONE = "+1 (555) 010-2030"
FALLBACK = "the number on your appointment letter"
CLINIC = {
    "en/_index.md": "---\ntitle: Welcome to {{clinic_name | the clinic}}\n"
                    "welcome: Tap a topic.\n---\n",
    "en/10-first/10-one.md": f"---\ntitle: Calling {{{{clinic_name | us}}}}\n{D}---\n"
                             f"Call **{{{{clinic_phone | {FALLBACK}}}}}** if the pain gets "
                             "worse.\n",
    "en/faq/10-a.md": f"---\ntitle: Who do I call at night?\n{D}---\n"
                      "Call {{after_hours_phone | the clinic's night line}}.\n",
}
MakeKiosk = Callable[..., Kiosk]


def page_text(kiosk: Kiosk) -> str:
    return kiosk.window.pager.reading.text.toPlainText()


def open_first_page(qtbot: QtBot, kiosk: Kiosk) -> None:
    home = kiosk.window.home
    assert home is not None
    qtbot.mouseClick(home.tiles[0], Qt.MouseButton.LeftButton)


def test_the_patient_sees_the_clinics_number_and_name(
    qtbot: QtBot, kiosk_factory: MakeKiosk, make_content: Callable[..., Path],
) -> None:
    kiosk = kiosk_factory(make_content(CLINIC), clinic_phone=PHONE,
                          clinic_name="Riverside Spine Clinic",
                          after_hours_phone="555 0199 ext 2")
    home = kiosk.window.home
    assert home is not None
    title = home.findChild(QLabel, "Title")
    assert title is not None and title.text() == "Welcome to Riverside Spine Clinic"
    open_first_page(qtbot, kiosk)
    assert kiosk.window.pager.reading.title.text() == "Calling Riverside Spine Clinic"
    assert f"Call {PHONE} if the pain gets worse." in page_text(kiosk)
    listen = kiosk.window.listen_bar.page  # what Listen would read aloud
    assert listen is not None and f"Call {PHONE} if the pain gets worse." in listen.text
    assert "{" not in page_text(kiosk) and FALLBACK not in page_text(kiosk)
    kiosk.window.router.open_answer(kiosk.window.language.faq[0].id)
    assert "Call 555 0199 ext 2." in kiosk.window.answer.reading.text.toPlainText()


def test_without_the_settings_the_patient_sees_the_fallback_words(
    qtbot: QtBot, kiosk_factory: MakeKiosk, make_content: Callable[..., Path],
) -> None:
    kiosk = kiosk_factory(make_content(CLINIC))
    open_first_page(qtbot, kiosk)
    assert kiosk.window.pager.reading.title.text() == "Calling us"
    assert f"Call {FALLBACK} if the pain gets worse." in page_text(kiosk)
    assert "{" not in page_text(kiosk) and "clinic_phone" not in page_text(kiosk)


def test_the_running_kiosk_keeps_the_number_at_start_and_after_an_edit(
    qtbot: QtBot, kiosk_factory: MakeKiosk, make_content: Callable[..., Path],
) -> None:
    """The first library (`run.first_library`) and each edit (the watcher's `content_loader`,
    which runs the full check in its own process) have the settings' values."""
    folder = make_content(CLINIC)
    settings = Settings(clinic_phone=PHONE)
    first = start.first_library(folder, settings).default.sections[0].pages[0]
    assert f"Call {PHONE} if" in first.text
    kiosk = kiosk_factory(folder, clinic_phone=PHONE)
    watcher = ContentWatcher(folder, debounce_ms=100, settle_ms=50, scan_interval_s=0.5,
                             loader=start.content_loader(settings))
    watcher.library_ready.connect(kiosk.window.router.set_library)
    watcher.start()
    try:
        open_first_page(qtbot, kiosk)
        page = folder / "en/10-first/10-one.md"
        page.write_text(f"---\ntitle: Calling us\n{D}---\nRing {{{{clinic_phone | us}}}} "
                        "any time.\n", encoding="utf-8")
        stamp = page.stat().st_mtime + 2  # a visible change on whole-second file systems
        os.utime(page, (stamp, stamp))
        qtbot.waitUntil(lambda: f"Ring {PHONE} any time." in page_text(kiosk), timeout=10000)
    finally:
        watcher.stop()
