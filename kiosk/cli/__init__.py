"""The command line: parsing and the subcommands that need no screen (check, stats, set-pin).

Imports no Qt; running the kiosk or the self-test hands over to `kiosk.app.run` lazily."""
