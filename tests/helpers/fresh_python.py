"""Run code in a fresh interpreter and ask which modules it loaded: how the tests show that a
path of the kiosk keeps a heavy library (Qt, OpenSSL, the reading grades) out of its process,
where the test process itself has long loaded everything."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path


def loaded(code: str, watched: Iterable[str], cwd: Path) -> tuple[object, list[str]]:
    """Run `code` (statements that set `result` to anything JSON can hold) in a new Python;
    return `result` and which of the `watched` modules were then in sys.modules."""
    script = (f"{code}\nimport json as _json, sys as _sys\n"
              f"print(_json.dumps([result, sorted(m for m in {sorted(watched)!r} "
              "if m in _sys.modules)]))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120, cwd=cwd).stdout
    result, modules = json.loads(out)
    return result, modules
