"""The screen numbers (docs/architecture.md), checked on every screen at the three sizes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from kiosk.content.checks import MAX_HOME_TILES
from kiosk.ui.factory import Kiosk
from kiosk.ui.theme import HIGH_CONTRAST, MIN_TARGET_PX, TEXT_STEPS, Metrics, Palette
from kiosk.ui.window import KioskWindow

SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]


def screens(window: KioskWindow) -> Iterator[str]:
    """Visit every kind of screen with the bundled content, yielding its name."""
    window.router.go_home(animate=False)
    yield "home"
    for section in window.language.sections:
        for index in range(len(section.pages)):
            window.router.open_section(section.id, index, animate=False)
            yield f"{section.id} page {index + 1}"
    window.router.open_faq(animate=False)
    yield "faq"
    for item in window.language.faq:
        window.router.open_answer(item.id, animate=False)
        yield item.id


W = TypeVar("W", bound=QWidget)


def shown(top: QWidget, kind: type[W]) -> list[W]:
    """Visible widgets of a kind under `top`, not hidden behind an open overlay."""
    overlays = [o for o in top.window().findChildren(QWidget, "Overlay") if o.isVisible()]
    found: list[W] = []
    for widget in top.findChildren(kind):
        if not widget.isVisible():
            continue
        if overlays and not any(o is widget or o.isAncestorOf(widget) for o in overlays):
            continue
        found.append(widget)
    return found


def on_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def reachable(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` on screen (not clipped by a scrolling view), in window pixels."""
    part = widget.visibleRegion().boundingRect()
    return part.translated(widget.mapTo(window, part.topLeft()) - part.topLeft())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_targets_big_apart_and_text_unclipped_on_every_screen(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk]
) -> None:
    """Every button ≥ 16 mm (never < 44 px), ≥ 8 mm from the next, and no text is cut off."""
    kiosk = kiosk_factory(size=size)
    window = kiosk.window
    for name in screens(window):
        check_screen(window, window, name, size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_prompt_pin_pad_and_staff_panel_fit_every_screen(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk]
) -> None:
    """The idle prompt, PIN pad and staff panel keep full-size, separate, unclipped controls."""
    from kiosk.ui.factory import StaffAccess
    from kiosk.ui.staff import StaffInfo

    staff = StaffAccess(info=lambda: StaffInfo("1", "/c", "now", False, ["x"]),
                        check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
    kiosk = kiosk_factory(size=size, idle_timeout_s=3600, staff=staff)
    window = kiosk.window
    window.router.open_section(window.language.sections[0].id, 1, animate=False)
    kiosk.idle._idle()
    check_screen(window, kiosk.idle.prompt, "idle prompt", size)
    kiosk.idle.note_activity()
    assert kiosk.pin_pad is not None and kiosk.staff_panel is not None
    kiosk.pin_pad.open()
    check_screen(window, kiosk.pin_pad, "PIN pad", size)
    kiosk.pin_pad.close_pad()
    kiosk.staff_panel.open()
    check_screen(window, kiosk.staff_panel, "staff panel", size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_staff_chart_check_screen_and_touch_grid_fit_every_screen(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk]
) -> None:
    """The staff panel with its usage chart, the installer's check screen (two languages'
    buttons, read aloud on) and the touch grid's Done keep full-size, separate, unclipped
    controls; the chart is wide enough for its 14 days."""
    from kiosk.ui.factory import StaffAccess
    from kiosk.ui.staff import StaffInfo

    days = [(dt.date(2026, 5, 19) + dt.timedelta(days=n), {"page_view": n * 3, "faq_open": n})
            for n in range(14)]
    long_state = ("On screen: the last good copy of the content folder, from 2026-05-30 "
                  "09:12, because the folder has errors (below). The folder is shown again as "
                  "soon as they are fixed.")
    staff = StaffAccess(
        info=lambda: StaffInfo("1.2.3", "/srv/kiosk/content", "2026-06-01 09:00:00", True,
                               ["en/faq/10-x.md:3: error: unknown key"], long_state, days,
                               "0123456789abcdef", "/var/log/kiosk/kiosk.log"),
        check_pin=lambda pin: "ok", locked_for=lambda: 0.0)
    kiosk = kiosk_factory(size=size, staff=staff, speech_engine="mock")
    window = kiosk.window
    assert kiosk.staff_panel is not None
    kiosk.staff_panel.open()
    check_screen(window, kiosk.staff_panel, "staff panel with the chart", size)
    chart = kiosk.staff_panel.chart
    assert chart.width() >= 14 * 36 and chart.height() >= window.metrics.px(250)
    kiosk.staff_panel.check.click()
    check = kiosk.check
    assert check is not None
    check_screen(window, check, "check screen", size)
    check.touch_button.click()
    check_screen(window, check.grid, "touch grid", size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_link_buttons_are_full_size_targets_on_every_screen(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk],
    make_content: Callable[..., Path],
) -> None:
    """Links on lines of their own (kiosk/ui/text_view.py) keep every screen number at every
    text size, scrolled to the top and to the bottom: ≥ 16 mm, ≥ 8 mm from each other and from
    Back and Next, their words never cut off."""
    dates = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
    body = ("You read page one. It has links to other pages.\n\n"
            "Read more: [Page two](20-two.md)\n\n"
            "[What happens on the day of the injection, from arriving to going home, step by "
            "step](../20-second/)\n\n"
            "[Is it a test?](../faq/10-a.md)\n\nThe last words of the page.\n")
    files: dict[str, str | bytes | None] = {
        "en/10-first/10-one.md": f"---\ntitle: Page one\n{dates}---\n{body}"}
    kiosk = kiosk_factory(make_content(files), size=size)
    window = kiosk.window
    for step in range(len(TEXT_STEPS)):
        window.router.set_text_step(step)
        window.router.open_section("first", animate=False)
        view = window.pager.reading.text
        assert len(view.link_buttons) == 3
        check_screen(window, window, f"links at text size {step}", size)
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        check_screen(window, window, f"links at text size {step}, scrolled down", size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_with_a_scheduled_notice_keeps_the_numbers(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk],
    make_content: Callable[..., Path],
) -> None:
    """A notice showing on home (the injected clock is inside its window), at every text
    size: the window stays the screen's size, targets and gaps hold, no text cut off."""
    files: dict[str, str | bytes | None] = {
        "en/notices/10-closed.md": "---\nfrom: 2026-12-24\nuntil: 2026-12-26\n---\nThe "
                                   "clinic is closed from 24 to 26 December. For help, call "
                                   "the clinic.\n"}
    kiosk = kiosk_factory(make_content(files), size=size,
                          clock=lambda: dt.datetime(2026, 12, 25, 9, 0))
    window = kiosk.window
    for step in range(len(TEXT_STEPS)):
        window.router.set_text_step(step)
        window.router.go_home(animate=False)
        assert window.home is not None and len(window.home.shown_notices) == 1
        check_screen(window, window, f"home with a notice at text size {step}", size)


def check_screen(window: KioskWindow, top: QWidget, name: str, size: tuple[int, int]) -> None:
    m = window.metrics
    frame = window.rect()
    kiosk_app_process(window)
    assert window.size().toTuple() == size, f"{name}: the window grew past the screen"
    buttons = [b for b in shown(top, QAbstractButton) if not b.visibleRegion().isEmpty()]
    assert buttons, name
    for b in buttons:
        rect = on_window(b, window)
        assert min(rect.width(), rect.height()) >= max(MIN_TARGET_PX, m.target - 1), \
            f"{name}: {b.accessibleName()!r} is {rect.width()}x{rect.height()}"
        if b.parent() is not None and "Scroll" not in type(b.parentWidget()).__name__:
            assert frame.contains(rect) or b.visibleRegion().boundingRect() != b.rect(), \
                f"{name}: {b.accessibleName()!r} leaves the screen"
    for i, a in enumerate(buttons):
        for b in buttons[i + 1:]:
            # The parts a finger can reach: a button half scrolled out of its view is apart
            # from what lies beyond the view's edge.
            ra, rb = reachable(a, window), reachable(b, window)
            dx = max(rb.left() - ra.right(), ra.left() - rb.right(), 0)
            dy = max(rb.top() - ra.bottom(), ra.top() - rb.bottom(), 0)
            assert max(dx, dy) >= m.gap - 2, \
                f"{name}: {a.accessibleName()!r} and {b.accessibleName()!r} are " \
                f"{max(dx, dy)} px apart"
    for label in shown(top, QLabel):
        if not label.text() or label.visibleRegion().isEmpty():
            continue
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            assert label.height() >= need - 1, f"{name}: {label.text()!r} is cut off"
        else:
            assert label.width() >= label.sizeHint().width() - 1, \
                f"{name}: {label.text()!r} is cut off"


def kiosk_app_process(window: QWidget) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_text_is_large_enough_everywhere(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk]
) -> None:
    """No text a patient reads is smaller than 28 px at the reference density."""
    kiosk = kiosk_factory(size=size)
    window = kiosk.window
    for name in screens(window):
        for label in shown(window, QLabel):
            if label.text():
                assert label.font().pixelSize() >= 28, f"{name}: {label.text()!r}"
        if name.startswith(("home", "faq")) and not name.startswith("faq/"):
            continue
        view = window.answer.reading.text if name.startswith("faq/") else \
            window.pager.reading.text
        block = view.document().firstBlock()
        sizes = []
        while block.isValid():
            fragment_font = block.charFormat().font()
            sizes.append(fragment_font.pixelSize() if fragment_font.pixelSize() > 0 else
                         view.font().pixelSize())
            block = block.next()
        assert min(sizes) >= 28, name


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reading_column_is_at_most_70_characters(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk]
) -> None:
    """Lines of page text stay short enough to read: at most 70 average characters."""
    from PySide6.QtGui import QFontMetrics

    kiosk = kiosk_factory(size=size)
    window = kiosk.window
    window.router.open_section(window.language.sections[0].id, animate=False)
    view = window.pager.reading.text
    char = QFontMetrics(view.font()).averageCharWidth()
    assert view.viewport().width() / char <= 70


