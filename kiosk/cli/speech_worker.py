"""`kiosk speech-worker`: not for people; the kiosk starts it for read aloud (kiosk/ui/speech.py).

It chooses the engine before importing anything heavy, because a patient may be waiting for it
(docs/decisions/read-aloud.md): "ssip" is speech-dispatcher over its own protocol, with no Qt
(kiosk/core/ssip_worker.py); any other name is a QtTextToSpeech engine, in Qt's worker
(kiosk/ui/speech_worker.py), which alone imports Qt. The `kiosk` command comes here straight
from kiosk/cli/entry.py, without the rest of the command line's imports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from typing import NoReturn

SSIP = "ssip"  # speech-dispatcher through our own SSIP client
QT_SPEECHD = "speechd"  # Qt's engine for the same speech-dispatcher, through libspeechd


def add_subcommand(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Without `help` it is left out of `kiosk --help`'s command list.
    worker = sub.add_parser("speech-worker", add_help=False)
    add_arguments(worker)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", default="", dest="speech_engine")
    parser.add_argument("--volume", type=float, default=0.8, dest="speech_volume")


def engine_for(wanted: str, platform: str = sys.platform,
               has_speech_dispatcher: bool | None = None) -> str:
    """The engine a `speech_engine` setting means here. "" is the platform's own: on Linux (and
    the BSDs) speech-dispatcher over SSIP where it is installed, else Qt's first engine (SAPI or
    WinRT on Windows). Any other name is taken as it is."""
    if wanted:
        return wanted
    if platform.startswith(("win", "darwin", "cygwin")):
        return ""
    if has_speech_dispatcher is None:
        has_speech_dispatcher = bool(shutil.which("speech-dispatcher")
                                     or os.environ.get("SPEECHD_ADDRESS"))
    return SSIP if has_speech_dispatcher else ""


def parse(argv: Sequence[str]) -> tuple[str, float]:
    """The worker's own arguments (what follows `speech-worker`): engine and volume."""
    parser = argparse.ArgumentParser(prog="kiosk speech-worker", add_help=False)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return args.speech_engine, args.speech_volume


def main(engine: str, volume: float) -> NoReturn:
    chosen = engine_for(engine)
    if chosen == SSIP:
        from kiosk.core import ssip_worker  # noqa: PLC0415 - no Qt on this path

        ssip_worker.main(volume)
    from kiosk.ui import speech_worker  # noqa: PLC0415 - Qt only when its engine is wanted

    speech_worker.main(chosen, volume)
