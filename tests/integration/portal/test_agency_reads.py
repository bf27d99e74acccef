"""The 閲覧記録 of the municipality, the pension service and ハローワーク in the やりとり履歴:
staff and system reads there appear, found by each agency's 符号; tampering is reported."""

from __future__ import annotations

import json

from sqlalchemy import select, update
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.employment.models import access_records as employment_reads
from mynumber.kernel.clock import FixedClock
from mynumber.municipality.models import access_records as municipal_reads
from mynumber.pension.data import AGENCY_ID as PENSION
from mynumber.pension.models import access_records as pension_reads
from mynumber.portal.data import INTACT_MESSAGE, SOURCE_NAMES, Source, Timeline
from mynumber.portal.proxies import ProxyScope

from .agency_read_helpers import agency_numbers, link_agency_codes
from .helpers import STEP, Holder, second_holder
from .own_helpers import CHIYODA_CODE, holder_with_own_data
from .test_proxies import voluntary

AGENCY_SOURCES = {Source.MUNICIPALITY, Source.PENSION, Source.EMPLOYMENT}


def _staff_reads(system: System, clock: FixedClock, holder: Holder) -> None:
    """A tax clerk, a pension clerk, a ハローワーク clerk read; the portal reads a pension."""
    pension_number, insured_number = link_agency_codes(system, holder)
    clock.advance(STEP)
    resident = holder.resident.resident_code
    system.municipality.assessment(
        municipality=CHIYODA_CODE, fiscal_year=2026, resident_code=resident, actor="zeimu-3"
    )
    clock.advance(STEP)
    system.pension.record(basic_pension_number=pension_number, actor="nenkin-5")
    clock.advance(STEP)
    system.employment.decisions(insured_number=insured_number, actor="hw-8")
    clock.advance(STEP)
    system.pension.payments(basic_pension_number=pension_number, actor="portal")


def _entries(shown: Timeline, source: Source) -> list[tuple[str, str, str]]:
    return [(e.who, e.what, e.detail) for e in shown.entries if e.source is source]


def test_reads_at_the_three_agencies_appear_with_their_chains_checked(
    system: System, clock: FixedClock
) -> None:
    holder = holder_with_own_data(system)
    _staff_reads(system, clock, holder)
    shown = system.portal.timeline(resident_code=holder.resident.resident_code)
    municipal = _entries(shown, Source.MUNICIPALITY)
    assert ("職員 zeimu-3", "住民税の課税情報を閲覧（FY2026）", "市区町村 131016") in municipal
    assert _entries(shown, Source.PENSION) == [
        ("職員 nenkin-5", "年金記録を閲覧", "日本年金機構"),
        ("本人（マイナポータル）", "年金の支払記録を閲覧", "日本年金機構"),
    ]
    # ハローワーク also logged the set-up's reads (the benefit decision, its 副本 registered).
    employment = _entries(shown, Source.EMPLOYMENT)
    assert employment[-1] == ("職員 hw-8", "受給資格の決定を閲覧", "ハローワーク（雇用保険）")
    chains = {c.source: c for c in shown.chains}
    assert set(chains) >= AGENCY_SOURCES
    assert chains[Source.PENSION].records == 2
    assert chains[Source.EMPLOYMENT].records == len(employment)
    assert chains[Source.MUNICIPALITY].records == len(municipal)
    assert shown.intact and shown.verdict == INTACT_MESSAGE
    times = [e.at for e in shown.entries]
    assert times == sorted(times)
    assert holder.resident.my_number not in shown.model_dump_json()


def test_a_person_no_agency_has_a_code_for_shows_empty_intact_chains(system: System) -> None:
    holder_with_own_data(system)  # someone the agencies know, whose record is read
    holder = second_holder(system)
    system.pension.record(basic_pension_number=agency_numbers(system)[0], actor="nenkin-5")
    shown = system.portal.timeline(resident_code=holder.resident.resident_code)
    assert not any(e.source in AGENCY_SOURCES for e in shown.entries)
    chains = {c.source: c for c in shown.chains}
    assert all(chains[s].records == 0 and chains[s].intact for s in AGENCY_SOURCES)


