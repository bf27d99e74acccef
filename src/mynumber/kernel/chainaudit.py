"""Name what happened to a damaged chain: which records were edited, deleted, reordered or cut.

`verify_chain` (in `kernel.hashlog`) says that a chain is damaged; an auditor needs to know
where and how. `stream_findings` checks one stream's records as stored (in the order of their
`seq`) against its head, quickly when the chain is intact, and otherwise rebuilds the order in
which the records were written from the chain itself (each record names its predecessor's
hash), so that a record moved to another position is told apart from one whose contents changed.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mynumber.kernel.hashlog import GENESIS, head_mac, stored_record_hash
from mynumber.kernel.logfindings import FindingKind, LogFinding

__all__ = ["StoredHead", "StoredRecord", "stream_findings"]


@dataclass(frozen=True)
class StoredRecord:
    """A record as its row holds it (the payload as stored text)."""

    seq: int
    recorded_at: dt.datetime
    payload: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class StoredHead:
    """A stream's head as its row holds it."""

    seq: int
    hash: str
    mac: str


@dataclass(frozen=True)
class _Chain:
    """One stream under verification: its key, log name and stream name."""

    key: bytes
    log: str
    stream: str

    def holds(self, record: StoredRecord, seq: int) -> bool:
        """Return whether the record's hash is the one it would have had if written at seq."""
        expected = stored_record_hash(
            self.key,
            stream=self.stream,
            seq=seq,
            prev_hash=record.prev_hash,
            recorded_at=record.recorded_at,
            payload=record.payload,
        )
        return hmac.compare_digest(expected, record.hash)

    def finding(self, seq: int, kind: FindingKind, detail: str, count: int = 1) -> LogFinding:
        return LogFinding(
            log=self.log, stream=self.stream, seq=seq, kind=kind, count=count, detail=detail
        )


def stream_findings(
    key: bytes,
    *,
    log: str,
    stream: str,
    records: Sequence[StoredRecord],
    head: StoredHead | None,
) -> list[LogFinding]:
    """Return what is wrong with one stream's chain (records in `seq` order); empty if intact."""
    chain = _Chain(key, log, stream)
    if _intact(chain, records, head):
        return []
    written_at, findings = _placed(chain, records)
    held = {seq: record for record, seq in zip(records, written_at, strict=True)}
    findings.extend(_gaps(chain, held))
    findings.extend(_broken_links(chain, held, flagged={f.seq for f in findings}))
    findings.extend(_head_findings(chain, held, head))
    return sorted(findings, key=lambda f: (f.seq, f.kind))


def _intact(chain: _Chain, records: Sequence[StoredRecord], head: StoredHead | None) -> bool:
    """Return whether the chain verifies as it stands (the common case, one HMAC a record)."""
    prev = GENESIS
    for position, record in enumerate(records, 1):
        if record.seq != position or record.prev_hash != prev or not chain.holds(record, position):
            return False
        prev = record.hash
    if head is None:
        return not records
    return (head.seq, head.hash) == (len(records), prev) and _head_authentic(chain, head)


def _head_authentic(chain: _Chain, head: StoredHead) -> bool:
    mac = head_mac(chain.key, stream=chain.stream, seq=head.seq, hash_=head.hash)
    return hmac.compare_digest(mac, head.mac)


def _written_positions(records: Sequence[StoredRecord]) -> dict[int, int]:
    """Return, for each record (by index) reachable from the start of the chain, the position
    it was written at: follow each record to the one naming its hash as predecessor."""
    following: dict[str, int] = {}
    for index, record in enumerate(records):
        following.setdefault(record.prev_hash, index)
    positions: dict[int, int] = {}
    current = GENESIS
    while (found := following.get(current)) is not None and found not in positions:
        positions[found] = len(positions) + 1
        current = records[found].hash
    return positions


def _placed(chain: _Chain, records: Sequence[StoredRecord]) -> tuple[list[int], list[LogFinding]]:
    """Return the seq each record was written at, and the records edited or moved."""
    positions = _written_positions(records)
    written_at: list[int] = []
    findings: list[LogFinding] = []
    for index, record in enumerate(records):
        position = positions.get(index)
        if chain.holds(record, record.seq):
            written_at.append(record.seq)
        elif position is not None and position != record.seq and chain.holds(record, position):
            written_at.append(position)
            detail = f"written as record {position}, stored as record {record.seq}"
            findings.append(chain.finding(record.seq, FindingKind.REORDERED, detail))
        else:
            written_at.append(record.seq)
            detail = "the contents do not match the record's hash"
            findings.append(chain.finding(record.seq, FindingKind.EDITED, detail))
    return written_at, findings


def _gaps(chain: _Chain, held: dict[int, StoredRecord]) -> Iterator[LogFinding]:
    """Yield the runs of records missing before the last one kept."""
    for start, count in _runs(seq for seq in range(1, max(held, default=0)) if seq not in held):
        yield chain.finding(start, FindingKind.DELETED, f"{count} record(s) missing", count)


def _runs(seqs: Iterator[int]) -> Iterator[tuple[int, int]]:
    """Yield (first, count) of each run of consecutive numbers."""
    start = previous = None
    for seq in seqs:
        if previous is not None and seq == previous + 1:
            previous = seq
            continue
        if start is not None and previous is not None:
            yield start, previous - start + 1
        start = previous = seq
    if start is not None and previous is not None:
        yield start, previous - start + 1


def _broken_links(
    chain: _Chain, held: dict[int, StoredRecord], *, flagged: set[int]
) -> Iterator[LogFinding]:
    """Yield authentic records that do not follow the record kept before them (a record
    copied in from elsewhere, or a predecessor whose hash was rewritten)."""
    for seq, record in held.items():
        before = GENESIS if seq == 1 else getattr(held.get(seq - 1), "hash", None)
        if before is None or seq in flagged or seq - 1 in flagged:
            continue
        if record.prev_hash != before:
            detail = f"does not follow record {seq - 1}"
            yield chain.finding(seq, FindingKind.EDITED, detail)


def _head_findings(
    chain: _Chain, held: dict[int, StoredRecord], head: StoredHead | None
) -> Iterator[LogFinding]:
    """Yield what the head shows: records cut off the end, or a head missing or altered."""
    last = max(held, default=0)
    if head is None:
        if held:
            yield chain.finding(last, FindingKind.HEAD_ALTERED, "the chain has no head")
        return
    if not _head_authentic(chain, head):
        yield chain.finding(head.seq, FindingKind.HEAD_ALTERED, "the head's MAC does not match")
    elif head.seq > last:
        count = head.seq - last
        detail = f"the head says {head.seq} records but the chain ends at {last}"
        yield chain.finding(last + 1, FindingKind.TRUNCATED, detail, count)
    elif head.seq < last:
        detail = f"records run to {last} past the head's {head.seq}"
        yield chain.finding(head.seq, FindingKind.HEAD_ALTERED, detail)
    elif head.hash != held[last].hash:
        yield chain.finding(last, FindingKind.HEAD_ALTERED, "the head names another last record")
