"""Child processes of a test, as /proc shows them (Linux)."""

from __future__ import annotations

from pathlib import Path


def workers_of(parent: int) -> list[int]:
    """Process ids of the `speech-worker` children of `parent`, zombies included."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"speech-worker" in cmdline:
            found.append(int(entry.name))
    return found


def is_alive(pid: int) -> bool:
    """True while the process exists at all, a zombie included."""
    return Path(f"/proc/{pid}").exists()
