"""The staff panel, behind a hidden gesture and a PIN: content status and problems, reload,
a chart of the last 14 days' use, version, the installer's check screen, quit. Patients see
none of it; nothing here needs a keyboard."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import Metrics, Palette
from kiosk.ui.usage_chart import UsageChart
from kiosk.ui.widgets import Overlay, button, label

log = logging.getLogger(__name__)

TAPS = 5
TAP_WINDOW_MS = 3000
CORNER_MM = 18
# A mouse press the system made from a touch we already counted, this soon after it, is that
# same touch (Windows may pass both on).
_SAME_TOUCH_MS = 500

_MOUSE_DOWN = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
CHART_DAYS = 14  # the usage chart's days, today included


class CornerTaps(QObject):
    """Five taps in the top-right corner within three seconds: the way in for staff.

    Every tap counts once, however it arrives:
    - a mouse press, or a double-click: Qt gives a widget the second of two quick taps as a
      MouseButtonDblClick *instead of* a press, so five taps 0.2 s apart reach the widgets as
      press, double-click, press, double-click, press;
    - a touch: its TouchBegin reaches the window; the mouse press Qt makes from it (when no
      widget takes the touch) is the same tap and is not counted again.
    One press is offered to each parent widget in turn (same time stamp, same place): counted
    once. Time is the events' own time stamps (ms), so the gesture is judged by when the taps
    happened, not by when Python got round to them.
    """

    triggered = Signal()

    def __init__(self, window: QWidget, m: Metrics) -> None:
        super().__init__()
        self.window = window
        self.size = max(m.target, round(CORNER_MM * 3.6 * m.scale))
        self.taps: list[int] = []
        self._last: tuple[int, QPoint] | None = None
        self._last_touch = -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            # The window's own QWindow sees every touch once, whichever widget takes it.
            if watched is self.window.windowHandle() and event.points():
                self._last_touch = event.timestamp()
                self._tap(event.timestamp(), event.points()[0].globalPosition().toPoint())
                self._last = None
        elif kind in _MOUSE_DOWN and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton \
                and isinstance(watched, QWidget) and watched.window() is self.window:
            where = event.globalPosition().toPoint()
            if self._from_counted_touch(event) or self._last == (event.timestamp(), where):
                return False  # the same tap: made from a touch, or offered to a parent
            self._last = (event.timestamp(), where)
            self._tap(event.timestamp(), where)
        return False

    def _from_counted_touch(self, event: QMouseEvent) -> bool:
        source = event.source()
        if source == Qt.MouseEventSource.MouseEventSynthesizedByQt:
            return True  # Qt made it from a TouchBegin the window already showed us
        return (source != Qt.MouseEventSource.MouseEventNotSynthesized
                and self._last_touch >= 0
                and 0 <= event.timestamp() - self._last_touch <= _SAME_TOUCH_MS)

    def _tap(self, stamp: int, where: QPoint) -> None:
        if not self.in_corner(self.window.mapFromGlobal(where)):
            return
        # A time stamp that went backwards (a clock that wrapped) starts afresh.
        self.taps = [t for t in self.taps if 0 <= stamp - t <= TAP_WINDOW_MS] + [stamp]
        if len(self.taps) >= TAPS:
            self.taps.clear()
            self.triggered.emit()

    def in_corner(self, point: QPoint) -> bool:
        return point.x() >= self.window.width() - self.size and 0 <= point.y() <= self.size


class PinPad(Overlay):
    """An on-screen number pad. `check` answers "ok", "wrong" or "locked"."""

    accepted = Signal()

    def __init__(self, parent: QWidget, m: Metrics, check: Callable[[str], str],
                 locked_for: Callable[[], float]) -> None:
        super().__init__(parent, m, "Staff PIN")
        self.check = check
        self.locked_for = locked_for
        self.entered = ""
        # Heading, entered digits, message and Cancel share one row, so the pad fits a
        # 1280×800 screen with every key a full 16 mm touch target.
        top = QHBoxLayout()
        top.setSpacing(m.gap)
        texts = QVBoxLayout()
        texts.setSpacing(m.px(4))
        heading = label("Staff only: enter the PIN", "Heading")
        self.display = label("", "Countdown", wrap=False)
        self.message = label("", "Welcome")
        for widget in (heading, self.display, self.message):
            texts.addWidget(widget)
        top.addLayout(texts, 1)
        cancel = button("Cancel", "Cancel", secondary=True)
        cancel.clicked.connect(self.close_pad)
        top.addWidget(cancel, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(top)
        grid = QGridLayout()
        grid.setSpacing(m.gap)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        self.keys: dict[str, QWidget] = {}
        for index, key in enumerate(keys):
            name = {"⌫": "Delete", "OK": "Enter PIN"}.get(key, key)
            b = button(key, name, secondary=key != "OK")
            b.setObjectName("Key" if key.isdigit() else b.objectName())
            b.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(b, index // 3, index % 3)
            self.keys[key] = b
        self.body.addLayout(grid)
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self._refresh)

    def open(self) -> None:
        self.entered = ""
        self.message.setText("")
        self._refresh()
        super().open()

    def close_pad(self) -> None:
        self.entered = ""
        self.lock_timer.stop()
        self.hide()

    def press(self, key: str) -> None:
        if self.locked_for() > 0:
            self._refresh()
            return
        if key == "⌫":
            self.entered = self.entered[:-1]
        elif key == "OK":
            self._submit()
            return
        elif len(self.entered) < 12:
            self.entered += key
        self._refresh()

    def _submit(self) -> None:
        answer = self.check(self.entered)
        self.entered = ""
        if answer == "ok":
            log.info("staff panel opened")
            self.close_pad()
            self.accepted.emit()
            return
        log.warning("wrong staff PIN entered")
        self.message.setText("Wrong PIN. Try again." if answer == "wrong" else "")
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText("●" * len(self.entered) or "–")
        left = self.locked_for()
        if left > 0:
            self.message.setText(f"Too many wrong PINs. Try again in {int(left) + 1} seconds.")
            if not self.lock_timer.isActive():
                self.lock_timer.start()
        elif self.lock_timer.isActive():
            self.lock_timer.stop()
            self.message.setText("")
        for key, widget in self.keys.items():
            widget.setEnabled(left <= 0 or key == "")


@dataclass(frozen=True)
class StaffInfo:
    """What the panel shows; gathered fresh when it opens and whenever it changes."""

    version: str
    content_folder: str
    loaded_at: str
    showing_last_good: bool
    problems: list[str] = field(default_factory=list)
    # What is on screen and why: the folder, its last good copy (from when) or the bundled
    # content. Empty: the older two-way line from `showing_last_good`.
    on_screen: str = ""
    # Each kind's count on each of the last CHART_DAYS days, oldest first (UsageStore.
    # daily_totals); empty: usage counting is off.
    daily: list[tuple[date, dict[str, int]]] = field(default_factory=list)
    fingerprint: str = ""  # of the content on screen (kiosk/core/metrics.py), for IT
    log_file: str = ""  # where the log is written; empty: not to a file


class StaffPanel(Overlay):
    """`info` gathers what to show; `updates` are signals that mean it has changed (a load
    that passed, one that found errors): while the panel is open it reads `info` again on
    each, so it never keeps saying an edit is not shown after staff fixed it."""

    reload_requested = Signal()
    quit_requested = Signal()
    check_requested = Signal()  # "Check this screen": the installer's check screen

    def __init__(self, parent: QWidget, m: Metrics, info: Callable[[], StaffInfo],
                 updates: Sequence[SignalInstance] = (),
                 palette: Callable[[], Palette] = Palette) -> None:
        """`palette`: the colours on screen now (the patient may have chosen high contrast),
        for the chart."""
        super().__init__(parent, m, "Staff panel")
        # The summary's lines wrap, and a card only as tall as its hint cut them off; the
        # problems and the chart share what is left.
        self.full_height()
        self.info = info
        self.colours = palette
        self.metrics = m
        self.follows_updates = bool(updates)
        for signal in updates:
            signal.connect(self._info_changed)
        # Close sits by the heading, so the three actions below fit one row on every screen.
        top = QHBoxLayout()
        top.addWidget(label("Staff panel", "Heading"), 1)
        self.close_button = button("Close", "Close the staff panel", secondary=True)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(top)
        self.summary = label("", "Welcome")
        self.body.addWidget(self.summary)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Content problems")
        self.chart = UsageChart(m, palette())
        # Side by side on a wide screen, one above the other on a tall one (`fit`).
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.addWidget(self.problems, 1)
        self.middle.addWidget(self.chart, 1)
        self.body.addLayout(self.middle, 1)
        self.row = row = QHBoxLayout()
        self.check = button("Check this screen", "Check this screen: touch, sound, speech",
                            secondary=True)
        self.reload = button("Reload content", "Reload content", secondary=True)
        self.quit = button("Quit kiosk", "Quit the kiosk")
        for b in (self.check, self.reload, self.quit):
            row.addWidget(b)
        self.body.addLayout(row)
        self.fit(m)
        self.check.clicked.connect(self.check_requested.emit)
        self.reload.clicked.connect(self._reload)
        self.close_button.clicked.connect(self.hide)
        self.quit.clicked.connect(self.quit_requested.emit)

    def fit(self, m: Metrics) -> None:
        super().fit(m)
        if not hasattr(self, "middle"):
            return  # Overlay's own set-up, before the panel's parts exist
        self.metrics = m
        self.middle.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait
                                 else QBoxLayout.Direction.LeftToRight)
        self.middle.setSpacing(m.gap)
        self.row.setSpacing(m.gap)
        self.problems.setMinimumHeight(m.px(160))
        self.chart.fit(m, self.colours())

    def open(self) -> None:
        self.refresh()
        super().open()

    def refresh(self) -> None:
        info = self.info()
        state = info.on_screen or (
            "NOT showing the newest edit: it has errors (below); the last good content is on "
            "screen." if info.showing_last_good else "Showing the newest content.")
        self.summary.setText(
            f"Version {info.version}, last loaded {info.loaded_at}\n"
            f"Content folder: {info.content_folder}\n{state}")
        self.problems.setPlainText("\n".join(info.problems) or "No problems found.")
        self.chart.fit(self.metrics, self.colours())
        self.chart.show_days(info.daily)

    def _info_changed(self, *_: object) -> None:
        if self.isVisible():
            self.refresh()

    def _reload(self) -> None:
        self.reload_requested.emit()
        if not self.follows_updates:  # nothing will tell us when the reload is done: guess
            QTimer.singleShot(1500, self._info_changed)
