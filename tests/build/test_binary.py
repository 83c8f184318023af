"""The packaged kiosk run as on a kiosk PC: no display, no Python of ours on the path, no
source tree in reach, and nothing unexpected on stderr.

Builds with `python build_spec.py --dist <tmp>`, unless KIOSK_DIST names a built app folder:
`make smoke` builds once into dist/ and runs these tests on dist/kiosk.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import build_spec
import kiosk
from helpers.speech_dispatcher import private_speech_dispatcher
from kiosk.core.pin import verify_pin
from kiosk.core.usage import UsageStore

pytestmark = pytest.mark.build

ROOT = build_spec.ROOT
MAX_BYTES = 110_000_000  # the size budget of the one-folder build (issue 5)
# Regexes of stderr lines a healthy run may print. None so far: any line fails the test.
EXPECTED_STDERR: tuple[str, ...] = ()
# What the build leaves out (build_spec.py) must not come back with a new dependency.
LEFT_OUT = ("*qt6webengine*", "*qt6quick*", "*qt6qml*", "*qt6pdf*", "*qt6virtualkeyboard*",
            "*qt6designer*", "*qt6charts*", "*qt6datavisualization*", "*qt63d*", "*qt6sql*",
            "*/translations/*.qm", "*/imageformats/*qtiff*", "*/multimedia/*", "*libavcodec*",
            "*/platformthemes/*", "*tkinter*", "*libpulse*")


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built one-folder app: KIOSK_DIST, or a fresh build in a temporary folder."""
    given = os.environ.get("KIOSK_DIST")
    if given:
        folder = Path(given).resolve()
        assert build_spec.executable(folder).is_file(), f"KIOSK_DIST={given} holds no kiosk"
        return folder
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(ROOT / "build_spec.py"), "--dist", str(dist)],
                   cwd=ROOT, check=True, timeout=1200)
    return dist / build_spec.APP


def _python_dirs() -> list[Path]:
    return [Path(p).resolve() for p in {sys.prefix, sys.base_prefix, sys.exec_prefix,
                                        str(Path(sys.executable).parent)}]


def _is_ours(entry: str) -> bool:
    """A PATH entry of the development Python (the venv, pyenv and its shims)."""
    path = Path(entry).resolve()
    return (any(path == d or d in path.parents for d in _python_dirs())
            or ".pyenv" in path.parts or any(part.endswith("venv") for part in path.parts))


