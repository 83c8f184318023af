"""The router decides navigation without a screen: where a tap leads, what a reload keeps, what a
new visit forgets. (No window here: the router only says what to show.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content import load_library
from kiosk.content.model import Library
from kiosk.ui.router import Location, Router, Screen, Visit

SPANISH = {
    "es/_index.md": "---\ntitle: Prueba\n---\n",
    "es/10-first/_index.md": "---\ntitle: Primero\n---\n",
    "es/10-first/10-one.md": "---\ntitle: Uno\n---\nUsted lee la página uno.\n",
}


def library_of(folder: Path) -> Library:
    result = load_library(folder)
    assert result.library is not None, [p.format() for p in result.problems]
    return result.library


class Recorder:
    """What the router told the window to draw, and what it announced."""

    def __init__(self, router: Router) -> None:
        self.shown: list[Location] = []
        self.announced: list[Location] = []
        self.rebuilds = 0
        self.resets = 0
        router.show.connect(lambda location, _animate: self.shown.append(location))
        router.location_changed.connect(self.announced.append)
        router.rebuild.connect(self._rebuilt)
        router.visit_reset.connect(self._reset)

    def _rebuilt(self) -> None:
        self.rebuilds += 1

    def _reset(self) -> None:
        self.resets += 1


@pytest.fixture
def router(qapp: object, make_content: Callable[..., Path]) -> Router:
    return Router(library_of(make_content(SPANISH)))


def test_a_location_is_a_typed_value_that_reads_as_the_log_does() -> None:
    """Screens are named values, not strings with sentinels; the log line stays readable."""
    assert Location.section("first", 1) == Location(Screen.SECTION, "first", 1)
    assert Location.section("first", 1).describe() == "section first 2"
    assert Location.home().describe().strip() == "home"
    assert Screen("answer") is Screen.ANSWER


def test_opening_a_section_draws_it_then_announces_it_once(router: Router) -> None:
    """One tap: one draw and one announcement; the same place again announces nothing."""
    seen = Recorder(router)
    router.open_section("first", 2)
    router.open_section("first", 2)
    assert seen.shown == [Location.section("first", 2)] * 2
    assert seen.announced == [Location.section("first", 2)]
    assert router.location == Location.section("first", 2)


@pytest.mark.expect_log("kiosk.ui.router", "WARNING", r"no section 'no-such-section'")
def test_a_page_past_the_end_is_the_last_page_and_a_missing_section_goes_home(
        router: Router) -> None:
    """A stale link (a reload removed pages or a section) lands somewhere real."""
    router.open_section("first", 99)
    assert router.location == Location.section("first", 2)
    router.open_section("no-such-section")
    assert router.location == Location.home()


def test_a_missing_answer_opens_the_questions(router: Router) -> None:
    router.open_answer("faq/no-such-question")
    assert router.location == Location.faq()
    router.open_answer("faq/a")
    assert router.location == Location.answer("faq/a")


def test_next_topic_walks_sections_then_the_questions(router: Router) -> None:
    """Past a section's last page comes the next section, then the questions."""
    router.open_section("first", 2)
    router.next_topic()
    assert router.location == Location.section("second", 0)
    router.next_topic()
    assert router.location == Location.faq()


def test_a_page_turned_by_the_pager_is_announced_only_inside_a_section(
        router: Router) -> None:
    """A swipe is a new place; a stray signal from a hidden pager is not."""
    seen = Recorder(router)
    router.open_section("first")
    router.page_turned("first", 1)
    router.open_faq()
    router.page_turned("first", 2)
    assert seen.announced == [Location.section("first", 0), Location.section("first", 1),
                              Location.faq()]


def test_a_reload_keeps_the_patient_on_their_page_and_announces_it_afresh(
        router: Router, make_content: Callable[..., Path]) -> None:
    """New content: the screens are rebuilt, the patient stays where they were."""
    seen = Recorder(router)
    router.open_section("first", 1)
    router.set_library(library_of(make_content(SPANISH, name="again")))
    assert seen.rebuilds == 1
    assert router.location == Location.section("first", 1)
    assert seen.announced[-2:] == [Location.section("first", 1)] * 2


def test_a_reload_that_removed_the_page_goes_home(
        router: Router, make_content: Callable[..., Path]) -> None:
    router.open_section("second")
    router.set_library(library_of(make_content({"en/20-second/_index.md": None,
                                                "en/20-second/10-only.md": None},
                                               name="smaller")))
    assert router.location == Location.home()


