"""`python -m kiosk`: the same entry point as the `kiosk` command.

Start-up path: __main__ → kiosk.cli.entry (`speech-worker` goes straight to its worker) →
kiosk.cli.main (parse arguments; no Qt) → kiosk.app.run (Qt, the window, in named stages) or
one of the Qt-free subcommands (check, stats, set-pin) or kiosk.app.selftest (Qt offscreen).
docs/architecture.md follows it stage by stage.
"""

import sys

from kiosk.cli.entry import main

sys.exit(main())
