"""Two programs share one SQLite data directory (a server and a command line, say).

Each unit of work takes its subsystem's write lock when it begins (BEGIN IMMEDIATE), so the
other program waits for it instead of failing with "database is locked" when a transaction
that has read tries to write after the other program committed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from mynumber.app import build_system
from mynumber.facility.models import TerminalRow
from mynumber.kernel.settings import Settings
from mynumber.registry.models import ResidentRow

from ..facility.helpers import CLINIC

ROOT = Path(__file__).resolve().parents[3]
WRITES = 60


def test_two_processes_write_to_one_sqlite_data_dir_at_once(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'main.db'}")
    system = build_system(settings)  # migrated, keys made, before either program starts
    system.facilities.add_facility(facility=CLINIC)
    system.close()
    go = tmp_path / "go"
    command = [sys.executable, "-m", "tests.integration.storage.sqlite_writer"]
    writers = [
        subprocess.Popen(
            [*command, str(tmp_path), CLINIC.code, str(WRITES), str(go), str(year)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for year in (1950, 1980)
    ]
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err[-2000:]
        assert out.strip() == f"wrote {WRITES}"
    system = build_system(settings, migrate=False)
    with system.database.unit_of_work() as uow:
        residents = uow.session.scalar(select(func.count()).select_from(ResidentRow))
        terminals = uow.session.scalars(select(TerminalRow.terminal_id)).all()
    system.close()
    assert residents == 2 * WRITES
    assert set(terminals) == {f"{CLINIC.code}-T{n:02d}" for n in range(1, 2 * WRITES + 1)}
    assert len(terminals) == 2 * WRITES
