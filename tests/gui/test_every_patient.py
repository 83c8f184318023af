"""For every patient: two languages, larger text, high contrast, read aloud, keyboard and
assistive-technology names — on real widgets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.factory import Kiosk

SPANISH = {
    "es/_index.md": "---\ntitle: Quiosco de prueba\nwelcome: Toque un tema.\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primer tema\nsummary: El primero\n---\n",
    "es/10-first/10-one.md": "---\ntitle: Página uno\n---\nUsted lee la página uno.\n",
    "es/10-first/20-two.md": "---\ntitle: Página dos\n---\nUsted lee la página dos.\n",
    "es/faq/_index.md": "---\ntitle: Preguntas\n---\n",
    "es/faq/10-a.md": "---\ntitle: ¿Es una prueba?\n---\nSí. Es una respuesta de prueba.\n",
}


def bilingual(make_content: Callable[..., Path]) -> Path:
    return make_content(dict(SPANISH))


def test_home_offers_spanish_by_its_own_name_and_switches_everything(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """"Español" on home switches content and interface words; an idle reset switches back."""
    kiosk = kiosk_factory(bilingual(make_content))
    window = kiosk.window
    assert window.home is not None
    names = [b.text() for b in window.home.language_buttons]
    assert names == ["Español"]
    qtbot.mouseClick(window.home.language_buttons[0], Qt.MouseButton.LeftButton)
    assert window.home.tiles[0].title_label.text() == "Primer tema"
    assert "equipo médico" in window.notice.text.text()
    assert [b.text() for b in window.home.language_buttons] == ["English"]
    qtbot.mouseClick(window.home.tiles[0], Qt.MouseButton.LeftButton)
    assert window.pager.reading.title.text() == "Página uno"
    assert window.pager.counter.text() == "Página 1 de 3"
    assert "Siguiente" in window.pager.next.text()
    kiosk.idle._reset()
    assert window.router.visit.language == "en"
    assert window.home.tiles[0].title_label.text() == "First topic"


def test_page_missing_in_spanish_shows_english_with_a_note(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """An untranslated page stands in from English, and says so in Spanish."""
    kiosk = kiosk_factory(bilingual(make_content))
    window = kiosk.window
    window.router.choose_language("es")
    window.router.open_section("first", 2, animate=False)  # page three exists only in English
    assert window.pager.reading.title.text() == "Page three"
    assert window.pager.reading.note.isVisible()
    assert "aún no está en español" in window.pager.reading.note.text()
    window.router.open_section("first", 0, animate=False)
    assert not window.pager.reading.note.isVisible()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_text_size_steps_grow_the_text_and_reset_with_the_visit(
    size: tuple[int, int], kiosk_factory: Callable[..., Kiosk]
) -> None:
    """130% and 160% text really is larger on every screen; the next visit starts at 100%."""
    kiosk = kiosk_factory(size=size)
    window = kiosk.window
    window.router.open_section(window.language.sections[0].id, animate=False)
    sizes = []
    for step in (0, 1, 2):
        window.router.set_text_step(step)
        sizes.append(window.pager.reading.title.font().pixelSize())
        assert window.location.screen == "section"  # the patient stays on the page
        assert window.size().toTuple() == size
    assert sizes[0] < sizes[1] < sizes[2]
    assert sizes[2] >= round(sizes[0] * 1.5)
    kiosk.idle._reset()
    assert window.router.visit.text_step == 0


def test_high_contrast_theme_applies_and_resets(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """High contrast turns the screen to light text on black; the next visit is standard."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    window.router.set_high_contrast(True)
    window.router.open_section("first", animate=False)
    image = window.grab().toImage()
    corner = image.pixelColor(3, image.height() // 2)
    assert corner.lightness() < 30
    kiosk.idle._reset()
    assert not window.router.visit.high_contrast
    assert window.grab().toImage().pixelColor(3, image.height() // 2).lightness() > 200


def test_display_options_buttons_set_size_and_contrast(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The "Aa" panel's buttons change the text size and colours, marking the choice."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    assert window.home is not None
    qtbot.mouseClick(window.home.display_button, Qt.MouseButton.LeftButton)
    panel = window.display
    assert panel.isVisible()
    qtbot.mouseClick(panel.sizes[2], Qt.MouseButton.LeftButton)
    assert window.router.visit.text_step == 2
    assert panel.sizes[2].text().startswith("✓")
    qtbot.mouseClick(panel.contrasts[1], Qt.MouseButton.LeftButton)
    assert window.router.visit.high_contrast
    qtbot.mouseClick(panel.done, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()


@pytest.mark.needs("libpulse")
def test_listen_reads_the_page_and_stops_on_navigation(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """With Qt's mock engine: Listen speaks, shows it is speaking, and leaving the page stops it."""
    kiosk = kiosk_factory(make_content(), speech_engine="mock")
    window = kiosk.window
    speaker = window.listen_bar.speaker
    assert speaker is not None
    window.router.open_section("first", animate=False)  # a page wakes the speech worker
    qtbot.waitUntil(lambda: speaker.available, timeout=20000)
    assert window.listen_bar.listen.isVisible()
    assert "Listen" in window.listen_bar.listen.text()
    qtbot.mouseClick(window.listen_bar.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=3000)
    assert window.listen_bar.listen.accessibleName() == "Pause"
    assert window.listen_bar.stop_button.isVisible()
    qtbot.mouseClick(window.listen_bar.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "paused", timeout=3000)
    qtbot.mouseClick(window.listen_bar.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=3000)
    qtbot.mouseClick(window.pager.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "idle", timeout=3000)
    qtbot.mouseClick(window.listen_bar.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=3000)
    kiosk.idle._reset()
    qtbot.waitUntil(lambda: speaker.state == "idle", timeout=3000)


@pytest.mark.expect_log("kiosk.ui.speech", "WARNING", r"no speech engine named 'no-such-engine'")
@pytest.mark.needs("libpulse")
def test_listen_is_hidden_without_an_engine_or_a_voice(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No engine: no Listen button, and the log says why. No Spanish voice: hidden in Spanish."""
    kiosk = kiosk_factory(make_content(), speech_engine="no-such-engine")
    kiosk.window.router.open_section("first", animate=False)
    qtbot.waitUntil(lambda: "read aloud is off" in caplog.text, timeout=20000)
    qtbot.waitUntil(lambda: not kiosk.window.listen_bar.listen.isVisible(), timeout=5000)
    kiosk.window.router.open_section("first", 1, animate=False)
    assert not kiosk.window.listen_bar.listen.isVisible()  # off for good: not tried again
    bilingual_kiosk = kiosk_factory(bilingual(make_content), speech_engine="mock")
    window = bilingual_kiosk.window
    speaker = window.listen_bar.speaker
    assert speaker is not None
    window.router.open_section("first", animate=False)
    qtbot.waitUntil(lambda: speaker.available, timeout=20000)
    window.router.go_home(animate=False)
    window.router.choose_language("es")
    window.router.open_section("first", animate=False)
    assert not window.listen_bar.listen.isVisible()  # Qt's mock engine has no Spanish voice


# Speech only ends when the audio has been played: a sound server (a null sink will do) is needed.
@pytest.mark.needs("libpulse", "speech-dispatcher", "espeak-ng", "pulse-server")
def test_real_speech_dispatcher_engine_speaks(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The Linux engine (speech-dispatcher with espeak-ng) takes the page and can be stopped."""
    from PySide6.QtTextToSpeech import QTextToSpeech

    assert "speechd" in QTextToSpeech.availableEngines()
    kiosk = kiosk_factory(make_content(), speech_engine="speechd")
    window = kiosk.window
    speaker = window.listen_bar.speaker
    assert speaker is not None
    window.router.open_section("first", animate=False)
    qtbot.waitUntil(lambda: speaker.available, timeout=20000)
    assert speaker.can_speak("en")
    qtbot.mouseClick(window.listen_bar.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "speaking", timeout=10000)
    qtbot.mouseClick(window.listen_bar.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "idle", timeout=10000)


def test_every_control_on_every_screen_has_an_accessible_name(
    kiosk_factory: Callable[..., Kiosk],
) -> None:
    """Screen readers and switch software can name every button the patient can reach."""
    kiosk = kiosk_factory(speech_engine="mock")
    window = kiosk.window
    QTest.qWait(300)  # let the speech engine report in, so Listen shows where it should

    def check(where: str) -> None:
        QApplication.processEvents()
        for b in window.findChildren(QAbstractButton):
            if b.isVisible():
                assert b.accessibleName().strip(), f"{where}: a {b.text()!r} button has no name"

    for language in [lang.code for lang in window.library.languages]:
        window.router.choose_language(language)
        window.router.go_home(animate=False)
        check(f"{language} home")
        for section in window.language.sections:
            for index in range(len(section.pages)):
                window.router.open_section(section.id, index, animate=False)
                check(f"{language} {section.id} {index + 1}")
        window.router.open_faq(animate=False)
        check(f"{language} faq")
        for item in window.language.faq:
            window.router.open_answer(item.id, animate=False)
            check(f"{language} {item.id}")
        window.open_display_options()
        check(f"{language} display options")
        window.display.hide()


def test_keyboard_alone_can_open_a_topic_and_turn_pages(
    qtbot: QtBot, kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """Tab to a tile and press Enter; arrows turn pages: usable by switch users."""
    kiosk = kiosk_factory(make_content())
    window = kiosk.window
    window.activateWindow()
    assert window.home is not None
    window.home.tiles[0].setFocus()
    QTest.keyClick(window, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.home.tiles[1]
    QTest.keyClick(window, Qt.Key.Key_Backtab)
    assert window.focusWidget() is window.home.tiles[0]
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.location.screen == "section", timeout=2000)
    assert window.location.item == "first"
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert window.pager.counter.text() == "Page 2 of 3"
    QTest.keyClick(window, Qt.Key.Key_Left)
    assert window.pager.counter.text() == "Page 1 of 3"


def test_take_home_qr_code_shows_for_a_section_with_a_handout(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """A section's `handout_url` shows as a QR code with a label; other sections show none."""
    folder = make_content({"en/10-first/_index.md":
                           "---\ntitle: First topic\nhandout_url: https://example.org/first\n---\n"})
    kiosk = kiosk_factory(folder)
    window = kiosk.window
    window.router.open_section("first", animate=False)
    panel = window.pager.reading.handout
    assert panel.isVisible()
    assert panel.caption.text() == "Scan to read this at home"
    pixmap = panel.code.pixmap()
    assert pixmap.width() >= 96 and pixmap.width() == pixmap.height()
    image = pixmap.toImage()
    dark = sum(image.pixelColor(x, y).lightness() < 128
               for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))
    assert dark > 50  # a real code, not a blank square
    window.router.open_section("second", animate=False)
    assert not panel.isVisible()


def test_kiosk_wide_handout_applies_to_every_section(
    kiosk_factory: Callable[..., Kiosk], make_content: Callable[..., Path]
) -> None:
    """The kiosk's `handout_url` (from its config) shows on sections that have none."""
    kiosk = kiosk_factory(make_content(), handout_url="https://example.org/all")
    kiosk.window.router.open_section("second", animate=False)
    assert kiosk.window.pager.reading.handout.isVisible()
    assert kiosk.window.pager.reading.handout.code.accessibleDescription() == \
        "https://example.org/all"
