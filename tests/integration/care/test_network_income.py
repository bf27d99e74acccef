"""The 負担割合 over the network (J0024): the household's 第1号 counted together, the exchange
in the person's 情報提供等記録, and a refusal of what the table does not allow."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from mynumber.app import System
from mynumber.care.data import AGENCY_ID
from mynumber.kernel.errors import ConflictError
from mynumber.municipality.data import IncomeReport
from mynumber.network.data import ExchangeRequest, sign
from mynumber.registry.data import ChangeKind, Relationship, Resident

from ..registry.helpers import person
from .helpers import CODE, TODAY


def _elder(system: System, given: str, kana: str, *, household: str | None = None) -> Resident:
    new = person(given=given, given_kana=kana, born=dt.date(1950, 5, 1), household=household,
                 relationship=Relationship.SPOUSE if household else Relationship.HEAD)  # fmt: skip
    return system.registry.register(new=new, kind=ChangeKind.MOVE_IN, on=dt.date(2000, 1, 1))


def _assess(system: System, pensions: dict[str, int]) -> None:
    """Record each My Number's 2025 pension, assess FY2026 and publish it as 副本."""
    system.municipality.enrol_residents(municipality=CODE)
    reports = [IncomeReport(my_number=n, income_year=2025, pension_revenue=p)
               for n, p in pensions.items()]  # fmt: skip
    system.municipality.record_incomes(municipality=CODE, reports=reports)
    system.municipality.assess(municipality=CODE, fiscal_year=2026)
    system.municipality.register_copies(municipality=CODE, fiscal_year=2026)


def test_a_second_first_category_member_changes_the_thresholds(system: System) -> None:
    husband = _elder(system, "一郎", "イチロウ")
    wife = _elder(system, "花子", "ハナコ", household=husband.household_code)
    # 年金 3,000,000 alone: 合計所得 ≥ 160万, 年金収入＋その他 ≥ 280万 → 2割; with a wife of
    # 第1号 whose pension is small, the two together stay under 346万 → 1割.
    _assess(system, {husband.my_number: 3_000_000, wife.my_number: 300_000})
    system.care.take_in_elders(residents=[husband], on=TODAY)
    number = system.care.insured_number_of(resident_code=husband.resident_code)
    alone = system.care.decide_burden(insured_number=number, on=TODAY)
    assert alone.ratio == 2 and "280万円" in alone.basis
    system.care.take_in_elders(residents=[wife], on=TODAY)
    together = system.care.decide_burden(insured_number=number, on=TODAY)
    assert together.ratio == 1 and together.basis == "一定以上所得者に該当しない"
    # Each decision asked the network: in the husband's 情報提供等記録, as the portal shows.
    records = system.network.records_for(resident_code=husband.resident_code)
    assert [r.procedure for r in records] == ["J0024"] * 2
    assert all(r.requester == AGENCY_ID and r.refusal is None for r in records)
    assert records[0].procedure_name == "介護保険 利用者負担割合の判定"
    assert len(system.network.records_for(resident_code=wife.resident_code)) == 1


def test_the_household_sum_reaching_346_man_is_two_wari_and_says_so(system: System) -> None:
    husband = _elder(system, "一郎", "イチロウ")
    wife = _elder(system, "花子", "ハナコ", household=husband.household_code)
    _assess(system, {husband.my_number: 3_000_000, wife.my_number: 800_000})
    system.care.take_in_elders(residents=[husband, wife], on=TODAY)
    number = system.care.insured_number_of(resident_code=husband.resident_code)
    richer = system.care.decide_burden(insured_number=number, on=TODAY)
    assert richer.ratio == 2 and "世帯の第1号被保険者2人" in richer.basis
    assert "346万円" in richer.basis


def test_the_table_refuses_items_outside_j0024(system: System) -> None:
    resident = _elder(system, "次郎", "ジロウ")
    _assess(system, {resident.my_number: 2_000_000})
    system.care.take_in_elders(residents=[resident], on=TODAY)
    code = system.network.codes_held(resident_code=resident.resident_code)[AGENCY_ID]
    request = ExchangeRequest(
        requester=AGENCY_ID, code=code, procedure="J0024", items=("TM00000000000005",),
        provider=f"municipality:{CODE}", request_id=uuid.uuid4().hex,
        requested_at=system.clock.now(),
    )  # fmt: skip
    answer = system.network.query(request=sign(request, system.agency_keys.private_key(AGENCY_ID)))
    with pytest.raises(ConflictError) as refused:
        answer.provided("TM00000000000005")
    assert refused.value.code == "item_not_permitted"
