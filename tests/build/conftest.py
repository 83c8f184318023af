"""The build tests: build_spec.py (at the top of the project, beside the kiosk package) is
imported as a module, like the generated PyInstaller spec imports it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
