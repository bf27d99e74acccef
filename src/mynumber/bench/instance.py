"""The instance a benchmark measures: a fresh data directory, on SQLite or a given database."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mynumber.app import LINEAGES, System, build_system
from mynumber.kernel.migrate import drop_all
from mynumber.kernel.settings import Settings

__all__ = ["BenchInstance", "bench_instance"]


@dataclass(frozen=True)
class BenchInstance:
    """A benchmark's system with its data directory and database URL (for a server beside it)."""

    system: System
    data_dir: Path
    url: str


@contextmanager
def bench_instance(db: str | None = None, *, reset: bool = False) -> Iterator[BenchInstance]:
    """Yield an instance in a temporary data directory: SQLite there, or the database db.

    reset drops every subsystem's schema of db first (a bench database, never an instance's).
    """
    with tempfile.TemporaryDirectory(prefix="mynumber-bench-") as tmp:
        data_dir = Path(tmp)
        url = db or f"sqlite:///{data_dir / 'main.db'}"
        if db and reset:
            drop_all(db, LINEAGES)
        system = build_system(Settings(data_dir=data_dir, database_url=url))
        try:
            yield BenchInstance(system, data_dir, url)
        finally:
            system.close()
