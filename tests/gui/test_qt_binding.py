"""The pinned Qt binding must be safe to run for months.

PySide6 6.12.0's wheels lose a reference to True on every Signal.emit() and to None on ordinary
calls such as QObject.parent() (reported upstream as PYSIDE-3474; docs/dependencies.md). On
Python 3.11 these objects are mortal: after a few hundred taps the interpreter frees True and
aborts ("bool_dealloc: deallocating True or False"). On Python 3.12+ they are immortal: the lost
references harm nothing and cannot be seen, so there is nothing to test there.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

CALLS = 100  # of each kind; 6.12.0 loses one reference per call

# Run in a child process: with the bad binding the loss can reach zero and abort the interpreter,
# which must fail this test, not end the whole test run.
PROBE = textwrap.dedent(f"""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        plain = Signal()
        flag = Signal(bool)
        value = Signal(object)

    emitter = Emitter()
    emitter.plain.connect(lambda: None)
    emitter.flag.connect(lambda flag: None)
    emitter.value.connect(lambda value: None)
    for name, singleton, call in [
        ("True, Signal().emit()", True, emitter.plain.emit),
        ("True, Signal(bool).emit(True)", True, lambda: emitter.flag.emit(True)),
        ("True, Signal(object).emit(True)", True, lambda: emitter.value.emit(True)),
        ("None, QObject.parent()", None, emitter.parent),
        ("None, QObject.setObjectName()", None, lambda: emitter.setObjectName("x")),
    ]:
        before = sys.getrefcount(singleton)
        for _ in range({CALLS}):
            call()
        print(f"{{before - sys.getrefcount(singleton)}} lost: {{name}}", flush=True)
""")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason=(
    "True and None are immortal on Python 3.12+: PySide6 6.12's lost references to them "
    "(PYSIDE-3474) cannot free them, and sys.getrefcount() of an immortal object means nothing "
    "(it drifts even with the good 6.11.3), so this guard cannot fail there"))
def test_signals_and_calls_keep_their_references_to_true_and_none() -> None:
    """100 emits of each kind and 100 ordinary calls lose no reference to True or None; the
    bad binding loses one per call and soon aborts the interpreter."""
    import PySide6

    child = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                           timeout=120, check=False)
    why = (f"PySide6 {PySide6.__version__} loses references to True/None (PYSIDE-3474; "
           f"pyproject.toml pins 6.11.3):\n{child.stdout}{child.stderr[-1500:]}")
    assert child.returncode == 0, why
    losses = [int(line.split()[0]) for line in child.stdout.splitlines()]
    assert len(losses) == 5, why
    assert all(lost < CALLS // 2 for lost in losses), why
