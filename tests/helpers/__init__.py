"""Helpers shared by the test folders (imported as `helpers`: tests/ is on sys.path)."""
