"""A hash-chained, append-only log: any edited, deleted or reordered record is detectable.

Each subsystem keeps its own log tables (made by `log_tables`) and writes every access to a
person's data through `HashChainedLog.append`. Records form one chain per stream (typically one
person's code in that subsystem). Each record's hash is an HMAC over the previous hash and the
record, so someone who can write the database but lacks the instance's key cannot rebuild a
chain after tampering. A MAC'd head per stream makes cutting records off the end detectable too.

Appends to one stream take turns on its head row: the first append makes the head (an empty
chain, seq 0) with INSERT … ON CONFLICT DO NOTHING and then locks it (SELECT … FOR UPDATE), so
two first appends at once queue on the same row instead of both inserting record 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    func,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from mynumber.kernel.db import UtcDateTime
from mynumber.kernel.upsert import insert_if_absent

__all__ = [
    "GENESIS",
    "HashChainedLog",
    "LogHead",
    "LogRecord",
    "PersonReadLog",
    "log_tables",
    "stored_record_hash",
    "verify_chain",
]

GENESIS = "0" * 64


@dataclass(frozen=True)
class LogRecord:
    """One record of a chain."""

    stream: str
    seq: int
    recorded_at: dt.datetime
    payload: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class LogHead:
    """The newest position of a chain, MAC'd so that truncation shows."""

    stream: str
    seq: int
    hash: str
    mac: str


def log_tables(metadata: MetaData, prefix: str) -> tuple[Table, Table]:
    """Return (records, heads) tables for a log named prefix in this metadata's schema."""
    records = Table(
        f"{prefix}_records",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("stream", String(64), nullable=False),
        Column("seq", Integer, nullable=False),
        Column("recorded_at", UtcDateTime(), nullable=False),
        Column("payload", Text, nullable=False),
        Column("prev_hash", String(64), nullable=False),
        Column("hash", String(64), nullable=False),
        UniqueConstraint("stream", "seq"),
    )
    heads = Table(
        f"{prefix}_heads",
        metadata,
        Column("stream", String(64), primary_key=True),
        Column("seq", Integer, nullable=False),
        Column("hash", String(64), nullable=False),
        Column("mac", String(64), nullable=False),
    )
    return records, heads


