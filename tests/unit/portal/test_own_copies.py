"""How a 自己情報提供 answer becomes what the person reads, and how its record reads in the
やりとり履歴 (pure functions: no database)."""

from __future__ import annotations

import datetime as dt

from mynumber.network.data import ExchangeAnswer, ExchangeRecord, ItemAnswer, Refusal
from mynumber.portal.own_copies import CopyStatus, _received
from mynumber.portal.timeline import network_entries

TAX = "TM00000000000001"
SHOWN = {"provider": "municipality:131016", "provider_name": "千代田区", "item_code": TAX,
         "item_name": "地方税関係情報"}  # fmt: skip
AT = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def test_provided_values_get_japanese_labels_and_units() -> None:
    values: dict[str, str | int | None] = {
        "fiscal_year": 2026, "total_income": 2_050_000, "exempt": "1", "pension_income": None,
    }  # fmt: skip
    item = ItemAnswer(item_code=TAX, status="01", version=3,
                      published_from=dt.date(2026, 6, 1), values=values)  # fmt: skip
    answer = ExchangeAnswer(request_id="own-1", status="09", items=[item], provided_at=AT)
    copy = _received(answer, TAX, SHOWN)
    assert (copy.status, copy.version, copy.published_from) == (
        CopyStatus.PROVIDED,
        3,
        dt.date(2026, 6, 1),
    )
    assert [(f.label, f.text) for f in copy.fields] == [
        ("年度", "2026年度"), ("合計所得金額", "2,050,000円"), ("課税・非課税", "非課税"),
        ("公的年金等収入金額", "—"),
    ]  # fmt: skip


def test_no_copy_and_a_refusal_carry_the_networks_message() -> None:
    item = ItemAnswer(item_code=TAX, status="02", message="提供できる副本がありません。")
    empty = ExchangeAnswer(request_id="own-2", status="09", items=[item], provided_at=AT)
    copy = _received(empty, TAX, SHOWN)
    assert (copy.status, copy.message, copy.fields) == (
        CopyStatus.NO_COPY,
        "提供できる副本がありません。",
        (),
    )
    refused = ExchangeAnswer(request_id="own-3", status="99", refusal=Refusal.REQUEST_REPLAYED,
                             message="既に受け付けています。")  # fmt: skip
    copy = _received(refused, TAX, SHOWN)
    assert (copy.status, copy.message) == (CopyStatus.REFUSED, "既に受け付けています。")


def _record(request_id: str, refusal: str | None = None) -> ExchangeRecord:
    return ExchangeRecord(
        request_id=request_id, requester="portal", requester_name="マイナポータル（デジタル庁）",
        provider="municipality:131016", provider_name="千代田区", procedure="JTK01",
        procedure_name="自己情報提供", items=(TAX,), requested_at=AT,
        provided_at=None if refusal else AT, refusal=refusal,
    )  # fmt: skip


def test_the_history_says_who_asked_for_the_persons_own_copy() -> None:
    own, api, refused = network_entries(
        [_record("own-1"), _record("api-2"), _record("own-3", "request_replayed")]
    )
    assert (own.who, own.what, own.detail) == (
        "本人（マイナポータル）",
        "自己情報表示: 本人の情報を自己情報提供で取得",
        "千代田区 の副本（地方税関係情報）",
    )
    assert (api.who, api.what) == (
        "マイナポータル 自己情報取得API",
        "自己情報取得API: 本人の情報を自己情報提供で取得",
    )
    assert refused.detail == "千代田区 からの取得は拒否されました（request_replayed）"