def test_metrics_follow_physical_size() -> None:
    """A denser screen of the same pixels gets larger pixel sizes: the millimetres stay."""
    reference = Metrics.for_screen(1920, 1080, (531.0, 299.0))
    small_panel = Metrics.for_screen(1920, 1080, (344.0, 194.0))  # 15.6-inch laptop
    bogus = Metrics.for_screen(1920, 1080, (10.0, 10.0))  # nonsense from a cheap monitor
    assert reference.body >= 28 and reference.target >= 100
    assert small_panel.body > reference.body
    assert bogus.body == reference.body


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("p", [Palette(), HIGH_CONTRAST], ids=["standard", "high-contrast"])
def test_theme_contrast_meets_wcag_aaa(p: Palette) -> None:
    """Text ≥ 7:1 against what it sits on; control outlines ≥ 3:1 (WCAG 1.4.6, 1.4.11)."""
    pairs = {
        "body text": (p.text, p.background),
        "muted text": (p.muted_text, p.background),
        "button text": (p.primary_text, p.primary),
        "pressed button text": (p.primary_text, p.primary_pressed),
        "tile title": (p.primary, p.surface),
        "link in the text": (p.primary, p.background),  # underlined too: not colour alone
        "notice": (p.notice_text, p.notice_background),
        "scheduled notice": (p.text, p.alert_background),
    }
    for name, (fg, bg) in pairs.items():
        assert contrast(fg, bg) >= 7, name
    assert contrast(p.outline, p.background) >= 3
    assert contrast(p.focus, p.background) >= 3
    assert contrast(p.alert_border, p.background) >= 3