def _canonical(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(
    key: bytes,
    *,
    stream: str,
    seq: int,
    prev_hash: str,
    recorded_at: dt.datetime,
    payload: Mapping[str, Any],
) -> str:
    """Return the HMAC-SHA-256 that chains this record to the previous one."""
    canonical = _canonical(payload)
    return stored_record_hash(
        key, stream=stream, seq=seq, prev_hash=prev_hash, recorded_at=recorded_at, payload=canonical
    )


def stored_record_hash(
    key: bytes,
    *,
    stream: str,
    seq: int,
    prev_hash: str,
    recorded_at: dt.datetime,
    payload: str,
) -> str:
    """Return `record_hash` of a record as stored (its payload the canonical JSON text)."""
    at = recorded_at.astimezone(dt.UTC).isoformat()
    material = "\x1f".join([stream, str(seq), prev_hash, at, payload])
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()


def head_mac(key: bytes, *, stream: str, seq: int, hash_: str) -> str:
    """Return the MAC that binds a stream's head to its length and last hash."""
    return hmac.new(
        key, f"head\x1f{stream}\x1f{seq}\x1f{hash_}".encode(), hashlib.sha256
    ).hexdigest()


def verify_chain(key: bytes, records: Sequence[LogRecord], head: LogHead | None) -> list[str]:
    """Return the problems found in one stream's records (in stored order); empty if intact."""
    problems: list[str] = []
    prev = GENESIS
    for position, record in enumerate(records, 1):
        if record.seq != position:
            problems.append(f"record {position}: sequence {record.seq} out of place")
        if record.prev_hash != prev:
            problems.append(f"record {position}: does not follow the previous record")
        expected = record_hash(
            key,
            stream=record.stream,
            seq=record.seq,
            prev_hash=record.prev_hash,
            recorded_at=record.recorded_at,
            payload=record.payload,
        )
        if not hmac.compare_digest(expected, record.hash):
            problems.append(f"record {position}: contents do not match its hash")
        prev = record.hash
    problems.extend(_head_problems(key, records, head))
    return problems


def _head_problems(key: bytes, records: Sequence[LogRecord], head: LogHead | None) -> Iterable[str]:
    if head is None:
        if records:
            yield "the chain has records but no head"
        return
    if not hmac.compare_digest(
        head_mac(key, stream=head.stream, seq=head.seq, hash_=head.hash), head.mac
    ):
        yield "the head has been altered"
    last_seq, last_hash = (records[-1].seq, records[-1].hash) if records else (0, GENESIS)
    if (head.seq, head.hash) != (last_seq, last_hash):
        yield f"the head says {head.seq} records but the chain ends at {last_seq}"


class HashChainedLog:
    """Append to and read one log's chains inside a caller's session."""

    def __init__(self, records: Table, heads: Table, key: bytes) -> None:
        self._records = records
        self._heads = heads
        self._key = key
        # Built once: append runs on every read of a person's data, so it skips the ORM.
        self._head_for_update = (
            select(heads.c.seq, heads.c.hash)
            .where(heads.c.stream == bindparam("b_stream"))
            .with_for_update()
        )
        self._heads_for_update = (
            select(heads.c.stream, heads.c.seq, heads.c.hash)
            .where(heads.c.stream.in_(bindparam("b_streams", expanding=True)))
            .order_by(heads.c.stream)  # locked in one order: two appenders never deadlock
            .with_for_update()
        )
        self._insert_record = records.insert()
        self._update_head = (
            heads.update()
            .where(heads.c.stream == bindparam("b_stream"))
            .values(seq=bindparam("seq"), hash=bindparam("hash"), mac=bindparam("mac"))
        )
        # PostgreSQL: the record and its head's move in one statement (one round trip).
        self._append_and_move = self._update_head.add_cte(
            records.insert()
            .values({name: bindparam("b_stream" if name == "stream" else name)
                     for name in ("stream", "seq", "recorded_at", "payload", "prev_hash", "hash")})
            .cte("appended")
        )  # fmt: skip

    def _link(
        self, stream: str, seq: int, prev: str, at: dt.datetime, payload: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Return the row of the record at seq, chained to the hash before it."""
        canonical = _canonical(payload)
        digest = stored_record_hash(
            self._key, stream=stream, seq=seq, prev_hash=prev, recorded_at=at, payload=canonical
        )
        return {"stream": stream, "seq": seq, "recorded_at": at,
                "payload": canonical, "prev_hash": prev, "hash": digest}  # fmt: skip

    def _head_values(self, stream: str, seq: int, digest: str) -> dict[str, Any]:
        mac = head_mac(self._key, stream=stream, seq=seq, hash_=digest)
        return {"seq": seq, "hash": digest, "mac": mac}

    def _start(self, conn: Connection, streams: Sequence[str]) -> None:
        """Make the heads of new streams (empty chains), skipping any another appender made."""
        empty = [self._head_values(s, 0, GENESIS) | {"stream": s} for s in sorted(streams)]
        conn.execute(insert_if_absent(conn.dialect.name, self._heads, "stream"), empty)

    def append(
        self, session: Session, *, stream: str, payload: Mapping[str, Any], at: dt.datetime
    ) -> LogRecord:
        """Append a record to the stream's chain and move its head."""
        conn = session.connection()
        row = conn.execute(self._head_for_update, {"b_stream": stream}).first()
        if row is None:  # the first append: make the head, or wait for whoever is making it
            self._start(conn, [stream])
            row = conn.execute(self._head_for_update, {"b_stream": stream}).one()
        seq, prev = row.seq + 1, row.hash
        data = dict(payload)
        record = self._link(stream, seq, prev, at, data)
        head = self._head_values(stream, seq, record["hash"])
        if conn.dialect.name == "postgresql":
            conn.execute(self._append_and_move, record | head | {"b_stream": stream})
        else:
            conn.execute(self._insert_record, record)
            conn.execute(self._update_head, head | {"b_stream": stream})
        return LogRecord(stream, seq, at, data, prev, record["hash"])

    def append_many(
        self,
        session: Session,
        *,
        entries: Sequence[tuple[str, Mapping[str, Any]]],
        at: dt.datetime,
    ) -> int:
        """Append (stream, payload) records in order, as many appends would; return how many.

        For bulk work: the heads are read once, the records inserted and the heads moved in a
        few statements rather than three per record.
        """
        conn = session.connection()
        streams = sorted(set(stream for stream, _ in entries))
        known = self._lock_heads(conn, streams)
        if missing := [stream for stream in streams if stream not in known]:
            self._start(conn, missing)
            known |= self._lock_heads(conn, missing)
        moved, records = dict(known), []
        for stream, payload in entries:
            seq, prev = moved[stream]
            records.append(self._link(stream, seq + 1, prev, at, dict(payload)))
            moved[stream] = (seq + 1, records[-1]["hash"])
        if records:
            conn.execute(self._insert_record, records)
        updates = [self._head_values(k, *v) | {"b_stream": k} for k, v in moved.items()
                   if known[k] != v]  # fmt: skip
        if updates:
            conn.execute(self._update_head, updates)
        return len(records)

    def _lock_heads(self, conn: Connection, streams: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Lock the heads of these streams that exist; return their (seq, hash)."""
        known: dict[str, tuple[int, str]] = {}
        for start in range(0, len(streams), 500):
            rows = conn.execute(
                self._heads_for_update, {"b_streams": list(streams[start : start + 500])}
            )
            known.update((r.stream, (r.seq, r.hash)) for r in rows)
        return known

    @property
    def tables(self) -> tuple[Table, Table]:
        """The (records, heads) tables this log writes (for whole-log verification)."""
        return self._records, self._heads

    @property
    def key(self) -> bytes:
        """The key that MACs the records and heads (for whole-log verification)."""
        return self._key

    def read(self, session: Session, *, stream: str) -> list[LogRecord]:
        """Return the stream's records, oldest first."""
        table = self._records
        rows = session.execute(select(table).where(table.c.stream == stream).order_by(table.c.id))
        return [
            LogRecord(r.stream, r.seq, r.recorded_at, json.loads(r.payload), r.prev_hash, r.hash)
            for r in rows
        ]

    def count(self, session: Session) -> int:
        """Return how many records all the streams hold together."""
        return session.execute(select(func.count()).select_from(self._records)).scalar_one()

    def head(self, session: Session, *, stream: str) -> LogHead | None:
        """Return the stream's head, or None if it has never been written."""
        row = session.execute(select(self._heads).where(self._heads.c.stream == stream)).first()
        return LogHead(row.stream, row.seq, row.hash, row.mac) if row else None

    def verify(self, session: Session, *, stream: str) -> list[str]:
        """Return the problems in the stream's chain; empty if intact."""
        return verify_chain(
            self._key, self.read(session, stream=stream), self.head(session, stream=stream)
        )


class PersonReadLog:
    """Who read a person's record at one organisation (閲覧記録): a chain per person, streamed
    `{scope}:{number}`, each record naming the actor, what was read and the organisation."""

    def __init__(self, log: HashChainedLog, *, scope: str, organisation: str) -> None:
        self._log, self._scope, self._organisation = log, scope, organisation

    def record_read(
        self, session: Session, number: str, *, actor: str, what: str, at: dt.datetime
    ) -> None:
        """Log that actor read `what` of the person numbered `number`."""
        payload = {"actor": actor, "what": what, "organisation": self._organisation}
        self._log.append(session, stream=f"{self._scope}:{number}", payload=payload, at=at)

    def reads_of(self, session: Session, number: str) -> list[LogRecord]:
        """Return who read the person's record, oldest first."""
        return self._log.read(session, stream=f"{self._scope}:{number}")

    def verify_reads(self, session: Session, number: str) -> list[str]:
        """Return the problems in the person's chain of reads; empty if intact."""
        return self._log.verify(session, stream=f"{self._scope}:{number}")
