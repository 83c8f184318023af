"""The content layer is pure Python: `kiosk check` runs anywhere, and a view never reads files."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parents[2] / "kiosk" / "content"
MODULES = sorted(
    "kiosk.content" if path.stem == "__init__" else f"kiosk.content.{path.stem}"
    for path in CONTENT.glob("*.py")
)
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "qtpy")


def test_the_content_package_has_modules() -> None:
    """The scan below sees the real package (a wrong path would make every check pass)."""
    assert "kiosk.content.loader" in MODULES
    assert len(MODULES) >= 8


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_content_module_loads_no_qt(module: str) -> None:
    """Importing any content module in a fresh interpreter leaves Qt out of sys.modules."""
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60, cwd=CONTENT.parents[1])
    assert json.loads(done.stdout) == []


def test_loading_a_library_loads_no_qt(make_content: Callable[..., Path]) -> None:
    """Even a full load, render and check of a folder imports no Qt."""
    folder = make_content()
    code = (
        "import json, sys\n"
        "from kiosk.content import load_library\n"
        f"result = load_library({str(folder)!r})\n"
        "assert result.ok, result.problems\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60, cwd=CONTENT.parents[1])
    assert json.loads(done.stdout) == []


def _imported_names(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" \
                and node.args and isinstance(node.args[0], ast.Constant):
            names.append(str(node.args[0].value))
    return names


@pytest.mark.parametrize("path", sorted(CONTENT.glob("*.py")), ids=lambda p: p.name)
def test_no_content_file_imports_qt_even_lazily(path: Path) -> None:
    """No import of Qt anywhere in a content file, not even inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offending = [name for name in _imported_names(tree) if name.split(".")[0] in QT]
    assert offending == []
