"""`kiosk check` as IT and staff run it: the real command in a subprocess, its output and its exit
code (docs/architecture.md: 0 with no errors, 1 with errors, 2 for a usage error)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli.main import run_check

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "content"
MakeContent = Callable[..., Path]
LINE = re.compile(
    r"^(?P<path>.+?)(?::(?P<line>\d+))?: (?P<severity>error|warning|note): (?P<msg>.+)$")
SUMMARY = re.compile(r"^(OK|FAILED): (\d+) error\(s\), (\d+) warning\(s\)")


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m kiosk ARGS` as a user would, from outside the repository."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
        encoding="utf-8", errors="replace", timeout=120, cwd=REPO,
        env={**os.environ, **(env or {})}, check=False,
    )


def problem_lines(stdout: str) -> list[re.Match[str]]:
    return [m for m in map(LINE.match, stdout.splitlines()) if m]


def summary(stdout: str) -> tuple[str, int, int]:
    found = [m for m in map(SUMMARY.match, stdout.splitlines()) if m]
    assert len(found) == 1, stdout
    return found[0].group(1), int(found[0].group(2)), int(found[0].group(3))


def test_minimal_folder_passes(make_content: MakeContent) -> None:
    """A valid folder: exit 0, no problem lines, and a summary that says OK with the counts."""
    done = kiosk("check", str(make_content()))
    assert done.returncode == 0, done.stdout + done.stderr
    assert problem_lines(done.stdout) == []
    assert summary(done.stdout) == ("OK", 0, 0)
    assert "2 sections, 4 pages, 2 questions" in done.stdout
    assert done.stderr == ""


def test_an_error_fails_with_path_line_and_fix(make_content: MakeContent) -> None:
    """An error: exit 1, `path:line: error: message` naming the file and the fix, a summary."""
    folder = make_content({"en/10-first/20-two.md": "---\ntittle: Page two\nreviewed: 2025-01-01\n"
                                                "review_by: 2099-01-01\n---\nText.\n"})
    done = kiosk("check", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [m for m in problem_lines(done.stdout) if m["severity"] == "error"]
    assert len(errors) == 1
    first = errors[0]
    assert Path(first["path"]) == folder / "en/10-first/20-two.md"
    assert first["line"] == "2"
    assert "Did you mean `title`?" in first["msg"]
    assert summary(done.stdout) == ("FAILED", 1, 0)
    assert "the kiosk shows the bundled content until the errors are fixed" in done.stdout


def test_only_warnings_pass(make_content: MakeContent) -> None:
    """Warnings alone: exit 0, each warning listed, and the summary counts them."""
    folder = make_content({
        "en/10-first/20-two.md": "---\ntitle: Page two\nreview_by: 2001-01-01\n"
                                 "reviewed: 2000-01-01\n---\nText.\n",
        "en/10-first/notes.docx": b"PK\x03\x04",
    })
    done = kiosk("check", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    found = problem_lines(done.stdout)
    assert {m["severity"] for m in found} == {"warning"}
    assert any(m["line"] == "3" and "due for review" in m["msg"] for m in found)
    assert any(m["line"] is None and m["path"].endswith("notes.docx") for m in found)
    assert summary(done.stdout) == ("OK", 0, 2)


@pytest.mark.parametrize("args", [
    ("check", "--format", "xml"),
    ("check", "--no-such-option"),
    ("check", "a", "b"),
    ("no-such-command",),
])
def test_usage_errors_exit_2(make_content: MakeContent, args: tuple[str, ...]) -> None:
    """A mistyped command line: exit 2 with argparse's usage message, no traceback."""
    done = kiosk(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "usage:" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_format_parses_and_has_the_problems(make_content: MakeContent) -> None:
    """`--format json` is valid JSON with counts and every problem's path, line and severity."""
    folder = make_content({
        "en/10-first/20-two.md": "---\ntittle: Page two\nreviewed: 2025-01-01\n"
                                                "review_by: 2099-01-01\n---\nText.\n",
        "en/10-first/notes.docx": b"PK\x03\x04",
    })
    done = kiosk("check", str(folder), "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert (report["errors"], report["warnings"]) == (1, 1)
    by_severity = {p["severity"]: p for p in report["problems"]}
    assert Path(by_severity["error"]["path"]) == folder / "en/10-first/20-two.md"
    assert by_severity["error"]["line"] == 2
    assert "title" in by_severity["error"]["message"]
    assert by_severity["warning"]["line"] == 0


def test_json_format_of_a_clean_folder(make_content: MakeContent) -> None:
    """A clean folder in JSON: exit 0 and an empty problem list."""
    done = kiosk("check", str(make_content()), "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["problems"] == []


def _bad_bytes(folder: Path) -> None:
    (folder / "en/10-first/10-one.md").write_bytes(b"---\ntitle: Caf\xe9\n---\nText.\n")


def _binary(folder: Path) -> None:
    (folder / "en/10-first/10-one.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def _unclosed(folder: Path) -> None:
    (folder / "en/10-first/10-one.md").write_text("---\ntitle: x\nText.\n", encoding="utf-8")


def _link_outside(folder: Path) -> None:
    (folder / "en/10-first/40-x.md").symlink_to("/etc/hostname")


def _huge(folder: Path) -> None:
    (folder / "en/10-first/10-one.md").write_text("word " * 100_000, encoding="utf-8")


def _odd_file_name(folder: Path) -> None:
    # Not UTF-8: a name copied from an old Windows share. Its bytes cannot be printed as-is.
    name = os.fsencode(folder / "en/10-first") + b"/40-caf\xe9.md"
    with open(name, "wb") as handle:
        handle.write(b"---\ntitle: Cafe\n---\nText.\n")


def _everything_gone(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def _a_file_not_a_folder(folder: Path) -> None:
    _everything_gone(folder)
    folder.rmdir()
    folder.write_text("I am a file", encoding="utf-8")


@pytest.mark.parametrize("spoil", [_bad_bytes, _binary, _unclosed, _link_outside, _huge,
                                   _odd_file_name, _everything_gone, _a_file_not_a_folder],
                         ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("output", ["text", "json"])
def test_never_a_traceback(make_content: MakeContent, spoil: Callable[[Path], None],
                           output: str) -> None:
    """Whatever is wrong with the folder, the check answers in words and exits 0 or 1."""
    folder = make_content()
    spoil(folder)
    done = kiosk("check", str(folder), "--format", output)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr == ""
    if output == "json":
        json.loads(done.stdout)
    else:
        summary(done.stdout)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    """A folder that is not there: exit 1 and a line naming it."""
    missing = tmp_path / "not-here"
    done = kiosk("check", str(missing))
    assert done.returncode == 1
    assert f"{missing.as_posix()}: error: " in done.stdout
    assert "does not exist" in done.stdout


def test_ascii_only_console_still_gets_the_messages(make_content: MakeContent) -> None:
    """An old console that cannot print `→` or `é` gets the messages, not a traceback."""
    folder = make_content({"en/10-first/10-one.md": b"---\ntitle: Caf\xe9\n---\nText.\n"})
    done = kiosk("check", str(folder), env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "save it again as UTF-8" in done.stdout.replace("Save", "save")


def test_output_cut_short_by_a_pipe_is_not_an_error(make_content: MakeContent) -> None:
    """`kiosk check | head -1` keeps the verdict's exit code and prints no traceback."""
    folder = make_content({f"en/10-first/{n}-x{n}.md": "---\ntitle: X\n---\nY.\n"
                           for n in range(100, 400)})
    script = (f"{sys.executable} -m kiosk check {folder} | head -1 >/dev/null; "
              "exit ${PIPESTATUS[0]}")
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=REPO,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr


def test_bundled_content_passes_with_no_errors() -> None:
    """The content shipped with the kiosk checks clean: exit 0 and zero errors."""
    done = kiosk("check", str(BUNDLED))
    assert done.returncode == 0, done.stdout
    verdict, errors, _ = summary(done.stdout)
    assert (verdict, errors) == ("OK", 0)
    assert not [m for m in problem_lines(done.stdout) if m["severity"] == "error"]


def test_a_note_is_printed_and_counted_and_the_check_passes(
    make_content: MakeContent, capsys: pytest.CaptureFixture[str],
) -> None:
    """A review due within 30 days: a `note:` line and a note count; exit 0 (it is no fault)."""
    folder = make_content({"en/10-first/20-two.md": "---\ntitle: Page two\nreviewed: 2026-01-01"
                                                    "\nreview_by: 2027-01-01\n---\nText.\n"})
    assert run_check(folder, "text", False, today=dt.date(2026, 12, 20)) == 0
    out = capsys.readouterr().out
    assert (f"{folder.as_posix()}/en/10-first/20-two.md:4: note: this page is due for review in "
            "12 days (2027-01-01).") in out
    assert "OK: 0 error(s), 0 warning(s), 1 note(s) in 1 language(s)" in out


def test_json_carries_notes(
    make_content: MakeContent, capsys: pytest.CaptureFixture[str],
) -> None:
    """`--format json` counts notes and lists each with severity `note`."""
    folder = make_content({"en/10-first/20-two.md": "---\ntitle: Page two\nreviewed: 2026-01-01"
                                                    "\nreview_by: 2027-01-01\n---\nText.\n"})
    assert run_check(folder, "json", False, today=dt.date(2026, 12, 20)) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["errors"], report["warnings"], report["notes"]) == (0, 0, 1)
    assert [(p["line"], p["severity"]) for p in report["problems"]] == [(4, "note")]


def test_a_file_manager_copy_fails_the_check(make_content: MakeContent) -> None:
    """`20-two - Copy.md` (Explorer's copy): exit 1, an error naming the original."""
    folder = make_content()
    original = folder / "en/10-first/20-two.md"
    (folder / "en/10-first/20-two - Copy.md").write_bytes(original.read_bytes())
    done = kiosk("check", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [m for m in problem_lines(done.stdout) if m["severity"] == "error"]
    assert [(Path(m["path"]).name, m["line"]) for m in errors] == [("20-two - Copy.md", None)]
    assert "looks like a copy of `20-two.md` made by a file manager" in errors[0]["msg"]
    assert summary(done.stdout) == ("FAILED", 1, 0)


# -- the clinic's values: `kiosk check --config FILE` ---------------------------------------------
CALL_PAGE = {"en/10-first/10-one.md": "---\ntitle: Page one\nreviewed: 2025-01-01\nreview_by: "
                                      "2099-01-01\n---\nCall {{clinic_phone | the number on "
                                      "your appointment letter}} today.\n"}


def grades(stdout: str) -> dict[str, int]:
    """Each page's word count from `--grades` lines, by file name."""
    found = re.findall(r"^.+? +[\d.-]+ +(\d+) words +(\S+)$", stdout, re.MULTILINE)
    return {Path(path).name: int(words) for words, path in found}


def test_with_the_settings_file_pages_are_graded_with_its_values(
    make_content: MakeContent, tmp_path: Path,
) -> None:
    """Staff see the pages as this screen shows them: the number, not the fallback words."""
    folder = make_content(CALL_PAGE)
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_phone = "555 0100"\n', encoding="utf-8")
    plain = kiosk("check", str(folder), "--grades")
    valued = kiosk("check", str(folder), "--grades", "--config", str(config))
    assert (plain.returncode, valued.returncode) == (0, 0), plain.stdout + valued.stdout
    assert grades(plain.stdout)["10-one.md"] == 10  # "Page one Call the number on your …"
    assert grades(valued.stdout)["10-one.md"] == 6  # "Page one Call 555 0100 today."
    assert problem_lines(valued.stdout) == []
    before = kiosk("--config", str(config), "check", str(folder), "--grades")  # the same
    assert grades(before.stdout) == grades(valued.stdout)


def test_a_value_the_content_uses_but_the_file_does_not_set_is_a_note(
    make_content: MakeContent, tmp_path: Path,
) -> None:
    folder = make_content(CALL_PAGE)
    config = tmp_path / "kiosk.toml"
    config.write_text('clinic_name = "Riverside"\n', encoding="utf-8")
    done = kiosk("check", str(folder), "--config", str(config))
    assert done.returncode == 0, done.stdout + done.stderr
    (note,) = problem_lines(done.stdout)
    assert (Path(note["path"]), note["line"], note["severity"]) == (
        folder / "en/10-first/10-one.md", "6", "note")
    assert note["msg"].startswith("`clinic_phone` is not set in kiosk.toml, so pages show the "
                                  "fallback words")
    assert "OK: 0 error(s), 0 warning(s), 1 note(s)" in done.stdout
    assert problem_lines(kiosk("check", str(folder)).stdout) == []  # no file, no note


def test_the_settings_files_problems_are_listed_and_its_folder_checked(
    make_content: MakeContent, tmp_path: Path,
) -> None:
    """With no folder named, the file's `content_dir` is checked; a value it does not allow is
    a warning on its line, and the pages show the fallback words."""
    folder = make_content(CALL_PAGE)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'content_dir = "{folder.as_posix()}"\nclinic_phone = "reception"\n',
                      encoding="utf-8")
    done = kiosk("check", "--config", str(config), "--grades", "--format", "text")
    assert done.returncode == 0, done.stdout + done.stderr
    found = [(Path(m["path"]), m["line"], m["severity"]) for m in problem_lines(done.stdout)]
    assert found == [(config, "2", "warning"), (folder / "en/10-first/10-one.md", "6", "note")]
    assert "`clinic_phone = \"reception\"`: must be a phone number" in done.stdout
    assert grades(done.stdout)["10-one.md"] == 10
    assert summary(done.stdout) == ("OK", 0, 1)
