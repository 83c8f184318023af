"""Subcommands for IT and staff that need no display: `kiosk stats` and `kiosk set-pin`."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path

from kiosk.core import paths
from kiosk.core.exitcodes import Exit

# The CLI imports this module on every start of the kiosk, to build its parser: what only
# `stats` and `set-pin` use (sqlite3, getpass, the PIN hashing) is imported inside them.

# A top-level `pin_hash = …` line (bare or quoted key) that set-pin replaces.
_PIN_LINE = re.compile(r"""^[ \t]*(?:pin_hash|"pin_hash"|'pin_hash')[ \t]*=""")
_TABLE_LINE = re.compile(r"^[ \t]*\[")


def add_subcommands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stats = sub.add_parser("stats", help="print usage counts (per day, no patient data)",
                           description="Print the usage counts kept by this kiosk.")
    stats.add_argument("--csv", action="store_true",
                       help="write date,kind,key,count rows (for a spreadsheet)")
    stats.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD",
                       help="only days from this date on")
    stats.add_argument("--db", type=Path, metavar="FILE",
                       help="usage file (default: the one in the platform's data folder)")
    setpin = sub.add_parser("set-pin", help="set the staff PIN (asked for twice, never shown)",
                            description="Set the PIN that opens the staff panel. It is asked "
                            "for twice and stored only as a salted hash in the settings file.")
    # Its own dest: a subparser default would otherwise overwrite the top-level --config.
    setpin.add_argument("--config", type=Path, metavar="FILE", dest="setpin_config",
                        help="settings file to write (default: the one the kiosk reads)")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date like 2025-01-31 (year-month-day)") from None


def run_stats(args: argparse.Namespace) -> int:
    import sqlite3  # noqa: PLC0415

    from kiosk.core import usage  # noqa: PLC0415

    db: Path = args.db or usage.default_path()
    if args.csv:
        if not db.exists():  # a read-only command creates no file
            print(",".join(usage.CSV_HEADER))
            return Exit.OK
        try:
            with usage.UsageStore(db) as store:
                store.export_csv(sys.stdout, args.since)
        except sqlite3.Error as error:
            print(f"kiosk stats: cannot read {db}: {error}", file=sys.stderr)
            return Exit.FATAL
        return Exit.OK
    totals = dict.fromkeys(usage.KINDS, 0)
    if db.exists():
        with usage.UsageStore(db) as store:
            totals = store.totals(7)
    print(f"Usage in the last 7 days ({db}):")
    for kind, count in totals.items():
        print(f"  {kind.replace('_', ' ')}: {count}")
    print("For every day and page: kiosk stats --csv")
    return Exit.OK


def run_set_pin(args: argparse.Namespace) -> int:
    from kiosk.core.config import CONFIG_NAME, find_config  # noqa: PLC0415
    from kiosk.core.pin import hash_pin, valid_pin  # noqa: PLC0415

    explicit = getattr(args, "setpin_config", None) or getattr(args, "config", None)
    target = find_config(explicit) or paths.config_dir() / CONFIG_NAME
    try:
        first = _ask("New staff PIN (4 to 12 digits): ")
        second = _ask("Type it again: ")
    except (EOFError, KeyboardInterrupt):
        print("\nkiosk set-pin: no PIN given; nothing was changed.", file=sys.stderr)
        return Exit.USAGE
    if first != second:
        print("kiosk set-pin: the two PINs differ; nothing was changed.", file=sys.stderr)
        return Exit.USAGE
    if not valid_pin(first):
        print("kiosk set-pin: a PIN is 4 to 12 digits (0-9); nothing was changed.",
              file=sys.stderr)
        return Exit.USAGE
    try:
        _write_pin_hash(target, hash_pin(first))
    except (OSError, UnicodeDecodeError) as error:
        print(f"kiosk set-pin: cannot update {target}: {error}", file=sys.stderr)
        return Exit.FATAL
    print(f"Staff PIN saved in {target}. It takes effect when the kiosk next starts.")
    return Exit.OK


def _ask(prompt: str) -> str:
    """A PIN from the terminal without echo, or one line of piped input (scripts, tests)."""
    if not sys.stdin.isatty():
        # getpass would still open /dev/tty if the process has one and wait for a person.
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")
    import getpass  # noqa: PLC0415
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        # Should echo not be switchable off, getpass reads anyway and warns: not a failure.
        warnings.simplefilter("ignore", getpass.GetPassWarning)
        return getpass.getpass(prompt)


def _write_pin_hash(target: Path, pin_hash: str) -> None:
    """Replace the top-level pin_hash line (or add one), keeping every other line as it was;
    written to a temporary file and renamed, so a crash never leaves half a config file."""
    raw = target.read_bytes() if target.exists() else b""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    entry = f'pin_hash = "{pin_hash}"'
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    done = in_table = False
    for line in lines:
        in_table = in_table or bool(_TABLE_LINE.match(line))
        if not in_table and _PIN_LINE.match(line):
            if not done:  # a duplicate would make the file invalid TOML: keep one
                out.append(entry + (line[len(line.rstrip("\r\n")):] or newline))
                done = True
            continue
        if in_table and not done:
            # Settings are top-level: a line below a [table] header would belong to it.
            out.append(entry + newline)
            done = True
        out.append(line)
    if not done:
        if out and not out[-1].endswith(("\n", "\r")):
            out[-1] += newline
        out.append(entry + newline)
    target.parent.mkdir(parents=True, exist_ok=True)
    body = ("\ufeff" if bom else "") + "".join(out)
    # Not mkstemp: its 0600 mode could hide a new file from the account the kiosk runs as.
    # secrets is imported here, not at the top: the CLI imports this module for every run of
    # the kiosk, and secrets loads OpenSSL's libcrypto (kiosk/core/pin.py says more).
    import secrets  # noqa: PLC0415
    import shutil  # noqa: PLC0415

    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("x", encoding="utf-8", newline="") as stream:
            stream.write(body)
        if target.exists():
            shutil.copymode(target, temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