def kiosk_pc_env(home: Path) -> dict[str, str]:
    """A kiosk PC's environment: no display, none of our Python, a private home folder."""
    dropped = ("DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "XDG_CONFIG_HOME",
               "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR")
    env = {key: value for key, value in os.environ.items()
           if key not in dropped and not key.startswith(("PYTHON", "PYENV", "CONDA", "QT_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and not _is_ours(p))
    env["HOME"] = env["USERPROFILE"] = str(home)
    env["TMPDIR"] = env["TEMP"] = env["TMP"] = str(home / "tmp")
    if sys.platform == "win32":
        env["LOCALAPPDATA"] = str(home / "AppData" / "Local")
        env["APPDATA"] = str(home / "AppData" / "Roaming")
    else:
        env["LC_ALL"] = "C.UTF-8"  # a kiosk's session has a UTF-8 locale; Qt warns on "C"
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(app_dir: Path, home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the built kiosk from a folder where no source tree can be imported."""
    workdir = home / "work"
    workdir.mkdir(exist_ok=True)
    return subprocess.run([str(build_spec.executable(app_dir)), *args], check=False,
                          cwd=workdir, env=kiosk_pc_env(home), input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=180)


def unexpected_stderr(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines()
            if line.strip() and not any(re.search(p, line) for p in EXPECTED_STDERR)]


def assert_clean(result: subprocess.CompletedProcess[str], code: int = 0) -> None:
    report = f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == code, report
    assert not unexpected_stderr(result.stderr), report
    assert "Traceback" not in result.stdout, report


def test_version_is_the_package_version(app_dir: Path, home: Path) -> None:
    """`kiosk --version` prints kiosk.__version__ and nothing else."""
    result = run(app_dir, home, "--version")
    assert_clean(result)
    assert result.stdout == f"kiosk {kiosk.__version__}\n"


def test_self_test_passes_without_a_display(app_dir: Path, home: Path) -> None:
    """`kiosk self-test` renders the content beside the program with no display at all."""
    result = run(app_dir, home, "self-test")
    assert_clean(result)
    assert f"self-test OK: {app_dir / 'content'}:" in result.stdout


def test_export_prints_the_content_beside_it_to_pdf_without_a_display(app_dir: Path,
                                                                       home: Path) -> None:
    """`kiosk export -o review.pdf`: the review copy, printed by the packaged Qt with no
    display (the offscreen platform, the bundled fonts, SVG drawn without its image plugin)."""
    target = home / "review.pdf"
    result = run(app_dir, home, "export", "-o", str(target))
    assert_clean(result)
    assert re.match(rf"Wrote {re.escape(str(target))}: \d+ pages and questions in 2 "
                    r"language\(s\), \d+ sheet\(s\) of A4\.$", result.stdout), result.stdout
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.stat().st_size > 100_000  # the drawings are in it, not only their words


def copy_app(app_dir: Path, target: Path, without: tuple[str, ...] = ()) -> Path:
    """A copy of the built app (hard links where possible), minus top-level entries."""

    def link_or_copy(source: str, dest: str) -> None:
        try:
            os.link(source, dest)
        except OSError:
            shutil.copy2(source, dest)

    shutil.copytree(app_dir, target, symlinks=True, copy_function=link_or_copy,
                    ignore=lambda folder, names: [n for n in names if n in without]
                    if Path(folder) == app_dir else [])
    return target


def test_self_test_falls_back_to_the_bundled_content(app_dir: Path, home: Path,
                                                     tmp_path: Path) -> None:
    """With no content folder beside the program, the copy inside the bundle is shown."""
    copy = copy_app(app_dir, tmp_path / "app", without=("content",))
    result = run(copy, home, "self-test")
    assert_clean(result)
    assert f"self-test OK: {copy / '_internal' / 'content'}:" in result.stdout


def test_settings_file_beside_the_program_is_the_one_used(app_dir: Path, home: Path,
                                                          tmp_path: Path) -> None:
    """A kiosk.toml beside the executable is found: `kiosk set-pin` writes the PIN there."""
    copy = copy_app(app_dir, tmp_path / "app")
    settings = copy / "kiosk.toml"
    settings.write_text('log_level = "DEBUG"\n', encoding="utf-8")
    result = run(copy, home, "set-pin", stdin="1357\n1357\n")
    assert_clean(result)
    text = settings.read_text(encoding="utf-8")
    assert text.startswith('log_level = "DEBUG"\npin_hash = "scrypt$')


def test_check_passes_on_the_content_beside_the_program(app_dir: Path, home: Path) -> None:
    """`kiosk check <dist>/content` finds no errors in the shipped content."""
    result = run(app_dir, home, "check", str(app_dir / "content"))
    assert_clean(result)
    assert result.stdout.splitlines()[-1].startswith("OK: 0 error(s)")


def test_self_test_on_broken_content_fails_without_a_traceback(app_dir: Path, home: Path,
                                                              tmp_path: Path) -> None:
    """A broken content folder makes the self-test exit 1 with plain messages, no traceback."""
    broken = tmp_path / "broken"
    (broken / "en").mkdir(parents=True)
    (broken / "en" / "_index.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    result = run(app_dir, home, "self-test", "--content", str(broken))
    assert_clean(result, code=1)
    assert "self-test FAILED" in result.stdout


def test_usage_export_reads_sqlite(app_dir: Path, home: Path, tmp_path: Path) -> None:
    """`kiosk stats --csv` reads a usage file (sqlite3 is bundled and works)."""
    db = tmp_path / "usage.sqlite3"
    with UsageStore(db) as store:
        store.record("page_view", "what-it-is/1")
    result = run(app_dir, home, "stats", "--csv", "--db", str(db))
    assert_clean(result)
    assert result.stdout.splitlines()[0] == "date,kind,key,count"
    assert result.stdout.splitlines()[1].endswith(",page_view,what-it-is/1,1")


def test_set_pin_hashes_with_scrypt(app_dir: Path, home: Path, tmp_path: Path) -> None:
    """`kiosk set-pin` stores a scrypt hash (OpenSSL's scrypt is bundled and works)."""
    config = tmp_path / "kiosk.toml"
    result = run(app_dir, home, "set-pin", "--config", str(config), stdin="2468\n2468\n")
    assert_clean(result)
    stored = re.search(r'pin_hash = "([^"]+)"', config.read_text(encoding="utf-8"))
    assert stored is not None
    assert verify_pin("2468", stored.group(1))


@pytest.fixture
def running_kiosk(app_dir: Path, home: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The kiosk itself, in a window on Qt's offscreen platform."""
    env = kiosk_pc_env(home) | {"QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([str(build_spec.executable(app_dir)), "--windowed"],
                               cwd=home, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_sigterm_quits_cleanly_within_the_unit_timeout(running_kiosk: subprocess.Popen[bytes],
                                                       home: Path) -> None:
    """SIGTERM (what systemd sends) ends the running kiosk with exit 0 well within 10 s."""
    log = home / ".local" / "state" / "waiting-room-kiosk" / "log" / "kiosk.log"
    deadline = time.monotonic() + 60
    while not (log.is_file() and "screen" in log.read_text(encoding="utf-8")):
        assert running_kiosk.poll() is None, "the kiosk stopped on its own"
        assert time.monotonic() < deadline, "the kiosk did not start within 60 s"
        time.sleep(0.2)
    running_kiosk.send_signal(signal.SIGTERM)
    assert running_kiosk.wait(timeout=10) == 0
    assert "kiosk stopped (exit 0)" in log.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform != "linux", reason="systemd's notify socket is Linux's")
def test_under_systemd_it_says_ready_keeps_pinging_and_says_stopping(app_dir: Path, home: Path,
                                                                     tmp_path: Path) -> None:
    """Started as the unit starts it (Type=notify, WatchdogSec): READY=1, WATCHDOG=1 pings
    and STOPPING=1 on SIGTERM reach a real notify socket, all from the kiosk's own process."""
    from helpers.notify_socket import NotifySocket

    systemd = NotifySocket.in_folder(tmp_path)
    env = kiosk_pc_env(home) | {"QT_QPA_PLATFORM": "offscreen", "NOTIFY_SOCKET": systemd.address,
                                "WATCHDOG_USEC": "600000"}
    process = subprocess.Popen([str(build_spec.executable(app_dir)), "--windowed"],
                               cwd=home, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        heard = systemd.wait_for("READY=1", timeout=60)
        heard += systemd.wait_for("WATCHDOG=1", timeout=10)
        heard += systemd.wait_for("WATCHDOG=1", timeout=10)
        process.send_signal(signal.SIGTERM)
        heard += systemd.wait_for("STOPPING=1", timeout=10)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        systemd.close()
    assert {message.pid for message in heard} == {process.pid}


def test_size_is_within_budget(app_dir: Path) -> None:
    """The one-folder build is at most 110 MB (`du -sb`)."""
    total = build_spec.total_size(app_dir)
    assert total <= MAX_BYTES, build_spec.size_report(app_dir, 15)


def test_unused_parts_are_left_out(app_dir: Path) -> None:
    """No QML, WebEngine, PDF, translations, FFmpeg or other parts the kiosk never uses."""
    import fnmatch

    names = [p.relative_to(app_dir).as_posix().lower() for p in app_dir.rglob("*")]
    found = [n for n in names for pattern in LEFT_OUT if fnmatch.fnmatchcase(n, pattern)]
    assert not found


def test_fonts_assets_and_settings_example_are_bundled(app_dir: Path) -> None:
    """The four Atkinson Hyperlegible files, the icon, and kiosk.toml.example beside it."""
    internal = app_dir / "_internal"
    fonts = sorted(p.name for p in internal.glob("fontpkg_atkinson_hyperlegible/files/*.ttf"))
    assert len(fonts) == 4, fonts
    assert (internal / "assets" / "icon.png").is_file()
    assert (internal / "content" / "README.md").is_file()
    assert (app_dir / "kiosk.toml.example").is_file()


def test_build_records_what_it_was_made_from(app_dir: Path) -> None:
    """_internal/build-info.json names the version and every source file the build was made
    from, so `build_spec.py --check` can tell a build that is older than the source."""
    import json

    info = json.loads(build_spec.build_info_path(app_dir).read_text(encoding="utf-8"))
    assert info["version"] == kiosk.__version__
    assert {"kiosk/cli/main.py", "build_spec.py", "content/README.md"} <= set(info["files"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_every_needed_library_is_bundled_or_left_to_the_os(app_dir: Path) -> None:
    """Each library a bundled file needs is bundled, or one the OS provides on purpose: the
    dynamic loader, PyInstaller's own list (libc, OpenGL, Wayland, xcb) or OS_LIBRARIES.
    This covers the platform plugins the self-test does not load (xcb, wayland, eglfs)."""
    dylib = pytest.importorskip("PyInstaller.depend.dylib")
    files = [p for p in app_dir.rglob("*") if p.is_file() and not p.is_symlink()
             and p.read_bytes()[:4] == b"\x7fELF"]
    bundled = {p.name for p in app_dir.rglob("*")}
    missing = sorted({f"{path.relative_to(app_dir)} needs {name}"
                      for path in files for name in build_spec.elf_needed(path)
                      if name not in bundled and not name.startswith(("ld-linux", "ld64."))
                      and dylib.include_library(name) and not build_spec.is_os_library(name)})
    assert not missing


def _speech_worker(app_dir: Path, env: dict[str, str], home: Path,
                   *args: str) -> subprocess.Popen[bytes]:
    workdir = home / "work"
    workdir.mkdir(exist_ok=True)
    return subprocess.Popen([str(build_spec.executable(app_dir)), "speech-worker", *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=workdir, env=env)


@pytest.mark.needs("speech-dispatcher", "espeak-ng", "pulse-server")
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="speech-dispatcher is Linux's")
def test_the_packaged_speech_worker_reads_aloud_over_ssip_without_qt(app_dir: Path,
                                                                   home: Path) -> None:
    """The packaged program as the kiosk starts it for read aloud: it starts speech-dispatcher,
    reports American English and Spanish, speaks, loads none of Qt's speech or sound libraries,
    prints nothing on stderr, and leaves when its input closes. Qt's speechd engine, asked for
    by name, still opens from the package. (QtCore itself is loaded: PyInstaller's PySide6
    run-time hook imports it at every start of the packaged program, whatever the command.)"""
    with private_speech_dispatcher() as daemon:
        env = daemon.env(kiosk_pc_env(home))
        worker = _speech_worker(app_dir, env, home, "--volume", "0.5")
        assert worker.stdin is not None and worker.stdout is not None
        assert worker.stderr is not None
        ready = json.loads(worker.stdout.readline())
        assert ready["engine"] == "ssip" and {"en", "es"} <= set(ready["voices"]), ready
        assert ready["voice_names"]["en"] == "English (America)"
        maps = Path(f"/proc/{worker.pid}/maps").read_text()
        assert "libQt6TextToSpeech" not in maps and "libQt6Multimedia" not in maps
        assert "libQt6Gui" not in maps
        worker.stdin.write(b'{"cmd": "say", "text": "Hello.", "lang": "en"}\n')
        worker.stdin.flush()
        assert json.loads(worker.stdout.readline()) == {"event": "state", "state": "speaking"}
        worker.stdin.close()
        assert worker.wait(timeout=60) == 0
        stderr = worker.stderr.read().decode(errors="replace")
        worker.stdout.close()
        worker.stderr.close()
        assert not unexpected_stderr(stderr), stderr
        qt = _speech_worker(app_dir, env, home, "--engine", "speechd")
        assert qt.stdout is not None and qt.stdin is not None and qt.stderr is not None
        ready = json.loads(qt.stdout.readline())
        qt.stdin.close()
        qt.wait(timeout=60)
        qt.stdout.close()
        qt.stderr.close()
        assert ready["event"] == "ready" and ready["engine"] == "speechd", ready
        assert "en" in ready["voices"]