def test_high_contrast_is_higher_than_standard() -> None:
    """The high-contrast theme really raises body-text contrast (to the maximum, 21:1)."""
    standard, high = Palette(), HIGH_CONTRAST
    assert contrast(high.text, high.background) > contrast(standard.text, standard.background)
    assert contrast(high.text, high.background) >= 20


@pytest.mark.parametrize("extra", [0, 1])
def test_home_tiles_that_the_check_allows_fit_at_1280x800(
    extra: int, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
) -> None:
    """`kiosk check` allows MAX_HOME_TILES tiles (kiosk/content/checks.py): that many fit on
    the 1280×800 home screen without scrolling, and one more does not."""
    dates = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
    files: dict[str, str | None] = {}
    for n in range(1, MAX_HOME_TILES + extra - 2):  # and the two topics and the questions
        files[f"en/{n + 20:02d}-topic-{n}/_index.md"] = f"---\ntitle: Topic {n}\n---\n"
        files[f"en/{n + 20:02d}-topic-{n}/10-page.md"] = (f"---\ntitle: Page {n}\n{dates}---\n"
                                                          "Text.\n")
    kiosk = kiosk_factory(make_content(files), size=(1280, 800))
    kiosk.window.router.go_home(animate=False)
    home = kiosk.window.home
    assert home is not None and len(home.tiles) == MAX_HOME_TILES + extra
    scrolls = [a.verticalScrollBar().maximum() > 0 for a in home.findChildren(QScrollArea)]
    assert scrolls == [bool(extra)]


def test_picture_fold_numbers_match_the_screen(
        kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
        tmp_path: Path) -> None:
    """kiosk/content/picture_fold.py judges pictures by the reference screen's numbers without
    Qt: they are the real layout's, and two tall pictures it warns about really leave the
    page's words below the fold."""
    from helpers.pictures import png
    from kiosk.content import picture_fold as fold

    dates = "reviewed: 2025-01-01\nreview_by: 2099-01-01\n"
    files: dict[str, str | bytes | None] = {
        "en/10-first/10-one.md": f"---\ntitle: Page one\n{dates}---\n![A](a.png)\n\n"
                                 "![B](b.png)\n\nThe words come last.\n",
        "en/10-first/a.png": png(800, 600), "en/10-first/b.png": png(800, 600)}
    kiosk = kiosk_factory(make_content(files), size=(1920, 1080))
    window = kiosk.window
    window.router.open_section("first", 0, animate=False)
    view = window.pager.reading.text
    m = window.metrics
    assert (view.viewport().height(), m.px(900), round(m.height * 0.4)) == (
        fold.READING_HEIGHT, fold.PICTURE_MAX_WIDTH, fold.PICTURE_MAX_HEIGHT)
    assert (round(m.body * 1.5), m.px(22)) == (fold.FIRST_LINE, fold.PARAGRAPH_GAP)
    doc = view.document()
    block = doc.begin()
    while block.isValid() and "The words" not in block.text():
        block = block.next()
    assert block.isValid()
    top = doc.documentLayout().blockBoundingRect(block).top()
    assert top > view.viewport().height() - fold.FIRST_LINE  # below the fold, as warned