def test_a_reload_without_the_chosen_language_falls_back_to_the_default(
        router: Router, make_content: Callable[..., Path]) -> None:
    router.choose_language("es")
    router.set_library(library_of(make_content(name="english-only")))
    assert router.visit.language == "en"


def test_choosing_a_language_starts_at_home_in_it(router: Router) -> None:
    seen = Recorder(router)
    chosen: list[str] = []
    router.language_chosen.connect(chosen.append)
    router.open_section("first", 1)
    router.choose_language("es")
    router.choose_language("xx")  # not in the content: ignored
    assert chosen == ["es"]
    assert router.visit.language == "es" and router.language.code == "es"
    assert router.location == Location.home() and seen.rebuilds == 1


def test_text_size_and_contrast_keep_the_place_and_stay_in_range(router: Router) -> None:
    router.open_answer("faq/b")
    router.set_text_step(7)
    router.set_high_contrast(True)
    assert router.visit == Visit("en", text_step=2, high_contrast=True)
    assert router.location == Location.answer("faq/b")


def test_a_new_visit_forgets_every_choice(router: Router) -> None:
    """The next patient finds home in the default language, normal text, normal colours."""
    seen = Recorder(router)
    router.choose_language("es")
    router.set_text_step(1)
    router.open_section("first")
    assert router.visit_changed()
    router.reset_visit()
    assert seen.resets == 1
    assert router.visit == Visit("en") and not router.visit_changed()
    assert router.location == Location.home()


def test_an_untouched_visit_resets_without_rebuilding(router: Router) -> None:
    """Nothing to forget: no screens are remade (a rebuild is the costliest thing we do)."""
    seen = Recorder(router)
    router.open_faq()
    router.reset_visit()
    assert seen.rebuilds == 0 and router.location == Location.home()


def can_return(router: Router) -> bool:
    """Asked afresh each time (mypy would take a property for a constant between asserts)."""
    return router.can_return


def test_a_link_opens_its_place_and_back_returns_along_the_links(router: Router) -> None:
    """Each link is remembered where it was tapped: Back on the place it led to returns there,
    one link at a time."""
    seen = Recorder(router)
    router.open_section("first", 1)
    router.follow_link("faq/b")
    router.follow_link("second")
    assert router.location == Location.section("second", 0)
    assert can_return(router)
    router.return_from_link()
    assert router.location == Location.answer("faq/b")
    router.return_from_link()
    assert router.location == Location.section("first", 1)
    assert not can_return(router)
    router.return_from_link()  # nothing left to return to: nothing happens
    assert seen.announced == [Location.section("first", 1), Location.answer("faq/b"),
                              Location.section("second", 0), Location.answer("faq/b"),
                              Location.section("first", 1)]


def test_a_link_opens_pages_sections_and_answers(router: Router) -> None:
    router.follow_link("first/three")
    assert router.location == Location.section("first", 2)
    router.follow_link("second")
    assert router.location == Location.section("second", 0)
    router.follow_link("faq/a")
    assert router.location == Location.answer("faq/a")


def test_back_returns_only_from_where_the_link_led(router: Router) -> None:
    """Turned on to the next page, Back turns pages again; back on the link's page, it returns
    along the link. A tile, a question or Next topic forgets every link."""
    router.open_section("second")
    router.follow_link("first")
    router.page_turned("first", 1)
    assert not can_return(router)
    router.page_turned("first", 0)
    assert can_return(router)
    router.next_topic()
    assert router.hops == [] and not router.can_return


@pytest.mark.expect_log("kiosk.ui.router", "WARNING", r"link to '(first/)?gone' leads nowhere")
def test_a_link_to_a_page_gone_since_stays_put(router: Router) -> None:
    router.open_section("first", 1)
    router.follow_link("first/gone")
    router.follow_link("gone")
    assert router.location == Location.section("first", 1) and router.hops == []


def test_back_after_a_reload_that_removed_the_links_page_lands_near_it(
        router: Router, make_content: Callable[..., Path]) -> None:
    """Content changed under the patient: Back goes to the nearest place that is left."""
    router.open_section("first", 2)
    router.follow_link("second")
    router.set_library(library_of(make_content({"en/10-first/30-three.md": None},
                                               name="shorter")))
    router.return_from_link()
    assert router.location == Location.section("first", 1)


def test_links_remembered_are_few(router: Router) -> None:
    """Going round in circles remembers the last MAX_HOPS links, not every one."""
    from kiosk.ui.router import MAX_HOPS

    for _ in range(MAX_HOPS):
        router.follow_link("first/one")
        router.follow_link("second")
    assert len(router.hops) == MAX_HOPS
