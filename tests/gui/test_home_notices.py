"""Scheduled notices on the home screen: shown inside the window during their window only, in
the patient's language, switching at the boundary; the standing notice never covered.
Time comes from an injected clock: the test sets it, then calls the timer's slot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget

from helpers.home import home_of, on_window
from kiosk.ui.factory import Kiosk
from kiosk.ui.home import NOTICE_RECHECK_MS, HomeScreen
from kiosk.ui.theme import TEXT_STEPS

MakeContent = Callable[..., Path]
MakeKiosk = Callable[..., Kiosk]
SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]
CLOSED = "The clinic is closed on 24, 25 and 26 December. For help, call 111."
CLOSED_ES = "La clínica cierra el 24, 25 y 26 de diciembre. Si necesita ayuda, llame al 111."
DATES = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
WINDOW = "from: 2026-12-24 00:00\nuntil: 2026-12-26 23:59\n"
BEFORE = dt.datetime(2026, 12, 23, 23, 59, 30)
DURING = dt.datetime(2026, 12, 25, 10, 0)
STARTS = dt.datetime(2026, 12, 24, 0, 0)
ENDS = dt.datetime(2026, 12, 27, 0, 0)


class Clock:
    """The time a test kiosk sees; the test moves it."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def notice_content(make_content: MakeContent, spanish: bool = True,
                   message: str = "Ask the desk if you have a question.") -> Path:
    files: dict[str, str | bytes | None] = {
        "en/_index.md": f"---\ntitle: Test kiosk\nwelcome: Tap a topic.\nmessage: {message}\n"
                        "---\n",
        "en/notices/10-closed.md": f"---\n{WINDOW}---\n{CLOSED}\n",
        "es/_index.md": "---\ntitle: Quiosco\nwelcome: Toque un tema.\nmessage: Pregunte en "
                        "el mostrador si tiene dudas.\n---\n",
        "es/10-first/_index.md": "---\ntitle: Primer tema\n---\n",
        "es/10-first/10-one.md": f"---\ntitle: Página uno\n{DATES}---\nUsted lee la página.\n",
    }
    if spanish:
        files["es/notices/10-closed.md"] = f"---\n{WINDOW}---\n{CLOSED_ES}\n"
    return make_content(files)


