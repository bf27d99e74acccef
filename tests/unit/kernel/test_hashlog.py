"""The hash-chained log detects any edit, deletion, reordering or truncation."""

import datetime as dt
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from mynumber.kernel.hashlog import GENESIS, LogHead, LogRecord, head_mac, record_hash, verify_chain

KEY = b"k" * 32
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def build(payloads: list[dict[str, object]], stream: str = "S") -> tuple[list[LogRecord], LogHead]:
    records, prev = [], GENESIS
    for seq, payload in enumerate(payloads, 1):
        at = T0 + dt.timedelta(seconds=seq)
        digest = record_hash(
            KEY, stream=stream, seq=seq, prev_hash=prev, recorded_at=at, payload=payload
        )
        records.append(LogRecord(stream, seq, at, payload, prev, digest))
        prev = digest
    seq = len(records)
    return records, LogHead(stream, seq, prev, head_mac(KEY, stream=stream, seq=seq, hash_=prev))


payloads = st.lists(
    st.dictionaries(st.sampled_from(["who", "what", "why"]), st.text(max_size=8)),
    min_size=1,
    max_size=12,
)


@given(payloads)
def test_an_untouched_chain_verifies(items: list[dict[str, object]]) -> None:
    records, head = build(items)
    assert verify_chain(KEY, records, head) == []


@given(payloads, st.data())
def test_an_edited_record_is_detected(items: list[dict[str, object]], data: st.DataObject) -> None:
    records, head = build(items)
    i = data.draw(st.integers(0, len(records) - 1))
    edited = dict(records[i].payload) | {
        "who": "someone-else-" + str(records[i].payload.get("who"))
    }
    records[i] = replace(records[i], payload=edited)
    assert verify_chain(KEY, records, head)


@given(payloads, st.data())
def test_a_deleted_record_is_detected(items: list[dict[str, object]], data: st.DataObject) -> None:
    records, head = build(items)
    del records[data.draw(st.integers(0, len(records) - 1))]
    assert verify_chain(KEY, records, head)


@given(payloads, st.data())
def test_reordering_is_detected(items: list[dict[str, object]], data: st.DataObject) -> None:
    records, head = build(items)
    if len(records) < 2:
        return
    i = data.draw(st.integers(0, len(records) - 2))
    records[i], records[i + 1] = records[i + 1], records[i]
    assert verify_chain(KEY, records, head)


@given(payloads)
def test_rebuilding_the_chain_without_the_key_is_detected(items: list[dict[str, object]]) -> None:
    records, _head = build(items)
    forged_key = b"x" * 32
    forged, prev = [], GENESIS
    for r in records:
        digest = record_hash(
            forged_key,
            stream=r.stream,
            seq=r.seq,
            prev_hash=prev,
            recorded_at=r.recorded_at,
            payload={"who": "forged"},
        )
        forged.append(replace(r, payload={"who": "forged"}, prev_hash=prev, hash=digest))
        prev = digest
    forged_head = LogHead(
        "S", len(forged), prev, head_mac(forged_key, stream="S", seq=len(forged), hash_=prev)
    )
    assert verify_chain(KEY, forged, forged_head)


def test_cutting_records_off_the_end_is_detected_by_the_head() -> None:
    records, head = build([{"who": "a"}, {"who": "b"}, {"who": "c"}])
    problems = verify_chain(KEY, records[:2], head)
    assert problems == ["the head says 3 records but the chain ends at 2"]


def test_a_chain_without_its_head_is_detected() -> None:
    records, _head = build([{"who": "a"}])
    assert verify_chain(KEY, records, None) == ["the chain has records but no head"]
