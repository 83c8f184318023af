"""Where the patient is, and what this visit chose: the one place navigation is decided.

The router holds the library on screen, the visit (language, text size, contrast), the
location and the links followed (so Back returns to the page a link was tapped on), and says
what to show by signals; the window (kiosk/ui/window.py) shows it. Nothing
here draws, so every rule of navigation — a section that no longer exists goes home, a reload
keeps the patient's page, a new visit starts from the defaults — reads in one file and is
tested without a screen (tests/gui/test_router.py).
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from kiosk.content.model import Language, Library
from kiosk.ui.theme import TEXT_STEPS

log = logging.getLogger(__name__)

MAX_HOPS = 20  # links remembered for Back; a patient going round in circles forgets the oldest

class Screen(StrEnum):
    HOME = "home"
    SECTION = "section"
    FAQ = "faq"
    ANSWER = "answer"


@dataclass(frozen=True)
class Location:
    """A place in the content: enough to come back to it after a reload or a restyle."""

    screen: Screen
    item: str = ""  # the section or question id
    index: int = 0  # the page within a section

    @classmethod
    def home(cls) -> Location:
        return cls(Screen.HOME)

    @classmethod
    def section(cls, section_id: str, index: int = 0) -> Location:
        return cls(Screen.SECTION, section_id, index)

    @classmethod
    def faq(cls) -> Location:
        return cls(Screen.FAQ)

    @classmethod
    def answer(cls, item_id: str) -> Location:
        return cls(Screen.ANSWER, item_id)

    def describe(self) -> str:
        """As the log says it ("showing section what-it-is 2"): IT and the end-to-end tests
        follow the screen by these lines."""
        page = str(self.index + 1) if self.screen is Screen.SECTION else ""
        return f"{self.screen} {self.item} {page}"


@dataclass(frozen=True)
class Hop:
    """A link followed: where it was tapped, and where it led."""

    origin: Location
    landing: Location


@dataclass(frozen=True)
class Visit:
    """One patient's choices; the next patient starts from `Visit(default language)`."""

    language: str
    text_step: int = 0  # an index into TEXT_STEPS
    high_contrast: bool = False


