"""`kiosk stats` and `kiosk set-pin`, run as real processes the way IT runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from kiosk.core.config import load_settings
from kiosk.core.pin import verify_pin
from kiosk.core.usage import UsageStore

REPO = Path(__file__).resolve().parents[2]


def environment(home: Path) -> dict[str, str]:
    """User folders inside the test's tmp_path, and any warning fails the run."""
    return {**os.environ, "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "PYTHONWARNINGS": "error"}


def kiosk(*args: str, stdin: str = "", home: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m kiosk …` as IT would, isolated from the real user's folders."""
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin, text=True,
                          capture_output=True, cwd=REPO, env=environment(home), timeout=120,
                          check=False)


@pytest.fixture
def usage_db(tmp_path: Path) -> Path:
    db = tmp_path / "usage.sqlite3"
    with UsageStore(db) as store:
        store.record("page_view", "en/risks/1", date(2025, 3, 3))
        store.record("page_view", "en/risks/1", date(2025, 3, 3))
        store.record("language", "es", date(2025, 3, 4))
        store.record("faq_open", "es/faq/dolor", date(2025, 3, 5))
    return db


def test_stats_csv_writes_every_count(tmp_path: Path, usage_db: Path) -> None:
    """`kiosk stats --csv` prints the header and every row to stdout and exits 0."""
    result = kiosk("stats", "--csv", "--db", str(usage_db), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("date,kind,key,count\n"
                             "2025-03-03,page_view,en/risks/1,2\n"
                             "2025-03-04,language,es,1\n"
                             "2025-03-05,faq_open,es/faq/dolor,1\n")
    assert result.stderr == ""


def test_stats_csv_since(tmp_path: Path, usage_db: Path) -> None:
    """--since keeps only that day and later."""
    result = kiosk("stats", "--csv", "--since", "2025-03-04", "--db", str(usage_db),
                   home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["2025-03-04,language,es,1",
                                              "2025-03-05,faq_open,es/faq/dolor,1"]


@pytest.mark.parametrize("since", ["2025-13-01", "yesterday", "03/04/2025"])
def test_stats_bad_date_is_a_usage_error(tmp_path: Path, usage_db: Path, since: str) -> None:
    """A date that is not YYYY-MM-DD exits 2 with a message saying the expected form."""
    result = kiosk("stats", "--csv", "--since", since, "--db", str(usage_db), home=tmp_path)
    assert result.returncode == 2
    assert "year-month-day" in result.stderr
    assert result.stdout == ""


def test_stats_without_a_file_prints_only_the_header(tmp_path: Path) -> None:
    """Before anything was counted, the export is just the header, and no file is created."""
    missing = tmp_path / "none.sqlite3"
    result = kiosk("stats", "--csv", "--db", str(missing), home=tmp_path)
    assert (result.returncode, result.stdout) == (0, "date,kind,key,count\n")
    assert not missing.exists()


def test_stats_summary(tmp_path: Path) -> None:
    """Without --csv, stats prints a short per-kind summary of the last 7 days."""
    db = tmp_path / "usage.sqlite3"
    with UsageStore(db) as store:
        store.record("idle_reset")
    result = kiosk("stats", "--db", str(db), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "idle reset: 1" in result.stdout


def test_set_pin_from_piped_stdin_keeps_other_lines(tmp_path: Path) -> None:
    """The PIN piped twice is stored as a hash that verifies; every other line is kept."""
    config = tmp_path / "kiosk.toml"
    original = ('# Front desk kiosk\nrotation = 90\npin_hash = "old"\n\n'
                '# comment at the end\nidle_timeout_s = 120  # two minutes\n')
    config.write_text(original, encoding="utf-8")
    result = kiosk("set-pin", "--config", str(config), stdin="482913\n482913\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert str(config) in result.stdout
    assert "482913" not in result.stdout + result.stderr
    text = config.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert [line for line in lines if not line.startswith("pin_hash")] == [
        line for line in original.splitlines() if not line.startswith("pin_hash")]
    assert lines[2].startswith("pin_hash = ")  # replaced in place
    settings, problems = load_settings(config)
    assert problems == []
    assert verify_pin("482913", settings.pin_hash)
    assert (settings.rotation, settings.idle_timeout_s) == (90, 120)


def test_set_pin_appends_before_any_table(tmp_path: Path) -> None:
    """With no pin_hash yet, the line is added at the top level, not inside a [table]."""
    config = tmp_path / "kiosk.toml"
    config.write_text("rotation = 180\n[notes]\nwho = \"IT\"\n", encoding="utf-8")
    result = kiosk("set-pin", "--config", str(config), stdin="1234\n1234\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert verify_pin("1234", data["pin_hash"])
    assert data["notes"] == {"who": "IT"}


def test_set_pin_top_level_config_option_works_too(tmp_path: Path) -> None:
    """`kiosk --config FILE set-pin` writes the same file as `kiosk set-pin --config FILE`."""
    config = tmp_path / "kiosk.toml"
    result = kiosk("--config", str(config), "set-pin", stdin="98765\n98765\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert verify_pin("98765", load_settings(config)[0].pin_hash)


def test_set_pin_without_a_config_creates_one_in_the_user_folder(tmp_path: Path) -> None:
    """With no config anywhere, kiosk.toml is created in the platform's config folder."""
    if sys.platform != "linux":
        pytest.skip("XDG_CONFIG_HOME sets the config folder on Linux only")
    if (REPO / "kiosk.toml").exists():
        pytest.skip("a kiosk.toml beside the program would be chosen first")
    result = kiosk("set-pin", stdin="2580\n2580\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "config" / "waiting-room-kiosk" / "kiosk.toml"
    assert str(written) in result.stdout
    assert verify_pin("2580", load_settings(written)[0].pin_hash)


@pytest.mark.parametrize(("stdin", "why"), [
    ("1234\n4321\n", "differ"),
    ("12\n12\n", "4 to 12 digits"),
    ("12ab\n12ab\n", "4 to 12 digits"),
    ("1234\n", "no PIN"),
    ("", "no PIN"),
])
def test_set_pin_refuses_and_writes_nothing(tmp_path: Path, stdin: str, why: str) -> None:
    """Mismatched, malformed or missing PINs exit 2 and leave the file untouched."""
    config = tmp_path / "kiosk.toml"
    config.write_text('rotation = 90\npin_hash = "keep"\n', encoding="utf-8")
    before = config.read_bytes()
    result = kiosk("set-pin", "--config", str(config), stdin=stdin, home=tmp_path)
    assert result.returncode == 2
    assert why in result.stderr
    assert config.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.toml"]


def test_set_pin_keeps_windows_line_endings(tmp_path: Path) -> None:
    """A file edited in Notepad keeps its CRLF line endings."""
    config = tmp_path / "kiosk.toml"
    config.write_bytes(b"rotation = 270\r\nhide_cursor = false\r\n")
    result = kiosk("set-pin", "--config", str(config), stdin="5555\n5555\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    raw = config.read_bytes()
    assert raw.startswith(b"rotation = 270\r\nhide_cursor = false\r\npin_hash = ")
    assert raw.count(b"\r\n") == 3
    assert raw.count(b"\n") == 3



def read_until(fd: int, wanted: bytes) -> bytes:
    seen = b""
    while wanted not in seen:
        chunk = os.read(fd, 1024)
        assert chunk, f"ended before {wanted!r}: {seen!r}"
        seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_set_pin_at_a_terminal_does_not_echo(tmp_path: Path) -> None:
    """At a terminal, the PIN is read with getpass: prompted for, and never echoed."""
    import pty

    config = tmp_path / "kiosk.toml"
    master, slave = pty.openpty()
    # A new session has no controlling terminal: getpass uses the terminal on stdin instead
    # of /dev/tty, which could otherwise be the terminal of whoever runs the tests.
    with subprocess.Popen([sys.executable, "-m", "kiosk", "set-pin", "--config", str(config)],
                          stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          cwd=REPO, env=environment(tmp_path), start_new_session=True) as child:
        os.close(slave)
        assert child.stderr is not None
        # Type only once a prompt shows: getpass flushes input typed before it.
        read_until(child.stderr.fileno(), b"digits): ")
        os.write(master, b"7531\n")
        read_until(child.stderr.fileno(), b"again: ")
        os.write(master, b"7531\n")
        out, _ = child.communicate(timeout=120)
    echoed = b""
    try:
        while chunk := os.read(master, 1024):
            echoed += chunk
    except OSError:
        pass  # Linux: EIO once the child side is closed
    finally:
        os.close(master)
    assert child.returncode == 0
    assert b"7531" not in echoed
    assert str(config) in out.decode()
    assert verify_pin("7531", load_settings(config)[0].pin_hash)
