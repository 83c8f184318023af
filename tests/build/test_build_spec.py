"""build_spec.py's parts that need no PyInstaller run: what is bundled or left out, the ICU
data trimming, the icon files and the generated spec."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import PySide6
import pytest

import build_spec

PYSIDE_ICU = sorted((Path(str(PySide6.__file__)).parent / "Qt" / "lib").glob("libicudata.so.*"))
linux_icu = pytest.mark.skipif(not (sys.platform.startswith("linux") and PYSIDE_ICU),
                               reason="PySide6's Qt links ICU only on Linux")


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so", "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/plugins/imageformats/libqgif.so",
    "PySide6/Qt/plugins/imageformats/libqwebp.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/generic/libqevdevtouchplugin.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so",
    "pyphen/dictionaries/hyph_en_US.dic", "pyphen/dictionaries/hyph_es.dic",
])
def test_what_the_kiosk_needs_is_kept(dest: str) -> None:
    """Platforms, picture formats, touch input, speech and English/Spanish hyphenation stay."""
    assert build_spec.wanted(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so", "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/opengl32sw.dll",
    "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/texttospeech/libqtexttospeech_mock.so",
    "pyphen/dictionaries/hyph_de_DE.dic",
])
def test_what_the_kiosk_never_uses_is_dropped(dest: str) -> None:
    """Translations, unused formats and platforms, themes, FFmpeg and other dictionaries go."""
    assert not build_spec.wanted(dest)


def test_qt_modules_the_kiosk_imports_are_not_excluded() -> None:
    """The wrapped Qt hooks and the excluded modules never overlap."""
    excluded = set(build_spec.excluded_modules())
    assert not {f"PySide6.{name}" for name in build_spec.QT_MODULES} & excluded


@pytest.mark.parametrize(("name", "kept"), [
    ("icudt73l/root.res", True), ("icudt73l/es_MX.res", True), ("icudt73l/en_001.res", True),
    ("icudt73l/coll/ucadata.icu", True), ("icudt73l/coll/es.res", True),
    ("icudt73l/zoneinfo64.res", True), ("icudt73l/cnvalias.icu", True),
    ("icudt73l/de.res", False), ("icudt73l/coll/zh.res", False), ("icudt73l/yue_Hans.res", False),
    ("icudt73l/brkitr/cjdict.dict", False), ("icudt73l/translit/root.res", False),
])
def test_icu_keeps_root_data_and_the_kiosk_languages(name: str, kept: bool) -> None:
    """ICU's root data, English and Spanish are kept; other locales, dictionaries go."""
    assert build_spec.icu_item_wanted(build_spec.IcuItem(name, b"x" * 64)) is kept


def test_icu_keeps_single_byte_code_pages_only() -> None:
    """Small (single-byte) code pages stay; the large East Asian tables go."""
    small = build_spec.IcuItem("icudt73l/ibm-5348_P100-1997.cnv", b"x" * 2_000)
    large = build_spec.IcuItem("icudt73l/gb18030.cnv", b"x" * 230_000)
    assert build_spec.icu_item_wanted(small)
    assert not build_spec.icu_item_wanted(large)


@linux_icu
def test_icu_package_is_rewritten_byte_for_byte() -> None:
    """Reading and writing PySide6's ICU data unchanged gives back the very same bytes."""
    _, blob = build_spec.elf_data_symbol(PYSIDE_ICU[0].read_bytes(), r"icudt\d+_dat")
    header, items = build_spec.read_icu_package(blob)
    assert build_spec.write_icu_package(header, items) == blob


