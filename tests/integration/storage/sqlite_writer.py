"""A second program on the same SQLite data directory: registers residents and adds terminals.

Run as ``python -m tests.integration.storage.sqlite_writer DATA_DIR FACILITY COUNT GO_FILE YEAR``:
waits for GO_FILE to exist, then writes COUNT times and prints how many writes it made.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from mynumber.app import build_system
from mynumber.kernel.settings import Settings
from mynumber.registry.data import ChangeKind

from ..registry.helpers import person


def main(data_dir: str, facility: str, count: int, go: str, year: int) -> None:
    """Wait for the go file, then register residents born from year on and add terminals."""
    directory = Path(data_dir)
    settings = Settings(data_dir=directory, database_url=f"sqlite:///{directory / 'main.db'}")
    system = build_system(settings, migrate=False)
    while not Path(go).exists():
        time.sleep(0.005)
    for index in range(count):
        new = person(born=dt.date(year, 1, 1) + dt.timedelta(days=index))
        system.registry.register(new=new, kind=ChangeKind.MOVE_IN, on=dt.date(2025, 4, 1))
        system.facilities.add_terminal(facility_code=facility)
    system.close()
    print(f"wrote {count}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
