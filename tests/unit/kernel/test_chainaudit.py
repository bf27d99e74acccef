"""Whole-chain findings name where and how a chain was damaged, and find nothing when intact."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from mynumber.kernel.chainaudit import StoredHead, StoredRecord, stream_findings
from mynumber.kernel.hashlog import GENESIS, head_mac, stored_record_hash
from mynumber.kernel.logfindings import FindingKind

KEY = b"k" * 32
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def build(count: int, stream: str = "S") -> tuple[list[StoredRecord], StoredHead]:
    records, prev = [], GENESIS
    for seq in range(1, count + 1):
        at, payload = T0 + dt.timedelta(seconds=seq), json.dumps({"n": seq})
        digest = stored_record_hash(
            KEY, stream=stream, seq=seq, prev_hash=prev, recorded_at=at, payload=payload
        )
        records.append(StoredRecord(seq, at, payload, prev, digest))
        prev = digest
    return records, StoredHead(count, prev, head_mac(KEY, stream=stream, seq=count, hash_=prev))


def named(records: list[StoredRecord], head: StoredHead | None) -> list[tuple[int, str, int]]:
    kept = sorted(records, key=lambda r: r.seq)
    found = stream_findings(KEY, log="x.access", stream="S", records=kept, head=head)
    return [(f.seq, f.kind.value, f.count) for f in found]


@given(st.integers(min_value=0, max_value=20))
def test_an_intact_chain_has_no_findings(count: int) -> None:
    assert named(*build(count)) == []


def test_a_run_of_deleted_records_is_one_finding() -> None:
    records, head = build(8)
    assert named(records[:2] + records[5:], head) == [(3, "deleted", 3)]


def test_records_cut_off_the_end_are_truncated() -> None:
    records, head = build(6)
    assert named(records[:4], head) == [(5, "truncated", 2)]


def test_a_record_moved_to_another_place_is_reordered_not_edited() -> None:
    records, head = build(5)
    moved = [replace(records[0], seq=3), records[1], replace(records[2], seq=1), *records[3:]]
    assert named(moved, head) == [(1, "reordered", 1), (3, "reordered", 1)]


def test_a_head_forged_over_a_cut_chain_is_named() -> None:
    records, _ = build(4)
    forged = StoredHead(3, records[2].hash, "0" * 64)
    assert named(records[:3], forged) == [(3, FindingKind.HEAD_ALTERED.value, 1)]
    assert named(records, None) == [(4, "head_altered", 1)]


def test_a_record_rewritten_with_its_hash_breaks_the_next_link() -> None:
    records, head = build(4)
    rewritten = replace(records[1], payload='{"n":99}', hash="f" * 64)
    assert named([records[0], rewritten, *records[2:]], head) == [(2, "edited", 1)]
