"""`python -m kiosk`: the same entry point as the `kiosk` command.

Start-up path: __main__ → cli.main (parse arguments; no Qt) → app.run (Qt, the window) or one of
the Qt-free subcommands (check) or selftest (Qt offscreen).
"""

import sys

from kiosk.cli.main import main

sys.exit(main())
