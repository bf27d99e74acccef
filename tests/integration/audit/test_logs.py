"""`audit logs` verifies every organisation's hash chains through their apis, and names each
record edited, deleted, reordered or cut off, on both backends."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.audit.api import AUDITED_LOGS, LocalAudit
from mynumber.audit.cli import app
from mynumber.audit.data import FindingKind
from mynumber.registry.data import ChangeKind
from mynumber.registry.models import access_records

from ..registry.helpers import person

READS = 5
ON = dt.date(2026, 1, 1)


def _busy_instance(system: System, residents: int) -> list[str]:
    """Register residents, read each READS times (a chain each) and issue a card to the first
    (J-LIS's provision log); return each resident's access-log stream."""
    streams, codes = [], []
    for index in range(residents):
        new = person(given=f"太郎{index}")
        code = system.registry.register(new=new, kind=ChangeKind.BIRTH, on=ON).resident_code
        for _ in range(READS):
            system.registry.get(resident_code=code, actor="staff-1")
        records = system.registry.access_records(resident_code=code)
        assert len(records) == READS
        streams.append(records[0].stream)
        codes.append(code)
    system.jpki.issue(resident_code=codes[0], actor="jlis-1")  # reads the first again
    return streams


def _audit(system: System) -> LocalAudit:
    return LocalAudit.of(lambda name: getattr(system, name))


def _tamper(conn: Connection, edited: str, deleted: str, swapped: str, cut: str) -> None:
    """Edit record 2 of one chain, delete record 3 of another, swap records 2 and 4 of a third,
    cut the last record of a fourth: straight in the registry's table, as an intruder would."""
    table, c = access_records, access_records.c
    conn.execute(
        update(table).where(c.stream == edited, c.seq == 2).values(payload='{"actor":"nobody"}')
    )
    conn.execute(delete(table).where(c.stream == deleted, c.seq == 3))
    for old, new in ((2, -2), (4, 2), (-2, 4)):
        conn.execute(update(table).where(c.stream == swapped, c.seq == old).values(seq=new))
    conn.execute(delete(table).where(c.stream == cut, c.seq == READS))


def _record_count(system: System) -> int:
    with system.database.connection() as conn:
        return conn.scalar(select(func.count()).select_from(access_records)) or 0


def test_an_intact_instance_has_no_findings_and_each_tampering_is_named(system: System) -> None:
    edited, deleted, swapped, cut = _busy_instance(system, 4)
    before = _audit(system).audit_logs()
    assert before.intact, before.findings
    assert [s.subsystem for s in before.subsystems] == list(AUDITED_LOGS)
    by_name = {s.subsystem: s for s in before.subsystems}
    assert by_name["registry"].logs == ("registry.access",)
    assert by_name["registry"].streams >= 4 and by_name["registry"].records >= 4 * READS
    assert by_name["jpki"].records >= 1  # the card's issue
    with system.database.connection() as conn:
        _tamper(conn, edited, deleted, swapped, cut)
    kept = _record_count(system)
    progress: list[tuple[str, int, int]] = []
    after = _audit(system).audit_logs(progress=lambda *step: progress.append(step))
    named = {(f.subsystem, f.log, f.stream, f.seq, f.kind) for f in after.findings}
    assert named == {
        ("registry", "registry.access", edited, 2, FindingKind.EDITED),
        ("registry", "registry.access", deleted, 3, FindingKind.DELETED),
        ("registry", "registry.access", swapped, 2, FindingKind.REORDERED),
        ("registry", "registry.access", swapped, 4, FindingKind.REORDERED),
        ("registry", "registry.access", cut, READS, FindingKind.TRUNCATED),
    }
    assert all(s.findings == () for s in after.subsystems if s.subsystem != "registry")
    assert ("registry", kept, kept) in progress  # the registry's progress reached its end
    assert _record_count(system) == kept  # the audit changed nothing


def test_the_command_prints_json_and_exits_1_on_a_finding(system: System) -> None:
    edited, *_ = _busy_instance(system, 1)
    obj = {name: (lambda name=name: getattr(system, name)) for name in AUDITED_LOGS}
    runner = CliRunner()
    intact = runner.invoke(app, ["logs", "--json", "--quiet"], obj=obj)
    assert intact.exit_code == 0, intact.output
    assert json.loads(intact.stdout)["intact"] is True
    with system.database.connection() as conn:
        c = access_records.c
        conn.execute(
            update(access_records).where(c.stream == edited, c.seq == 1).values(payload="{}")
        )
    found = runner.invoke(app, ["logs", "--json", "--quiet"], obj=obj)
    assert found.exit_code == 1, found.output
    printed = json.loads(found.stdout)
    assert printed["intact"] is False
    assert printed["findings"] == [
        {"subsystem": "registry", "log": "registry.access", "stream": edited, "seq": 1,
         "kind": "edited", "count": 1, "detail": "the contents do not match the record's hash"}
    ]  # fmt: skip
    text = runner.invoke(app, ["logs", "--quiet"], obj=obj)
    assert text.exit_code == 1 and f"registry registry.access stream {edited} seq 1: edited" in (
        text.stdout
    )


def test_the_audit_session_can_write_nothing_and_leaves_its_connection_writable(
    system: System,
) -> None:
    (stream,) = _busy_instance(system, 1)
    database = system.database.scoped("registry")
    edit = update(access_records).where(access_records.c.stream == stream).values(payload="{}")
    with pytest.raises(DBAPIError), database.read_only() as session:
        session.execute(edit)
    with system.database.connection() as conn:
        payloads = conn.scalars(select(access_records.c.payload)).all()
    assert payloads and "{}" not in payloads  # unchanged
    for _ in range(3):  # the pooled connections it used write again
        with database.unit_of_work() as uow:
            uow.session.execute(edit)
    assert _audit(system).audit_logs().findings
