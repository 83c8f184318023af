"""Qt-free foundations the kiosk and its command line share: settings, paths, the staff PIN,
usage counts, logging, exit codes, the crash hook, and which content to show first.

Nothing here imports Qt, even lazily (tests/unit/test_layers.py)."""