def banner(home: HomeScreen) -> QWidget | None:
    """The notice box a patient sees, or None."""
    shown = [b for b in home.findChildren(QWidget, "ScheduledNotice") if b.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


def banner_text(home: HomeScreen) -> str:
    box = banner(home)
    assert box is not None
    text = box.findChild(QLabel, "ScheduledNoticeText")
    assert text is not None
    return text.text()


def test_shown_during_its_window_above_the_message_inside_the_screen(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    kiosk = kiosk_factory(notice_content(make_content), clock=Clock(DURING))
    home = home_of(kiosk)
    box = banner(home)
    assert box is not None
    assert banner_text(home) == CLOSED
    tag = box.findChild(QLabel, "ScheduledNoticeTag")
    assert tag is not None and "Notice" in tag.text()
    assert box.accessibleName() == f"Notice: {CLOSED}"
    assert home.message is not None
    assert on_window(box).bottom() < on_window(home.message).top()
    window = kiosk.window
    assert window.rect().contains(on_window(box))
    # Never over the standing notice at the bottom of the window.
    assert window.notice.isVisible()
    assert not on_window(box).intersects(on_window(window.notice))
    assert window.notice.text.text().startswith("General information only")


@pytest.mark.parametrize("now", [BEFORE, ENDS, dt.datetime(2027, 1, 5)],
                         ids=["before", "at-its-end", "weeks-after"])
def test_hidden_outside_its_window(now: dt.datetime, make_content: MakeContent,
                                   kiosk_factory: MakeKiosk) -> None:
    home = home_of(kiosk_factory(notice_content(make_content), clock=Clock(now)))
    assert banner(home) is None
    assert home.shown_notices == ()
    assert home.message is not None and home.message.isVisible()


def test_it_appears_and_goes_at_the_boundaries_when_the_timer_fires(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    """The timer waits for the next start or end (capped, in case the wall clock jumps); its
    slot, called at the boundary, shows the notice, and later hides it."""
    clock = Clock(BEFORE)
    home = home_of(kiosk_factory(notice_content(make_content), clock=clock))
    assert banner(home) is None
    assert home.notice_timer.isActive()
    assert home.notice_timer.interval() == 30_001  # half a minute to midnight, rounded up
    clock.now = STARTS
    home.notice_timer.timeout.emit()
    assert banner_text(home) == CLOSED
    assert home.notice_timer.interval() == NOTICE_RECHECK_MS  # three days away: look hourly
    clock.now = ENDS - dt.timedelta(seconds=1)
    home.refresh_notices()
    assert banner(home) is not None
    clock.now = ENDS
    home.notice_timer.timeout.emit()
    assert banner(home) is None
    assert not home.notice_timer.isActive()  # nothing left to start or end


def test_spanish_shows_the_spanish_notice(make_content: MakeContent,
                                          kiosk_factory: MakeKiosk) -> None:
    kiosk = kiosk_factory(notice_content(make_content), clock=Clock(DURING))
    kiosk.window.router.choose_language("es")
    home = home_of(kiosk)
    assert banner_text(home) == CLOSED_ES
    box = banner(home)
    assert box is not None
    tag = box.findChild(QLabel, "ScheduledNoticeTag")
    assert tag is not None and "Aviso" in tag.text()


def test_an_english_only_notice_shows_in_english_on_the_spanish_home(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    """Decided (content/README.md): a notice not yet translated still reaches every patient,
    in the language it is written in; `kiosk check` notes the missing translation."""
    kiosk = kiosk_factory(notice_content(make_content, spanish=False), clock=Clock(DURING))
    kiosk.window.router.choose_language("es")
    assert banner_text(home_of(kiosk)) == CLOSED


@pytest.mark.parametrize("step", [0, len(TEXT_STEPS) - 1], ids=["normal-text", "largest-text"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_notice_fits_every_screen(size: tuple[int, int], step: int,
                                      make_content: MakeContent,
                                      kiosk_factory: MakeKiosk) -> None:
    """The longest notice the check lets by, in both languages: the window stays the screen's
    size, the notice is laid out whole and starts on screen; the home still scrolls to every
    tile below it."""
    long = ("The clinic is closed from 24 to 26 December for the holidays. If you need help "
            "before then, call the clinic; in an emergency, call 999 or go to A&E now.")
    assert len(long) <= 200
    folder = notice_content(make_content)
    (folder / "en/notices/10-closed.md").write_text(f"---\n{WINDOW}---\n{long}\n",
                                                    encoding="utf-8")
    kiosk = kiosk_factory(folder, size=size, clock=Clock(DURING))
    kiosk.window.router.set_text_step(step)
    for code, text in (("en", long), ("es", CLOSED_ES)):
        kiosk.window.router.choose_language(code)
        home = home_of(kiosk)
        window = kiosk.window
        assert window.size().toTuple() == size
        box = banner(home)
        assert box is not None and banner_text(home) == text
        label = box.findChild(QLabel, "ScheduledNoticeText")
        assert label is not None and label.height() >= label.heightForWidth(label.width()) - 1
        view = QRect(home.tiles_area.viewport().mapTo(window, QPoint(0, 0)),
                     home.tiles_area.viewport().size())
        assert view.contains(on_window(box).topLeft())
        assert window.rect().contains(on_window(home.tiles_area))
        bar = home.tiles_area.verticalScrollBar()
        bar.setValue(bar.maximum())
        last = home.tiles[-1]
        assert view.contains(on_window(last)), f"{size} {code}: the last tile is out of reach"
