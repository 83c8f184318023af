"""The layers hold: the Qt-free part of the kiosk (content, core, command line, and the UI's
sizes and words) imports no Qt, so `kiosk check`, `kiosk stats` and the content layer run
anywhere; and no layer reaches up into one above it (docs/architecture.md, "Layers")."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kiosk"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "qtpy")

# What each Qt-free package may import of the kiosk, even lazily inside a function. The command
# line is the one Qt-free place that starts Qt: it hands `kiosk` (run) and `kiosk self-test` to
# kiosk.app and `kiosk speech-worker` to kiosk.ui, lazily, inside `main` only.
QT_FREE = {
    "content": ("kiosk.content",),
    "core": ("kiosk", "kiosk.content", "kiosk.core"),
    "cli": ("kiosk", "kiosk.content", "kiosk.core", "kiosk.cli"),
}
# Qt-free modules inside the Qt packages: the UI's sizes, colours and words.
QT_FREE_UI = ("kiosk.ui.theme", "kiosk.ui.strings")
# The command line's lazy hand-overs to the Qt side (function name → modules it may import).
CLI_HANDOVERS = {"main": ("kiosk.app.run", "kiosk.app.preview", "kiosk.app.selftest",
                          "kiosk.ui.speech_worker", "kiosk.ui")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _files(package: str) -> list[Path]:
    return sorted((PACKAGE / package).glob("*.py"))


QT_FREE_MODULES = sorted(
    [_module_name(p) for package in QT_FREE for p in _files(package)] + list(QT_FREE_UI))
QT_FREE_FILES = [p for package in QT_FREE for p in _files(package)]


def test_the_scan_sees_the_real_packages() -> None:
    """A wrong path would make every check below pass on nothing."""
    for expected in ("kiosk.content.loader", "kiosk.core.config", "kiosk.core.paths",
                     "kiosk.cli.main", "kiosk.ui.theme"):
        assert expected in QT_FREE_MODULES
    assert len(QT_FREE_FILES) >= 20


def test_every_kiosk_module_belongs_to_a_layer() -> None:
    """The top of the package holds only its entry points: each module lives in the folder
    that says what it may import."""
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") \
        == ["app", "cli", "content", "core", "ui"]


def _qt_modules_after_import(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code + "\nimport json, sys\n"
         f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r})))\n"],
        capture_output=True, text=True, check=True, timeout=60, cwd=ROOT)
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


@pytest.mark.parametrize("module", QT_FREE_MODULES)
def test_importing_a_qt_free_module_loads_no_qt(module: str) -> None:
    """Importing the module in a fresh interpreter leaves Qt out of sys.modules."""
    assert _qt_modules_after_import(f"import importlib\nimportlib.import_module({module!r})") \
        == []


def test_loading_a_library_loads_no_qt(make_content: Callable[..., Path]) -> None:
    """Even a full load, render and check of a folder imports no Qt."""
    folder = make_content()
    code = ("from kiosk.content import load_library\n"
            f"result = load_library({str(folder)!r})\n"
            "assert result.ok, result.problems\n")
    assert _qt_modules_after_import(code) == []


def test_kiosk_check_loads_no_qt(make_content: Callable[..., Path]) -> None:
    """The content check, as staff and the kiosk run it, never starts Qt."""
    folder = make_content()
    code = ("import contextlib, io\n"
            "from kiosk.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['check', {str(folder)!r}]) == 0\n")
    assert _qt_modules_after_import(code) == []


def test_kiosk_export_as_text_or_html_loads_no_qt(make_content: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    """The review copy as text or HTML is made without Qt: only a PDF needs it."""
    folder, config = make_content(), tmp_path / "kiosk.toml"
    config.write_text("", encoding="utf-8")
    code = ("import contextlib, io\n"
            "from kiosk.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n")
    for name in ("copy.html", "copy.txt"):
        code += (f"    assert main(['export', '--content', {str(folder)!r}, '--config', "
                 f"{str(config)!r}, '-o', {str(tmp_path / name)!r}]) == 0\n")
    assert _qt_modules_after_import(code) == []
    assert (tmp_path / "copy.html").is_file() and (tmp_path / "copy.txt").is_file()


def _imports(tree: ast.AST) -> list[tuple[str, str]]:
    """(imported module, enclosing top-level function or "") for every import in a file."""
    found: list[tuple[str, str]] = []
    tops = tree.body if isinstance(tree, ast.Module) else []
    for top in tops:
        where = top.name if isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef) else ""
        for node in ast.walk(top):
            if isinstance(node, ast.Import):
                found.extend((alias.name, where) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((node.module, where))
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                found.append((str(node.args[0].value), where))
    return found


def _allowed(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", QT_FREE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_qt_free_file_imports_qt_or_a_higher_layer_even_lazily(path: Path) -> None:
    """No import of Qt, the UI or start-up anywhere in a Qt-free file, not even inside a
    function; the command line's `main` alone may hand over to them."""
    package = path.relative_to(PACKAGE).parts[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offending = []
    for module, where in _imports(tree):
        if module.split(".")[0] in QT:
            offending.append(module)
        elif (module.split(".")[0] == "kiosk" and not _allowed(module, QT_FREE[package])
              and not (package == "cli" and _allowed(module, CLI_HANDOVERS.get(where, ())))):
            offending.append(f"{module} (in {where or 'module level'})")
    assert offending == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "ui").glob("*.py")),
                         ids=lambda p: p.name)
def test_the_ui_never_reaches_into_start_up(path: Path) -> None:
    """Screens are given what they need; they never import the start-up code that builds
    them (kiosk.app) nor the command line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offending = [m for m, _ in _imports(tree) if _allowed(m, ("kiosk.app", "kiosk.cli"))]
    assert offending == []
