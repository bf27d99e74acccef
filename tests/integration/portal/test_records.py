"""The やりとり履歴: every source merged oldest first, 不開示 withheld, tampering reported."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.eligibility.models import access_records
from mynumber.kernel.clock import FixedClock
from mynumber.network.models import exchange_records
from mynumber.portal.data import INTACT_MESSAGE, Source

from .helpers import every_kind_of_record


def test_the_timeline_holds_every_source_in_order_and_withholds_undisclosed(
    system: System, clock: FixedClock
) -> None:
    holder = every_kind_of_record(system, clock)
    shown = system.portal.timeline(resident_code=holder.resident.resident_code)
    times = [entry.at for entry in shown.entries]
    assert times == sorted(times)
    sources = [entry.source for entry in shown.entries]
    # Registration at J-LIS and eligibility first, then the clinic, the network, the clerk.
    assert sources.index(Source.JPKI) < sources.index(Source.NETWORK)
    assert sources.index(Source.ELIGIBILITY) < sources.index(Source.NETWORK)
    assert sources[-1] is Source.REGISTRY
    assert {Source.JPKI, Source.ELIGIBILITY, Source.NETWORK, Source.REGISTRY} <= set(sources)
    clinic = [e for e in shown.entries if e.source is Source.ELIGIBILITY and "131123456" in e.who]
    assert clinic, shown.entries
    verified = [e for e in shown.entries if e.source is Source.JPKI]
    assert any(e.who == "オンライン資格確認等システム" for e in verified)
    [exchange] = [e for e in shown.entries if e.source is Source.NETWORK]
    assert exchange.who == "東京都後期高齢者医療広域連合"
    assert "後期高齢者医療" in exchange.what and "千代田区" in exchange.detail
    assert shown.withheld == 1  # the 生活保護 exchange: counted, not shown
    assert not any("J0008" in e.what or "日本年金機構" in e.detail for e in shown.entries)
    [clerk] = [e for e in shown.entries if e.who == "職員 clerk-7"]
    assert clerk.source is Source.REGISTRY and clerk.what == "住民票を閲覧"
    assert shown.intact and shown.verdict == INTACT_MESSAGE
    counts = {chain.source: chain.records for chain in shown.chains}
    assert counts[Source.NETWORK] == 2 and counts[Source.REGISTRY] >= 1


def test_a_tampered_chain_is_reported_with_what_broke(system: System, clock: FixedClock) -> None:
    holder = every_kind_of_record(system, clock)
    code = holder.resident.resident_code
    with system.database.scoped("network").connection() as conn:
        first = conn.execute(
            select(exchange_records.c.id, exchange_records.c.payload).order_by(
                exchange_records.c.id
            )
        ).first()
        assert first is not None
        edited = {**json.loads(first.payload), "requester_name": "誰でもない機関"}
        conn.execute(
            update(exchange_records)
            .where(exchange_records.c.id == first.id)
            .values(payload=json.dumps(edited, ensure_ascii=False))
        )
    with system.database.scoped("eligibility").connection() as conn:
        conn.execute(access_records.delete().where(access_records.c.seq == 1))
    shown = system.portal.timeline(resident_code=code)
    broken = {chain.source for chain in shown.chains if not chain.intact}
    assert broken == {Source.NETWORK, Source.ELIGIBILITY}
    assert not shown.intact
    assert shown.verdict.startswith("改ざんが検出されました")
    assert "情報提供ネットワークシステム" in shown.verdict


def test_the_cli_prints_the_same_timeline(system: System, clock: FixedClock) -> None:
    from mynumber.portal.cli import app

    holder = every_kind_of_record(system, clock)
    code = holder.resident.resident_code
    runner = CliRunner()
    obj = {"portal": lambda: system.portal}
    result = runner.invoke(app, ["records", "--resident", code, "--json"], obj=obj)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    shown = system.portal.timeline(resident_code=code)
    assert printed["verdict"] == INTACT_MESSAGE and printed["withheld"] == 1
    assert [e["what"] for e in printed["entries"]] == [e.what for e in shown.entries]
    text = runner.invoke(app, ["records", "--resident", code], obj=obj)
    assert INTACT_MESSAGE in text.output and "不開示: 1 件" in text.output
