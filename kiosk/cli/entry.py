"""The `kiosk` command's first step (also `python -m kiosk` and the packaged program's entry).

`kiosk speech-worker` goes straight to kiosk/cli/speech_worker.py: a patient may be waiting for
it, and the rest of the command line imports ~0.1 s of modules it never uses. Everything else
goes to kiosk/cli/main.py.
"""

from __future__ import annotations

import sys


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["speech-worker"]:
        from kiosk.cli import speech_worker  # noqa: PLC0415 - the worker's lean path

        speech_worker.main(*speech_worker.parse(argv[1:]))
    from kiosk.cli.main import main as command_line  # noqa: PLC0415

    return command_line()
