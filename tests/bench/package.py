"""Package size: the kiosk's one-folder build (dist/kiosk, made by `make build`) against a naive
one-folder PyInstaller build of the bare window.

    python tests/bench/package.py [--dist dist/kiosk] [--json FILE]

The naive build is plain `pyinstaller --onedir --noconfirm bare_window.py` into a temporary
folder (no excludes, no stripping, no trimming): what anyone gets for a PySide6 window. Sizes
are bytes on disk as `du -sb` counts them (every file, folder and link by its own size), the
way build_spec.py reports the kiosk's. The report also says whether the build is older than the
source (`stale`, from build_spec.stale_reason): sizes and timings of a stale build describe
code that no longer exists.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, PYTHON, REPO, write_json

sys.path.insert(0, str(REPO))
import build_spec  # the project root, for stale_reason()


def total_size(folder: Path) -> int:
    return folder.lstat().st_size + sum(p.lstat().st_size for p in folder.rglob("*"))


def largest(folder: Path, count: int = 5) -> list[tuple[str, float]]:
    files = [(p.stat().st_size, p.relative_to(folder).as_posix()) for p in folder.rglob("*")
             if p.is_file() and not p.is_symlink()]
    return [(name, size / 1e6) for size, name in sorted(files, reverse=True)[:count]]


def naive_bare_build(work: Path) -> Path:
    subprocess.run(
        [PYTHON, "-m", "PyInstaller", "--onedir", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         "--specpath", str(work), str(BENCH / "bare_window.py")],
        check=True, cwd=work, capture_output=True, text=True, timeout=1800)
    return work / "dist" / "bare_window"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist" / "kiosk")
    parser.add_argument("--json")
    args = parser.parse_args()
    result: dict[str, object] = {}
    if not args.dist.is_dir():
        result["skipped"] = f"no build at {args.dist} (make build)"
        write_json(args.json, result)
        return 0
    kiosk_bytes = result["kiosk_bytes"] = total_size(args.dist)
    result["stale"] = build_spec.stale_reason(args.dist)
    result["kiosk_largest_mb"] = largest(args.dist)
    if shutil.which("pyinstaller") is None and subprocess.run(
            [PYTHON, "-c", "import PyInstaller"], capture_output=True, check=False).returncode:
        result["skipped"] = "PyInstaller is not installed: no naive build to compare with"
        write_json(args.json, result)
        return 0
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-pyi-") as tmp:
        started = time.monotonic()
        bare = naive_bare_build(Path(tmp))
        result["bare_build_seconds"] = time.monotonic() - started
        bare_bytes = result["bare_bytes"] = total_size(bare)
        result["bare_largest_mb"] = largest(bare)
    result["ratio"] = kiosk_bytes / bare_bytes
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
