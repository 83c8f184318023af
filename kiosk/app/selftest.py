"""`kiosk self-test`: the packaged binary's smoke test. Needs no display: renders every page and
FAQ answer in every language offscreen, walks the navigation as a patient would, and exits 0
only if everything passed."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.core.exitcodes import Exit
from kiosk.core.logs import setup_logging

if TYPE_CHECKING:
    from kiosk.ui.widgets import LinkButton
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


@dataclass
class Tally:
    languages: int = 0
    sections: int = 0
    pages: int = 0
    answers: int = 0
    images: int = 0
    steps: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        self.steps += 1
        if not ok:
            self.failures.append(what)


def run_selftest(folder: Path) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, even if one is there
    setup_logging("WARNING")
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk.app.qt_log import route_qt_messages  # noqa: PLC0415
    from kiosk.content import load_library  # noqa: PLC0415
    from kiosk.core.config import Settings  # noqa: PLC0415
    from kiosk.ui.factory import build_kiosk  # noqa: PLC0415
    from kiosk.ui.theme import Metrics  # noqa: PLC0415

    route_qt_messages()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    result = load_library(folder)
    tally = Tally()
    for problem in result.errors:
        tally.failures.append(f"content error: {problem.format()}")
    if result.library is None:
        return _report(folder, tally)
    library = result.library
    metrics = Metrics.for_screen(1920, 1080)
    # No slideshow, no fades, no idle reset, no speech: nothing moves but the walk itself.
    still = Settings(slideshow_after_s=0, transition_ms=0, idle_timeout_s=0, read_aloud=False)
    kiosk = build_kiosk(app, library, metrics, still)
    window = kiosk.window
    window.resize(1920, 1080)
    window.show()
    for language in library.languages:
        tally.languages += 1
        window.router.reset_visit()
        window.router.choose_language(language.code)
        home = window.home
        expected_tiles = len(language.sections) + (1 if language.faq else 0)
        tally.check(home is not None and len(home.tiles) == expected_tiles,
                    f"{language.code}: home shows {expected_tiles} tiles")
        for number, section in enumerate(language.sections):
            tally.sections += 1
            assert home is not None
            home.tiles[number].click()
            for index, page in enumerate(section.pages):
                tally.pages += 1
                shown = window.pager.page
                where = f"{language.code}/{section.id} page {index + 1}"
                tally.check(shown is page, f"{where}: the pager shows it")
                text = window.pager.reading.text.toPlainText().strip()
                tally.check(bool(text), f"{where}: text is rendered")
                tally.check(window.pager.counter.text().startswith(
                    window.strings("page_of", page=index + 1, count=len(section.pages))[:4]),
                    f"{where}: the page counter")
                tally.images += _check_images(window.pager.reading.text, page.images, tally, where)
                _check_links(window, tally, where)
                tally.check(not window.grab().isNull(), f"{where}: the screen paints")
                window.pager.next.click()
            window.router.go_home(animate=False)
        if language.faq and home is not None:
            home.tiles[-1].click()
            menu = window.faq_menu
            tally.check(menu is not None and len(menu.questions) == len(language.faq),
                        f"{language.code}: FAQ lists {len(language.faq)} questions")
            for number, item in enumerate(language.faq):
                tally.answers += 1
                assert menu is not None
                menu.questions[number].click()
                where = f"{language.code}/{item.id}"
                tally.check(window.answer.item is item, f"{where}: the answer opens")
                tally.check(bool(window.answer.reading.text.toPlainText().strip()),
                            f"{where}: the answer is rendered")
                tally.images += _check_images(window.answer.reading.text, item.images, tally, where)
                _check_links(window, tally, where)
                window.answer.back.click()
                tally.check(window.location.screen == "faq", f"{where}: back to the questions")
        window.home_button.click()
        tally.check(window.location.screen == "home", f"{language.code}: Home goes home")
    kiosk.dispose(app)
    del window, kiosk
    _check_qr(tally)
    return _report(folder, tally)


def _check_images(view: object, images: tuple[Path, ...], tally: Tally, where: str) -> int:
    from PySide6.QtCore import QUrl  # noqa: PLC0415
    from PySide6.QtGui import QTextDocument  # noqa: PLC0415
    from PySide6.QtWidgets import QTextBrowser  # noqa: PLC0415

    assert isinstance(view, QTextBrowser)
    for path in images:
        resource = view.document().resource(QTextDocument.ResourceType.ImageResource,
                                            QUrl(path.as_uri()))
        tally.check(resource is not None, f"{where}: picture {path.name} is drawn")
    return len(images)


def _check_links(window: KioskWindow, tally: Tally, where: str) -> None:
    """Each link button on the page opens its place, and Back returns to the page."""
    here = window.location

    def buttons() -> list[LinkButton]:  # the page is drawn again after each return
        screen = window.pager if here.screen == "section" else window.answer
        return screen.reading.text.link_buttons

    for number in range(len(buttons())):
        button = buttons()[number]
        name = button.accessibleName()
        button.click()
        tally.check(window.location != here, f"{where}: the link {name!r} opens its page")
        landing = window.location.screen
        (window.pager.back if landing == "section" else window.answer.back).click()
        tally.check(window.location == here, f"{where}: Back from the link {name!r} returns")


def _check_qr(tally: Tally) -> None:
    """Take-home QR codes are drawn only when configured; prove the drawing works anyway, so a
    packaged build missing part of it fails here rather than on a kiosk."""
    from kiosk.ui.handout import qr_image  # noqa: PLC0415

    image = qr_image("https://example.org/self-test", 100)
    tally.check(not image.isNull() and image.width() >= 100, "a take-home QR code is drawn")


def _report(folder: Path, tally: Tally) -> int:
    for failure in tally.failures:
        print(f"self-test: FAILED: {failure}")
    verdict = "FAILED" if tally.failures else "OK"
    print(f"self-test {verdict}: {folder}: {tally.languages} language(s), {tally.sections} "
          f"sections, {tally.pages} pages, {tally.answers} FAQ answers and {tally.images} "
          f"pictures rendered; {tally.steps} checks, {len(tally.failures)} failed.")
    return Exit.CONTENT_ERRORS if tally.failures else Exit.OK
