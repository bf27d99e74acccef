"""Whole-log verification: every stream of a subsystem's hash-chained logs, end to end.

`HashChainedLog.verify` checks one person's chain. An auditor (`audit logs`) checks them all:
`verify_log` walks a log's heads in stream order, a batch at a time, reads the records of that
range of streams in one query (their (stream, seq) index serves it), and names each damaged
record (`chainaudit.stream_findings`). Records of a stream that has no head are found too: each
batch reads every record up to the batch's last head, whatever their stream.

A subsystem exposes it with one line: its api class takes the `VerifiesLogs` mixin and sets
`self._verified_logs = VerifiedLogs(database, log, …)`; its Protocol takes `LogsVerifiable`.
Verification runs in a read-only transaction: it never changes what it checks.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from sqlalchemy import Row, Table, func, select
from sqlalchemy.orm import Session

from mynumber.kernel.chainaudit import StoredHead, StoredRecord, stream_findings
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.logfindings import (
    LogCheck,
    LogFinding,
    LogsVerifiable,
    LogVerification,
    Progress,
)

__all__ = ["LogsVerifiable", "Progress", "VerifiedLogs", "VerifiesLogs", "log_name", "verify_log"]

STREAMS_PER_BATCH = 2_000


def log_name(log: HashChainedLog) -> str:
    """Return a log's name, `schema.prefix` (e.g. registry.access)."""
    records, _ = log.tables
    return f"{records.schema}.{records.name.removesuffix('_records')}"


def verify_log(
    session: Session,
    log: HashChainedLog,
    *,
    progress: Callable[[int], None] | None = None,
    batch: int = STREAMS_PER_BATCH,
) -> LogCheck:
    """Verify every stream of one log, `batch` streams at a time; progress gets the records
    checked so far."""
    records, heads = log.tables
    name, findings = log_name(log), list[LogFinding]()
    after: str | None = None
    streams = checked = 0
    while True:
        head_rows = _heads_after(session, heads, after, batch)
        last = head_rows[-1].stream if len(head_rows) == batch else None  # None: to the end
        by_stream = _records_between(session, records, after, last)
        stored_heads = {row.stream: StoredHead(row.seq, row.hash, row.mac) for row in head_rows}
        for stream in sorted(stored_heads.keys() | by_stream.keys()):
            kept = by_stream.get(stream, [])
            findings += stream_findings(
                log.key, log=name, stream=stream, records=kept, head=stored_heads.get(stream)
            )
            streams, checked = streams + 1, checked + len(kept)
        if progress:
            progress(checked)
        if last is None:
            return LogCheck(log=name, streams=streams, records=checked, findings=tuple(findings))
        after = last


def _heads_after(session: Session, heads: Table, after: str | None, batch: int) -> list[Row[Any]]:
    query = select(heads.c.stream, heads.c.seq, heads.c.hash, heads.c.mac)
    if after is not None:
        query = query.where(heads.c.stream > after)
    return list(session.execute(query.order_by(heads.c.stream).limit(batch)))


def _records_between(
    session: Session, records: Table, after: str | None, last: str | None
) -> dict[str, list[StoredRecord]]:
    """Return the records of the streams in (after, last], each stream's in seq order."""
    c = records.c
    query = select(c.stream, c.seq, c.recorded_at, c.payload, c.prev_hash, c.hash)
    if after is not None:
        query = query.where(c.stream > after)
    if last is not None:
        query = query.where(c.stream <= last)
    rows = session.execute(query.order_by(c.stream, c.seq))
    return {
        stream: [StoredRecord(r.seq, r.recorded_at, r.payload, r.prev_hash, r.hash) for r in group]
        for stream, group in itertools.groupby(rows, key=lambda r: r.stream)
    }


class VerifiedLogs:
    """The logs one subsystem keeps, verified together on its database (read-only)."""

    def __init__(self, database: Database, *logs: HashChainedLog) -> None:
        self._database, self._logs = database, logs

    def verify(self, *, progress: Progress | None = None) -> LogVerification:
        """Verify every log; progress gets (records checked, records in all logs)."""
        with self._database.read_only() as session:
            total = sum(_count(session, log) for log in self._logs)
            checks: list[LogCheck] = []
            for log in self._logs:
                done = sum(check.records for check in checks)
                report = (lambda n, d=done: progress(d + n, total)) if progress else None
                checks.append(verify_log(session, log, progress=report))
        return LogVerification(logs=tuple(checks))


def _count(session: Session, log: HashChainedLog) -> int:
    records, _ = log.tables
    return session.execute(select(func.count()).select_from(records)).scalar_one()


class VerifiesLogs:
    """Mixin giving an api class `verify_logs` over the `VerifiedLogs` it sets in __init__."""

    _verified_logs: VerifiedLogs

    def verify_logs(self, *, progress: Progress | None = None) -> LogVerification:
        """Verify every stream of every log the subsystem keeps; name each damaged record."""
        return self._verified_logs.verify(progress=progress)
