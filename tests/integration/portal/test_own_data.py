"""自己情報表示: each source's data about the logged-in person, fetched for the request through
each organisation's api, the read recorded at the source and in the person's やりとり履歴."""

from __future__ import annotations

from mynumber.app import System
from mynumber.kernel.clock import FixedClock
from mynumber.portal.data import Source
from mynumber.portal.own_data import Section

from ..insurers.test_enrol_and_verify import CLINIC
from ..registry.helpers import person
from .own_helpers import EMPLOYER, holder_with_own_data

EVERY = tuple(Section)


def test_every_source_answers_without_the_my_number(system: System) -> None:
    holder = holder_with_own_data(system)
    code = holder.resident.resident_code
    shown = system.portal.own_data(resident_code=code, sections=EVERY)
    assert shown.sections == EVERY
    assert shown.basic is not None and shown.basic.name == "髙橋\u3000太郎"
    assert shown.basic.address.startswith("東京都千代田区") and shown.basic.relationship == "世帯主"
    [membership] = shown.insurance
    assert membership.insurer_number == "01130012"
    assert shown.medical is not None
    [(_, facility, drug)] = shown.medical.medications
    assert drug.name == "アムロジピン錠5mg" and facility == CLINIC
    assert shown.medical.visits and len(shown.medical.checkups) == 1
    [tax] = shown.tax  # FY2026 assessed; FY2025 not
    assert tax.fiscal_year == 2026 and tax.total_levy > 0
    assert shown.pension is not None and shown.pension.record.employee_months > 0
    assert shown.employment is not None
    assert [s.employer for s in shown.employment.record.spells] == [EMPLOYER]
    assert holder.resident.my_number not in shown.model_dump_json()


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
    assert reads[-1].payload["actor"] == "portal"
    assert history.intact
    system.portal.own_data(resident_code=code, sections=(Section.PENSION, Section.EMPLOYMENT))
    pension = system.pension.find(my_number=holder.resident.my_number, actor="test")
    pension_reads = system.pension.access_records(basic_pension_number=pension.basic_pension_number)
    assert any(r.payload.get("actor") == "portal" for r in pension_reads)


def test_a_person_with_nothing_recorded_sees_empty_sections(
    system: System, clock: FixedClock
) -> None:
    from mynumber.registry.data import ChangeKind

    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=clock.now().date())
    shown = system.portal.own_data(resident_code=resident.resident_code, sections=EVERY)
    assert shown.basic is not None
    assert shown.insurance == () and shown.tax == ()
    assert shown.medical is not None and not shown.medical.medications
    assert shown.pension is None and shown.employment is None
