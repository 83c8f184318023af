"""The pinned Qt binding must be safe to run for months."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)


def test_emitting_signals_does_not_leak_references_to_true() -> None:
    """PySide6 6.12.0 drops a reference to True on every emit(); after enough taps the
    interpreter frees True and aborts. The pinned version must not do this."""
    emitter = _Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: received.append(None))
    emitter.flag.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.plain.emit()
        emitter.flag.emit(True)
    received.clear()
    assert sys.getrefcount(True) >= before - 5
