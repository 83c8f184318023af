"""Start-up and operations around the Qt window: the start-up stages, live reload, the
one-instance lock, the first-frame hook, Qt's log messages and the self-test."""
