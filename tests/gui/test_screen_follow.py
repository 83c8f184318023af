"""A screen that changes while the kiosk runs (turned to portrait, a new mode, a power cycle):
the kiosk lays itself out as if it had started on that screen, keeps the patient's place and
stays full screen. The offscreen platform cannot change its screen, so these tests change the
sizes the kiosk is laid out for and emit the signals Qt sends; tests/e2e/test_sway_screens.py
turns a real (headless) Wayland screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QScreen
from pytestqt.qtbot import QtBot

from helpers.pages import DATES
from kiosk.ui.factory import Kiosk
from kiosk.ui.router import Location, Screen
from kiosk.ui.screen_follow import ScreenFollower, metrics_for
from kiosk.ui.theme import Metrics

MakeContent = Callable[..., Path]
MakeKiosk = Callable[..., Kiosk]
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


def six_tiles(make_content: MakeContent) -> Path:
    """Five topics and the questions: three columns in landscape, one wide tile a row in
    portrait (the layout a turned screen kept before the kiosk followed it)."""
    files: dict[str, str | bytes | None] = {}
    for n in range(3, 6):
        folder = f"en/{n}0-topic-{n}"
        files[f"{folder}/_index.md"] = f"---\ntitle: Topic {n}\n---\n"
        files[f"{folder}/10-page.md"] = f"---\ntitle: Page {n}\n{DATES}---\nText.\n"
    return make_content(files)


def layout_of(kiosk: Kiosk) -> tuple[object, ...]:
    """What the patient would notice differs between two screens: every size, how many tiles
    a row on home, how wide the page's text column is, the notice's and the top row's edges,
    and how wide a panel's card may grow."""
    window = kiosk.window
    home = window.home
    assert home is not None
    notice = window.notice.row.contentsMargins()
    top = window.top_bar.layout()
    assert top is not None
    return (window.metrics, home.column_count, window.measure_px,
            (notice.left(), notice.top()), top.contentsMargins().left(),
            window.display.card.maximumWidth())


def test_turning_the_screen_lays_out_the_kiosk_as_one_started_in_portrait(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    folder = six_tiles(make_content)
    turned = kiosk_factory(folder, size=LANDSCAPE)
    started = kiosk_factory(folder, size=PORTRAIT)
    assert layout_of(turned)[1] == 3  # the landscape grid, before the turn

    # What the follower does on a turn (under Wayland the compositor's resize may come after).
    turned.window.set_screen_metrics(Metrics.for_screen(*PORTRAIT))
    turned.window.resize(*PORTRAIT)
    QGuiApplication.processEvents()

    assert layout_of(turned) == layout_of(started)
    assert layout_of(turned)[1] == 1


def test_a_panel_open_while_the_screen_turns_still_covers_the_window(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    kiosk = kiosk_factory(six_tiles(make_content), size=LANDSCAPE)
    window = kiosk.window
    window.open_display_options()
    window.set_screen_metrics(Metrics.for_screen(*PORTRAIT))
    window.resize(*PORTRAIT)
    QGuiApplication.processEvents()
    assert window.display.isVisible()
    assert window.display.geometry() == window.rect()


def test_the_patient_keeps_their_page_and_their_text_size(
        make_content: MakeContent, kiosk_factory: MakeKiosk) -> None:
    kiosk = kiosk_factory(six_tiles(make_content), size=LANDSCAPE)
    router = kiosk.window.router
    router.set_text_step(1)
    first = kiosk.window.language.sections[0]
    assert len(first.pages) > 1
    router.open_section(first.id, 1, animate=False)

    kiosk.window.set_screen_metrics(Metrics.for_screen(*PORTRAIT))

    assert router.location == Location.section(first.id, 1)
    assert kiosk.window.stack.currentWidget() is kiosk.window.pager
    assert kiosk.window.metrics == Metrics.for_screen(*PORTRAIT).with_text(
        kiosk.window.metrics.text)
    assert router.visit.text_step == 1


def test_the_same_sizes_again_rebuild_nothing(make_content: MakeContent,
                                             kiosk_factory: MakeKiosk) -> None:
    """A monitor switched off and on again comes back the same: no rebuild, no flicker."""
    kiosk = kiosk_factory(six_tiles(make_content), size=LANDSCAPE)
    home = kiosk.window.home
    assert not kiosk.window.set_screen_metrics(Metrics.for_screen(*LANDSCAPE))
    assert kiosk.window.home is home


def screen_now() -> QScreen:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen


def test_a_burst_of_screen_signals_lays_out_once_and_fills_the_screen(
        make_content: MakeContent, kiosk_factory: MakeKiosk, qtbot: QtBot,
        caplog: pytest.LogCaptureFixture) -> None:
    """Laid out for a landscape screen, then the screen (here: the offscreen platform's own)
    announces changes in a burst, as Qt does for one turn: one rebuild, for that screen, and
    the window covers it in full screen."""
    kiosk = kiosk_factory(six_tiles(make_content), size=LANDSCAPE, locked=True)
    window = kiosk.window
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    rebuilds: list[None] = []
    window.router.rebuild.connect(lambda: rebuilds.append(None))
    follower = ScreenFollower(
        window, app, lambda screen: window.set_screen_metrics(metrics_for(screen)),
        settle_ms=50)
    screen = screen_now()
    router = window.router
    router.open_faq(animate=False)

    caplog.set_level("INFO", "kiosk.ui.screen_follow")
    screen.geometryChanged.emit(screen.geometry())
    screen.orientationChanged.emit(screen.orientation())
    screen.physicalDotsPerInchChanged.emit(screen.physicalDotsPerInch())
    app.primaryScreenChanged.emit(screen)
    qtbot.waitUntil(lambda: "screen changed" in caplog.text)

    size = screen.geometry().size()
    assert len(rebuilds) == 1
    assert window.base_metrics == metrics_for(screen)
    assert (window.metrics.width, window.metrics.height) == (size.width(), size.height())
    assert window.geometry() == screen.geometry()
    assert window.isFullScreen()
    assert router.location.screen is Screen.FAQ
    assert caplog.text.count("screen changed") == 1  # one look, after the burst
    assert "laid out again" in caplog.text
    follower.stop()


class Unplugged(ScreenFollower):
    """The offscreen platform always has its screen: this follower sees none until
    `plugged_in` (the one stand-in here; what it does with no screen is the real code)."""

    plugged_in = False

    def target(self) -> QScreen | None:
        return super().target() if self.plugged_in else None


def test_with_no_screen_the_kiosk_waits_then_comes_back_on_the_next(
        make_content: MakeContent, kiosk_factory: MakeKiosk,
        caplog: pytest.LogCaptureFixture) -> None:
    kiosk = kiosk_factory(six_tiles(make_content), size=LANDSCAPE, locked=True)
    window = kiosk.window
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    follower = Unplugged(window, app,
                         lambda screen: window.set_screen_metrics(metrics_for(screen)))
    caplog.set_level("INFO", "kiosk.ui.screen_follow")
    home = window.home

    follower.settle()
    follower.settle()  # still none: said once
    assert caplog.text.count("no screen connected; the kiosk waits for one") == 1
    assert window.home is home and window.isVisible()  # nothing torn down, nothing quit

    follower.plugged_in = True
    follower.settle()
    screen = screen_now()
    assert window.base_metrics == metrics_for(screen)
    assert window.geometry() == screen.geometry()
    assert "screen changed" in caplog.text