@linux_icu
@pytest.mark.needs("binutils")
def test_trimmed_icu_serves_everything_qt_asks_of_it(tmp_path: Path) -> None:
    """Qt on the trimmed ICU data: Spanish collation, case mapping, time-zone names and a
    Windows code page work, with no warning from Qt."""
    trimmed = build_spec.trim_icu_library(PYSIDE_ICU[0], tmp_path / "icu")
    assert trimmed.stat().st_size < PYSIDE_ICU[0].stat().st_size / 4
    probe = textwrap.dedent("""
        from PySide6.QtCore import (QCollator, QLocale, QStringDecoder, QTimeZone,
                                    qInstallMessageHandler)
        qInstallMessageHandler(lambda kind, context, message: print("QT:", message))
        spanish = QLocale(QLocale.Language.Spanish, QLocale.Country.Spain)
        assert QCollator(spanish).compare("ñ", "o") < 0  # code-point order says > 0
        assert QLocale(QLocale.Language.Turkish).toUpper("i") == "İ"
        name = QTimeZone(b"Europe/Madrid").displayName(
            QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, spanish)
        assert "Europa central" in name, name
        assert QStringDecoder("windows-1252").isValid()
        maps = open("/proc/self/maps").read()
        print("TRIMMED" if {str(trimmed)!r} in maps else "NOT TRIMMED")
    """).replace("{str(trimmed)!r}", repr(str(trimmed)))
    env = {**os.environ, "LD_LIBRARY_PATH": str(trimmed.parent)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "TRIMMED", result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_elf_needed_lists_a_library_s_dependencies() -> None:
    """The DT_NEEDED reader finds libc among what Python's own ctypes module needs."""
    import _ctypes

    assert "libc.so.6" in build_spec.elf_needed(Path(_ctypes.__file__).read_bytes())


def test_icon_png_is_256_pixels_square() -> None:
    """assets/icon.png is the 256×256 rendering of assets/icon.svg."""
    from PySide6.QtGui import QImage

    image = QImage(str(build_spec.ASSETS / "icon.png"))
    assert (image.width(), image.height()) == (256, 256)


def test_icon_ico_holds_every_size_and_qt_reads_it() -> None:
    """assets/icon.ico has 16, 32, 48 and 256 px images, and Qt's ICO reader opens it."""
    from PySide6.QtGui import QImageReader

    data = (build_spec.ASSETS / "icon.ico").read_bytes()
    count = int.from_bytes(data[4:6], "little")
    sides = sorted(data[6 + 16 * i] or 256 for i in range(count))
    assert sides == [16, 32, 48, 256]
    reader = QImageReader(str(build_spec.ASSETS / "icon.ico"))
    assert not reader.read().isNull(), reader.errorString()


@pytest.mark.parametrize("onefile", [False, True])
def test_generated_spec_is_valid_python(tmp_path: Path, onefile: bool) -> None:
    """The spec compiles; a one-folder build collects a folder and keeps its Python modules as
    files (no archive to unpack at each start), a one-file build does neither."""
    options = build_spec.Options(onefile=onefile, work=tmp_path)
    spec = build_spec.write_spec(options, tmp_path / "run_kiosk.py", tmp_path / "hooks")
    text = spec.read_text(encoding="utf-8")
    compile(text, str(spec), "exec")
    assert ("COLLECT(" in text) is not onefile
    assert f"noarchive={not onefile}," in text
    assert "utf8_mode=1" in text


def test_size_report_names_the_largest_files(tmp_path: Path) -> None:
    """The report gives the total and the largest files first."""
    (tmp_path / "big.bin").write_bytes(b"x" * 3000)
    (tmp_path / "small.bin").write_bytes(b"x" * 10)
    lines = build_spec.size_report(tmp_path, 2).splitlines()
    assert lines[1].endswith("big.bin")
    assert lines[2].endswith("small.bin")
    assert build_spec.total_size(tmp_path) >= 3010


def test_the_kiosk_loads_no_module_the_build_leaves_out(tmp_path: Path) -> None:
    """Importing every kiosk module (and QtTextToSpeech) and running self-test, check and stats
    loads none of the modules build_spec excludes, so the packaged kiosk will not miss them."""
    probe = textwrap.dedent(f"""
        import contextlib, importlib, io, pkgutil, sys
        # As in the build: OpenSSL is left out, and modules that can do without it must.
        sys.modules["ssl"] = sys.modules["_ssl"] = None
        import kiosk
        from kiosk.cli.main import main
        for module in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)
        with contextlib.suppress(ImportError):  # reading aloud, when PySide6-Addons is there
            importlib.import_module("PySide6.QtTextToSpeech")
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["self-test"]) == 0
            assert main(["check", "--grades"]) == 0
            assert main(["stats", "--csv", "--db", {str(tmp_path / "usage.sqlite3")!r}]) == 0
        print("\\n".join(sorted(k for k, v in sys.modules.items() if v is not None)))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                            text=True, timeout=240, check=False, cwd=build_spec.ROOT)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    excluded = build_spec.excluded_modules()
    assert [m for m in loaded if any(m == x or m.startswith(x + ".") for x in excluded)] == []


def fake_tree(root: Path) -> Path:
    """The inputs of a build in miniature: a module, a page, an asset and build_spec.py."""
    for name, text in (("kiosk/app/run.py", "x = 1\n"), ("content/en/_index.md", "# Home\n"),
                       ("assets/icon.svg", "<svg/>\n"), ("build_spec.py", "# spec\n"),
                       ("kiosk/__pycache__/app.cpython-311.pyc", "compiled"),
                       ("content/en/.~lock.page.md#", "an editor's lock file")):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_build_records_the_files_it_was_made_from(tmp_path: Path) -> None:
    """The record lists the sources by path, without compiled modules or editor leftovers."""
    root = fake_tree(tmp_path / "src")
    app = tmp_path / "dist" / "kiosk"
    (app / "_internal").mkdir(parents=True)
    record = build_spec.write_build_info(app, root)
    assert record == app / "_internal" / build_spec.BUILD_INFO
    info = json.loads(record.read_text(encoding="utf-8"))
    assert sorted(info["files"]) == ["assets/icon.svg", "build_spec.py", "content/en/_index.md",
                                     "kiosk/app/run.py"]
    assert info["version"] == build_spec.version()
    assert build_spec.stale_reason(app, root) is None


def test_stale_reason_says_what_changed_since_the_build(tmp_path: Path) -> None:
    """An edited module, a new page and a deleted asset each make the build stale, by name."""
    root = fake_tree(tmp_path / "src")
    app = tmp_path / "dist" / "kiosk"
    (app / "_internal").mkdir(parents=True)
    build_spec.write_build_info(app, root)
    (root / "kiosk" / "app" / "run.py").write_text("x = 2\n", encoding="utf-8")
    (root / "content" / "en" / "new.md").write_text("# New\n", encoding="utf-8")
    (root / "assets" / "icon.svg").unlink()
    reason = build_spec.stale_reason(app, root)
    assert reason is not None
    assert "changed: kiosk/app/run.py" in reason
    assert "new: content/en/new.md" in reason
    assert "gone: assets/icon.svg" in reason


def test_a_build_without_a_record_is_stale(tmp_path: Path) -> None:
    """A build from before build records (or a damaged one) never passes for current."""
    root = fake_tree(tmp_path / "src")
    app = tmp_path / "kiosk"
    (app / "_internal").mkdir(parents=True)
    assert "no readable build-info.json" in str(build_spec.stale_reason(app, root))
    (app / "_internal" / build_spec.BUILD_INFO).write_text("[]", encoding="utf-8")
    assert build_spec.stale_reason(app, root) is not None
