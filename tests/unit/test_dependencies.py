"""Every package the kiosk imports is declared in pyproject.toml, so a fresh install (and the
packaged build) has it; nothing declared for the kiosk goes unused."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Python's own modules from a later version on, imported under a sys.version_info check.
LATER_STDLIB = {"_sha2"}  # 3.12's home of SHA-256 (kiosk/content/sha256.py)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.split(r"[<>=!~ ;\[]", req, maxsplit=1)[0])
            for req in project["dependencies"]}


def _third_party_imports() -> dict[str, str]:
    """Top-level module → the first file that imports it, for every non-stdlib import."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module \
                and node.level == 0 else []
            for name in names:
                top = name.split(".")[0]
                if top != "kiosk" and top not in sys.stdlib_module_names | LATER_STDLIB:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_package_is_declared() -> None:
    declared = _declared()
    providers = packages_distributions()
    undeclared = {module: where for module, where in _third_party_imports().items()
                  if not declared & {_normal(d) for d in providers.get(module, [module])}}
    assert undeclared == {}


def test_every_declared_package_is_imported() -> None:
    """A dependency nothing imports is download and package size for nothing (PySide6-Addons
    is imported as PySide6.QtTextToSpeech; the font package as fontpkg_atkinson_hyperlegible)."""
    providers = packages_distributions()
    used = {_normal(d) for module in _third_party_imports()
            for d in providers.get(module, [module])}
    assert _declared() - used == set()
