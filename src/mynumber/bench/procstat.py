"""What the processes of a run cost: CPU seconds and resident memory, read from Linux's /proc.

A benchmark says where the machine's cores went while it measured (the load generator, the
server's workers, PostgreSQL), so a figure can be read against what produced it. Where /proc is
missing (not Linux) every reading is empty rather than wrong.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Memory", "cpu_seconds", "cpu_spent", "descendants", "memory", "postgres_pids"]

_PROC = Path("/proc")
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int) -> list[str]:
    """Return /proc/<pid>/stat's fields after the command name (which may hold spaces)."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return []
    return text[text.rfind(")") + 2 :].split()


def _command(pid: int) -> str:
    try:
        return (_PROC / str(pid) / "comm").read_text().strip()
    except OSError:
        return ""


def _pids() -> list[int]:
    if not _PROC.is_dir():
        return []
    return [int(p.name) for p in _PROC.iterdir() if p.name.isdigit()]


def descendants(pid: int) -> list[int]:
    """Return pid and every process below it (a server's master and its workers)."""
    children: dict[int, list[int]] = {}
    for other in _pids():
        fields = _stat_fields(other)
        if fields:
            children.setdefault(int(fields[1]), []).append(other)  # field 4: the parent
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def postgres_pids() -> list[int]:
    """Return the PostgreSQL server's processes on this machine (its backends included)."""
    return [pid for pid in _pids() if _command(pid).startswith("postgres")]


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """Return the user + system CPU time each of these processes has used so far (seconds)."""
    used = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if len(fields) > 13:
            used[pid] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    return used


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """Return the CPU the processes spent between two readings; a process started in between
    counts whole, one that ended in between is lost (its last figures are gone with it)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


@dataclass(frozen=True)
class Memory:
    """A process's resident set now and at its peak, in MiB."""

    pid: int
    rss_mib: float
    peak_mib: float


def memory(pid: int) -> Memory | None:
    """Return the process's resident memory (VmRSS) and its peak (VmHWM), or None if gone."""
    try:
        lines = (_PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return None
    values = {
        key: int(rest.split()[0]) / 1024
        for key, _, rest in (line.partition(":") for line in lines)
        if key in ("VmRSS", "VmHWM")
    }
    return Memory(pid, values.get("VmRSS", 0.0), values.get("VmHWM", 0.0))
