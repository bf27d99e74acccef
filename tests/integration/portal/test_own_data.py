"""自己情報表示: each source's data about the logged-in person, fetched for the request (the
register and eligibility through their apis, 税・年金・雇用保険 through the network's 自己情報提供
under the portal's own 符号), each read recorded at the source and in the person's やりとり履歴."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.data import Source
from mynumber.portal.own_copies import CopyStatus, ReceivedCopy
from mynumber.portal.own_data import Section

from ..insurers.test_enrol_and_verify import CLINIC
from ..registry.helpers import person
from .own_helpers import holder_with_own_data

EVERY = tuple(Section)


def _fields(copy: ReceivedCopy) -> dict[str, str]:
    return {f.label: f.text for f in copy.fields}


def test_every_source_answers_without_the_my_number(system: System) -> None:
    holder = holder_with_own_data(system)
    code = holder.resident.resident_code
    shown = system.portal.own_data(resident_code=code, sections=EVERY)
    assert shown.sections == EVERY
    assert shown.basic is not None and shown.basic.name == "髙橋\u3000太郎"
    assert shown.basic.address.startswith("東京都千代田区") and shown.basic.relationship == "世帯主"
    [me] = shown.basic.members
    assert (me.name, me.relationship, me.is_self) == ("髙橋\u3000太郎", "世帯主", True)
    [membership] = shown.insurance
    assert membership.insurer_number == "01130012"
    assert shown.medical is not None
    [(_, facility, drug)] = shown.medical.medications
    assert drug.name == "アムロジピン錠5mg" and facility == CLINIC
    assert shown.medical.visits and len(shown.medical.checkups) == 1
    [tax] = shown.tax  # the FY2026 副本 of 千代田区, the one municipality with a 符号
    assert (tax.provider, tax.provider_name, tax.status) == (
        "municipality:131016",
        "東京都千代田区",
        CopyStatus.PROVIDED,
    )
    assert tax.item_name == "地方税関係情報"
    assert _fields(tax)["年度"] == "2026年度" and _fields(tax)["課税・非課税"] == "課税"
    assert _fields(tax)["合計所得金額"].endswith("円")
    assert shown.pension is not None  # no pension awarded: nothing registered, nothing asked
    assert (shown.pension.status, shown.pension.message) == (
        CopyStatus.NO_COPY,
        "提供できる副本がありません。",
    )
    assert shown.employment is not None and shown.employment.status is CopyStatus.PROVIDED
    jobs = _fields(shown.employment)
    assert jobs["受給資格"] == "基本手当" and jobs["所定給付日数"].endswith("日")
    assert holder.resident.my_number not in shown.model_dump_json()


def test_the_copies_come_through_the_network_recorded_in_the_history(system: System) -> None:
    holder = holder_with_own_data(system)
    code = holder.resident.resident_code
    system.portal.own_data(resident_code=code, sections=(Section.TAX, Section.EMPLOYMENT))
    records = system.network.records_for(resident_code=code)
    own = [r for r in records if r.procedure == "JTK01"]
    assert [(r.requester, r.provider, r.refusal) for r in own] == [
        ("portal", "municipality:131016", None),
        ("portal", "employment:mhlw", None),
    ]
    assert all(r.request_id.startswith("own-") for r in own)
    # The agencies' own apis were not read: their access logs name no portal.
    insured = system.employment.find(my_number=holder.resident.my_number, actor="test")
    reads = system.employment.access_records(insured_number=insured.insured_number)
    assert not any(r.payload.get("actor") == "portal" for r in reads)
    town = system.municipality.access_records(municipality="131016", resident_code=code)
    assert not any(r.payload.get("actor") == "portal" for r in town)
    history = system.portal.timeline(resident_code=code)
    fetched = [e for e in history.entries if e.what.startswith("自己情報表示: ")]
    assert [e.detail for e in fetched] == [
        "東京都千代田区 の副本（地方税関係情報）",
        "ハローワーク（厚生労働省） の副本（雇用保険給付関係情報）",
    ]
    assert {e.who for e in fetched} == {"本人（マイナポータル）"}
    assert history.intact


def test_each_fetch_is_recorded_at_the_source_and_in_the_history(system: System) -> None:
    holder = holder_with_own_data(system)
    code = holder.resident.resident_code
    system.portal.own_data(resident_code=code, sections=(Section.MEDICAL, Section.BASIC))
    history = system.portal.timeline(resident_code=code)
    [fetch] = [e for e in history.entries if e.what == "マイナポータル 自己情報表示"]
    assert fetch.source is Source.PORTAL and "薬剤" in fetch.detail and "基本4情報" in fetch.detail
    own = [e for e in history.entries if e.who == "マイナポータル（本人）"]
    assert own and own[0].what == "本人が薬剤・特定健診・受診歴を閲覧"
    reads = system.registry.access_records(resident_code=code)
    assert [r.payload["what"] for r in reads[-2:]] == ["resident", "household"]
    assert reads[-1].payload["actor"] == "portal"
    assert [e.what for e in history.entries if e.source is Source.REGISTRY][-1] == "世帯員を閲覧"
    assert history.intact


def test_the_household_members_are_listed_and_each_read_recorded(
    system: System, clock: FixedClock
) -> None:
    from mynumber.registry.data import ChangeKind, Relationship

    on = clock.now().date()
    head = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=on)
    child = system.registry.register(
        new=person(given="一郎", given_kana="イチロウ", born=dt.date(2015, 5, 5),
                   household=head.household_code, relationship=Relationship.CHILD),
        kind=ChangeKind.BIRTH, on=on,
    )  # fmt: skip
    shown = system.portal.own_data(resident_code=child.resident_code, sections=(Section.BASIC,))
    assert shown.basic is not None
    assert [(m.name, m.name_kana, m.relationship, m.birth_date, m.is_self)
            for m in shown.basic.members] == [
        ("髙橋\u3000太郎", "タカハシ\u3000タロウ", "世帯主", dt.date(1980, 4, 1), False),
        ("髙橋\u3000一郎", "タカハシ\u3000イチロウ", "子", dt.date(2015, 5, 5), True),
    ]  # fmt: skip
    assert head.my_number not in shown.model_dump_json()
    head_reads = system.registry.access_records(resident_code=head.resident_code)
    assert [(r.payload["actor"], r.payload["what"]) for r in head_reads] == [
        ("portal", "household")
    ]


def test_a_person_with_nothing_recorded_sees_empty_sections(
    system: System, clock: FixedClock
) -> None:
    from mynumber.registry.data import ChangeKind

    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=clock.now().date())
    shown = system.portal.own_data(resident_code=resident.resident_code, sections=EVERY)
    assert shown.basic is not None
    assert shown.insurance == () and shown.tax == ()
    assert shown.medical is not None and not shown.medical.medications
    for copy in (shown.pension, shown.employment):
        assert copy is not None and copy.status is CopyStatus.NO_COPY
    # No provider holds a 符号 for them: nothing was asked of the network.
    assert system.network.records_for(resident_code=resident.resident_code) == []
