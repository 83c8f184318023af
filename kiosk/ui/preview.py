"""`kiosk preview`: the kiosk exactly as one screen size shows it, for staff, in a window.

The kiosk window is laid out once, at the full size of the chosen screen, and never again: a
QGraphicsView draws it scaled down to fit the staff member's monitor. So what staff see is what
the kiosk shows, only smaller; nothing moves to a new line because the preview window is
smaller than the kiosk's screen. Beside it, the content check's problems; a tap on one opens
the page it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsProxyWidget,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Library, Problem, Severity
from kiosk.ui.router import Location, Router, Screen

SIDE_WIDTH = 460
_PATH_ROLE = Qt.ItemDataRole.UserRole


class ScaledKiosk(QGraphicsView):
    """One widget at a fixed size, drawn scaled down (never up) to fit the view."""

    scaled = Signal(float)

    def __init__(self, widget: QWidget, size: QSize) -> None:
        super().__init__()
        self.screen_size = size
        widget.setFixedSize(size)  # laid out for the kiosk's screen, whatever the view's size
        scene = QGraphicsScene(self)
        proxy = scene.addWidget(widget)
        assert isinstance(proxy, QGraphicsProxyWidget)
        self.proxy = proxy
        scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
        self.setScene(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor("#303030"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("The kiosk screen")
        self.factor = 1.0

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        room = self.viewport().size()
        self.factor = min(1.0, room.width() / self.screen_size.width(),
                          room.height() / self.screen_size.height())
        self.setTransform(QTransform.fromScale(self.factor, self.factor))
        self.scaled.emit(self.factor)


def place_of(library: Library, path: str) -> tuple[str, Location] | None:
    """Where the kiosk shows what the file or folder at `path` (relative to the content folder,
    as a Problem names it) is about: (language code, place), or None if nowhere."""
    if path in ("", "."):
        return None
    target = (library.root / path).resolve()
    for lang in library.languages:
        for item in lang.faq:
            if item.language == lang.code and item.source.resolve() == target:
                return lang.code, Location.answer(item.id)
        for section in lang.sections:
            for index, page in enumerate(section.pages):
                if page.language == lang.code and page.source.resolve() == target:
                    return lang.code, Location.section(section.id, index)
    for lang in library.languages:
        for section in lang.sections:
            folder = section.source.resolve()
            # The section's folder, its _index.md, a picture or a page not shown (it has
            # errors): the section's first page.
            if folder == target or folder in target.parents:
                return lang.code, Location.section(section.id)
        if lang.faq and (library.root / lang.code / "faq").resolve() in (target, *target.parents):
            return lang.code, Location.faq()
        if (library.root / lang.code).resolve() in (target, *target.parents):
            return lang.code, Location.home()
    return None


def open_place(router: Router, language: str, where: Location) -> None:
    router.choose_language(language)
    if where.screen is Screen.SECTION:
        router.open_section(where.item, where.index, animate=False)
    elif where.screen is Screen.ANSWER:
        router.open_answer(where.item, animate=False)
    elif where.screen is Screen.FAQ:
        router.open_faq(animate=False)
    else:
        router.go_home(animate=False)


class ProblemList(QListWidget):
    """The check's problems, one a row; `chosen` gives the path of the one tapped."""

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setAccessibleName("Content problems")
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSpacing(4)
        self.itemClicked.connect(self._clicked)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.clear()
        for problem in problems:
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            item = QListWidgetItem(f"{problem.severity.value}: {where}\n{problem.message}")
            item.setData(_PATH_ROLE, problem.path)
            if problem.severity is Severity.ERROR:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setForeground(QColor("#A00000"))
            self.addItem(item)

    def item_for(self, path: str) -> QListWidgetItem | None:
        return next((self.item(i) for i in range(self.count())
                     if self.item(i).data(_PATH_ROLE) == path), None)

    def _clicked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(str(item.data(_PATH_ROLE)))


class PreviewWindow(QWidget):
    """The scaled kiosk on the left, the check's verdict and problems on the right."""

    def __init__(self, kiosk_window: QWidget, router: Router, size: QSize, folder: Path
                 ) -> None:
        super().__init__()
        self.router = router
        self.setWindowTitle(f"Kiosk preview: {size.width()}×{size.height()} screen, {folder}")
        self.view = ScaledKiosk(kiosk_window, size)
        side = QWidget()
        side.setFixedWidth(SIDE_WIDTH)
        column = QVBoxLayout(side)
        heading = QLabel(f"What the kiosk shows on a {size.width()}×{size.height()} screen")
        heading.setWordWrap(True)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        heading.setFont(font)
        self.scale_note = QLabel("")
        self.scale_note.setWordWrap(True)
        self.view.scaled.connect(self._scaled)
        self.folder_note = QLabel(f"Content folder: {folder}")
        self.folder_note.setWordWrap(True)
        self.status = QLabel("Checking the content folder…")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Check result")
        hint = QLabel("Problems (click one to open its page in the preview):")
        hint.setWordWrap(True)
        self.problems = ProblemList()
        self.problems.chosen.connect(self.open_problem)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        for widget in (heading, self.scale_note, self.folder_note, self.status, hint):
            column.addWidget(widget)
        column.addWidget(self.problems, 1)
        column.addWidget(self.note)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.view, 1)
        row.addWidget(side)

    def _scaled(self, factor: float) -> None:
        self.scale_note.setText(f"Drawn at {round(factor * 100)} % of its real size; laid out "
                                "exactly as on the kiosk.")

    def fit_to(self, available: QSize) -> None:
        """As large as `available` allows, up to the kiosk's full size beside the list."""
        full = self.view.screen_size
        width = min(available.width(), full.width() + SIDE_WIDTH)
        height = min(available.height(), full.height())
        # Keep the screen's shape, so no band is left empty beside or below it.
        factor = min(1.0, (width - SIDE_WIDTH) / full.width(), height / full.height())
        self.resize(round(full.width() * factor) + SIDE_WIDTH, round(full.height() * factor))

    def show_check(self, problems: Sequence[Problem], showing_last_good: bool,
                   stand_in: bool = False) -> None:
        """The newest check's verdict. `stand_in`: the folder has never passed, so the kiosk
        shows its bundled content instead (as it would on starting with this folder)."""
        errors = sum(p.severity is Severity.ERROR for p in problems)
        warnings = len(problems) - errors
        if showing_last_good and stand_in:
            text = (f"This folder has {errors} error(s) and has not loaded without errors "
                    "since the preview started, so the kiosk would show its bundled example "
                    "content instead (shown here). Fix the errors below and save.")
        elif showing_last_good:
            text = (f"Your newest edit has {errors} error(s), so the kiosk does NOT show it: "
                    "it keeps the last content that worked (shown here). Fix the errors below "
                    "and save.")
        elif problems:
            text = (f"The kiosk shows your newest content. {warnings} warning(s) to look at: "
                    "the pages still show.")
        else:
            text = "The kiosk shows your newest content. No problems found."
        self.status.setText(text)
        self.problems.show_problems(problems)

    def open_problem(self, path: str) -> None:
        place = place_of(self.router.library, path)
        if place is None:
            self.note.setText(f"{path} is not on any page the kiosk shows.")
            return
        self.note.setText("")
        open_place(self.router, *place)