def test_an_unknown_code_finds_nothing_at_any_agency(system: System, clock: FixedClock) -> None:
    holder = holder_with_own_data(system)
    _staff_reads(system, clock, holder)
    unknown = "A" * 43
    assert system.pension.access_records_by_code(code=unknown) == []
    assert system.pension.verify_access_records_by_code(code=unknown) == []
    assert system.employment.access_records_by_code(code=unknown) == []
    assert system.employment.verify_access_records_by_code(code=unknown) == []
    found = system.municipality.access_records_by_code(municipality=CHIYODA_CODE, code=unknown)
    assert found == []
    # Another agency's 符号 is not this agency's: the pension 符号 finds nothing at ハローワーク.
    codes = system.network.codes_held(resident_code=holder.resident.resident_code)
    assert system.pension.access_records_by_code(code=codes[PENSION])
    assert system.employment.access_records_by_code(code=codes[PENSION]) == []


def test_tampered_access_logs_are_reported_per_agency(system: System, clock: FixedClock) -> None:
    holder = holder_with_own_data(system)
    _staff_reads(system, clock, holder)
    with system.database.scoped("pension").connection() as conn:
        first = conn.execute(
            select(pension_reads.c.id, pension_reads.c.payload).order_by(pension_reads.c.id)
        ).first()
        assert first is not None
        edited = {**json.loads(first.payload), "actor": "someone-else"}
        conn.execute(
            update(pension_reads)
            .where(pension_reads.c.id == first.id)
            .values(payload=json.dumps(edited, ensure_ascii=False))
        )
    with system.database.scoped("municipality").connection() as conn:
        newest = conn.execute(select(municipal_reads.c.id).order_by(municipal_reads.c.id.desc()))
        conn.execute(municipal_reads.delete().where(municipal_reads.c.id == newest.scalar()))
    shown = system.portal.timeline(resident_code=holder.resident.resident_code)
    broken = {c.source: c for c in shown.chains if not c.intact}
    assert set(broken) == {Source.PENSION, Source.MUNICIPALITY}
    assert all(p.startswith("市区町村 131016: ") for p in broken[Source.MUNICIPALITY].problems)
    assert not shown.intact and shown.verdict.startswith("改ざんが検出されました")
    assert SOURCE_NAMES[Source.PENSION] in shown.verdict
    assert SOURCE_NAMES[Source.EMPLOYMENT] not in shown.verdict
    with system.database.scoped("employment").connection() as conn:
        conn.execute(employment_reads.delete())
    again = system.portal.timeline(resident_code=holder.resident.resident_code)
    assert not {c.source: c for c in again.chains}[Source.EMPLOYMENT].intact


def test_the_cli_prints_the_agencies_reads(system: System, clock: FixedClock) -> None:
    from mynumber.portal.cli import app

    holder = holder_with_own_data(system)
    _staff_reads(system, clock, holder)
    code = holder.resident.resident_code
    runner = CliRunner()
    obj = {"portal": lambda: system.portal}
    result = runner.invoke(app, ["records", "--resident", code, "--json"], obj=obj)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    pension = [e for e in printed["entries"] if e["source"] == "pension"]
    assert [e["who"] for e in pension] == ["職員 nenkin-5", "本人（マイナポータル）"]
    assert {c["source"] for c in printed["chains"]} >= {s.value for s in AGENCY_SOURCES}
    text = runner.invoke(app, ["records", "--resident", code], obj=obj).output
    employment = [e for e in printed["entries"] if e["source"] == "employment"]
    line = f"ハローワーク 雇用保険（閲覧記録）: {len(employment)} 件, 改ざんは検出されませんでした"
    assert line in text


def test_a_proxy_with_the_records_scope_sees_the_same_reads(
    system: System, clock: FixedClock
) -> None:
    holder = holder_with_own_data(system)
    _staff_reads(system, clock, holder)
    principal = holder.resident.resident_code
    proxy = second_holder(system).resident.resident_code
    system.portal.add_proxy(principal=principal, new=voluntary(proxy, ProxyScope.RECORDS))
    seen = system.portal.principal_timeline(proxy=proxy, principal=principal)
    own = system.portal.timeline(resident_code=principal)
    assert _entries(seen, Source.PENSION) == _entries(own, Source.PENSION)
    assert ("職員 hw-8", "受給資格の決定を閲覧", "ハローワーク（雇用保険）") in _entries(
        seen, Source.EMPLOYMENT
    )