class Router(QObject):
    """Navigation and visit state. The window connects `show` and `rebuild` and draws; others
    follow `location_changed` (usage counts, read aloud) and `visit_reset`."""

    show = Signal(object, bool)  # Location, animate: draw this place now
    rebuild = Signal()  # the library, language or look changed: make the screens anew
    location_changed = Signal(object)  # Location, once it is on screen
    language_chosen = Signal(str)  # a patient picked a language
    visit_reset = Signal()  # the visit is over: whatever it started must stop

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.visit = Visit(library.default.code)
        self.location = Location.home()
        self._announced = False  # has `location` been announced since the last rebuild?
        # Links followed, latest last. Back on a link's landing place returns to its origin;
        # any other way of moving on (home, a tile, a question, Next topic) forgets them all.
        self.hops: list[Hop] = []

    @property
    def language(self) -> Language:
        return self.library.language(self.visit.language) or self.library.default

    # -- going places -------------------------------------------------------------------------
    def go_home(self, animate: bool = True) -> None:
        self._go(Location.home(), animate)

    def open_section(self, section_id: str, index: int = 0, animate: bool = True) -> None:
        section = self.language.section(section_id)
        if section is None:
            log.warning("no section %r; going home", section_id)
            self.go_home(animate)
            return
        index = max(0, min(index, len(section.pages) - 1))
        self._go(Location.section(section_id, index), animate)

    def open_faq(self, animate: bool = True) -> None:
        self._go(Location.faq(), animate)

    def open_answer(self, item_id: str, animate: bool = True) -> None:
        if self.language.faq_item(item_id) is None:
            self.open_faq(animate)
            return
        self._go(Location.answer(item_id), animate)

    def follow_link(self, target: str, animate: bool = True) -> None:
        """A link on a page was tapped: open what it names (a page or question id, or a
        section id: kiosk/content/links.py) in the patient's language, remembering where they
        were so that Back brings them there."""
        there = self._link_location(target)
        if there is None:  # a reload took the page away since this one was drawn
            log.warning("link to %r leads nowhere in %s; staying here", target,
                        self.language.code)
            return
        here = self.location
        if there == here:
            return
        log.info("link from %s to %s", here.describe().strip(), there.describe().strip())
        self.hops = [*self.hops[-(MAX_HOPS - 1):], Hop(here, there)]
        self._go(there, animate, forget_links=False)

    @property
    def can_return(self) -> bool:
        """Whether the patient is where a link led them: Back then returns to its page."""
        return bool(self.hops) and self.hops[-1].landing == self.location

    def return_from_link(self, animate: bool = True) -> None:
        """Back, where a link led: to the page the link was on (or the nearest that is left)."""
        if not self.can_return:
            return
        back = self._existing(self.hops.pop().origin)
        log.info("back from link to %s", back.describe().strip())
        self._go(back, animate, forget_links=False)

    def _link_location(self, target: str) -> Location | None:
        language = self.language
        if language.faq_item(target) is not None:
            return Location.answer(target)
        section_id = target.split("/", 1)[0]
        section = language.section(section_id)
        if section is None:
            return None
        if target == section_id:
            return Location.section(section_id)
        index = next((i for i, page in enumerate(section.pages) if page.id == target), None)
        return Location.section(section_id, index) if index is not None else None

    def page_turned(self, section_id: str, index: int) -> None:
        """The pager turned a page by itself (a swipe, Next, the slideshow)."""
        if self.location.screen is Screen.SECTION:
            self._announce(Location.section(section_id, index))

    def next_topic(self) -> None:
        """Past a section's last page: the next section, then the questions, then home."""
        ids = [s.id for s in self.language.sections]
        current = self.location.item if self.location.screen is Screen.SECTION else ""
        position = ids.index(current) if current in ids else -1
        if position + 1 < len(ids):
            self.open_section(ids[position + 1])
        elif self.language.faq:
            self.open_faq()
        else:
            self.go_home()

    def _go(self, location: Location, animate: bool, forget_links: bool = True) -> None:
        if forget_links or location.screen is Screen.HOME:
            self.hops.clear()
        self.show.emit(location, animate)
        self._announce(location)

    def _announce(self, location: Location) -> None:
        if location == self.location and self._announced:
            return
        log.info("showing %s", location.describe())
        self.location = location
        self._announced = True
        self.location_changed.emit(location)

    # -- the visit's choices ------------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        if self.library.language(code) is None or code == self.visit.language:
            return
        log.info("language chosen: %s", code)
        self.visit = dataclasses.replace(self.visit, language=code)
        self.language_chosen.emit(code)
        self._remake(Location.home())

    def set_text_step(self, step: int) -> None:
        step = max(0, min(step, len(TEXT_STEPS) - 1))
        if step != self.visit.text_step:
            self.visit = dataclasses.replace(self.visit, text_step=step)
            self._remake(self.location)

    def set_high_contrast(self, on: bool) -> None:
        if on != self.visit.high_contrast:
            self.visit = dataclasses.replace(self.visit, high_contrast=on)
            self._remake(self.location)

    def set_library(self, library: Library) -> None:
        """Newly loaded content, at once; the patient stays on their page if it still exists."""
        self.library = library
        if library.language(self.visit.language) is None:
            self.visit = dataclasses.replace(self.visit, language=library.default.code)
        self._remake(self.location)

    def relayout(self) -> None:
        """The screen changed: the same place, laid out anew."""
        self._remake(self.location)

    def visit_changed(self) -> bool:
        """Whether this visit chose anything the next patient should not inherit."""
        return self.visit != Visit(self.library.default.code)

    def reset_visit(self) -> None:
        """Forget the visit: place, language, text size, colours, and (by `visit_reset`)
        speech, volume and open panels."""
        self.visit_reset.emit()
        if self.visit_changed():
            self.visit = Visit(self.library.default.code)
            self._remake(Location.home())
        else:
            self.go_home(animate=False)

    def _remake(self, where: Location) -> None:
        """Rebuild the screens, then show `where` again (or the nearest place that still
        exists), announced afresh: the screens it was announced on are gone. The links
        followed are kept: Back still returns where a link was tapped."""
        self.rebuild.emit()
        self._announced = False
        self._go(self._existing(where), animate=False, forget_links=False)

    def _existing(self, where: Location) -> Location:
        """`where`, or the nearest place that still exists (a reload may take pages away)."""
        language = self.language
        section = language.section(where.item) if where.screen is Screen.SECTION else None
        if section is not None:
            return Location.section(where.item, max(0, min(where.index, len(section.pages) - 1)))
        if where.screen is Screen.ANSWER and language.faq_item(where.item):
            return where
        if where.screen is Screen.FAQ and language.faq:
            return where
        return Location.home()
