"""Every read through the registry lands in the person's hash-chained access log."""

import datetime as dt

from sqlalchemy import update

from mynumber.app import System
from mynumber.registry.data import ChangeKind
from mynumber.registry.models import access_records

from .helpers import person


def test_reads_are_recorded_and_tampering_is_detected(system: System) -> None:
    code = system.registry.register(
        new=person(), kind=ChangeKind.BIRTH, on=dt.date(2026, 1, 1)
    ).resident_code
    system.registry.get(resident_code=code, actor="staff-1")
    system.registry.search(actor="staff-2", kana="タカハシ")
    records = system.registry.access_records(resident_code=code)
    assert [r.payload["actor"] for r in records] == ["staff-1", "staff-2"]
    assert system.registry.verify_access_log(resident_code=code) == []
    with system.database.connection() as conn:
        conn.execute(
            update(access_records)
            .where(access_records.c.seq == 1)
            .values(payload='{"actor":"nobody","what":"resident","organisation":"registry"}')
        )
    assert system.registry.verify_access_log(resident_code=code) != []
