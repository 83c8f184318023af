"""`kiosk status [--json] [--config FILE]`: what the running kiosk keeps in its state folder,
said plainly (or as JSON for Ansible); exit 0 healthy, 1 content problems, 5 not running."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from kiosk.core import paths
from kiosk.core.status_file import Verdict, read_status

_WHY = {"folder": "the content folder",
        "last_good": "the last good copy of the content folder",
        "bundled": "the bundled content"}


def add_subcommand(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    status = sub.add_parser(
        "status", help="say whether the kiosk runs, what it shows and its problems",
        description="Report on the kiosk running on this machine, from the status file it "
        "keeps in its state folder. Exit 0: running and healthy; 1: running but showing a "
        "stand-in or with content errors; 5: not running.")
    status.add_argument("--json", action="store_true", dest="status_json",
                        help="print JSON (for Ansible and scripts)")
    status.add_argument("--config", type=Path, metavar="FILE", dest="status_config",
                        help="the kiosk's settings file (TOML): also say where its metrics "
                        "file is and when it was last written")


def run(args: argparse.Namespace, state_home: Path | None = None) -> int:
    verdict = read_status(state_home if state_home is not None else paths.last_good_home())
    metrics = _metrics_file(args.status_config or args.config)
    if args.status_json:
        extra = {} if metrics is None else {"metrics_file": str(metrics[0]),
                                            "metrics_written": metrics[1]}
        print(json.dumps({"running": verdict.running, "healthy": verdict.code == 0,
                          "summary": verdict.summary, **verdict.record, **extra}, indent=2))
    else:
        print(_plain(verdict))
        if metrics is not None:
            print(f"Metrics file: {metrics[0]} (written {_when(metrics[1])}).")
    return int(verdict.code)


def _metrics_file(config: Path | None) -> tuple[Path, float] | None:
    """The settings file's `metrics_file` and when it was last written (0: never)."""
    if config is None:
        return None
    from kiosk.core.config import load_settings  # noqa: PLC0415

    settings, _ = load_settings(config)
    if not settings.metrics_file:
        return None
    path = Path(settings.metrics_file)
    try:
        return path, path.stat().st_mtime
    except OSError:
        return path, 0.0


def _when(seconds: object) -> str:
    if not isinstance(seconds, int | float) or seconds <= 0:
        return "never"
    return dt.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


def _plain(verdict: Verdict) -> str:
    r = verdict.record
    lines = [f"kiosk: {verdict.summary}."]
    if not verdict.running:
        return lines[0]
    lines += [
        f"Running since {_when(r.get('start_time'))} (pid {r.get('pid')}, version "
        f"{r.get('version')}).",
        f"Showing {_WHY.get(str(r.get('content_source')), r.get('content_source'))} "
        f"(fingerprint {r.get('content_fingerprint')}). "
        f"{str(r.get('content_why', '')).replace(' (below)', '')}".rstrip(),
        f"Content folder: {r.get('content_errors')} error(s), {r.get('content_warnings')} "
        f"warning(s); {r.get('pages_overdue_review')} page(s) overdue for review.",
        f"Last touch: {_when(r.get('last_touch_time'))}.",
    ]
    return "\n".join(lines)
