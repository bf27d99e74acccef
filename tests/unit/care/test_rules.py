"""Pure rules of the care platform: numbers, dates, the 負担割合, the 負担限度額, who sees what."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.care import rules
from mynumber.care.data import InsuredCategory, Item, ProviderKind
from mynumber.care.numbers import is_valid_office_number, office_check_digit, office_number
from mynumber.kernel.errors import InvalidInputError


def test_office_numbers_carry_the_modulus_10_check_digit() -> None:
    # 1 3 7 0 1 0 0 0 1 from the right × 2,1,…: 2+0+0+0+2+0+(14→1+4)+3+2 = 14 → 10 − 4 = 6.
    assert office_check_digit("137010001") == 6
    assert is_valid_office_number("1370100016")
    assert not is_valid_office_number("1370100017")
    # A letter counts A=10 … Z=32 (no I, O, Q): A × 2 = 20 → 2 + 0.
    assert office_check_digit("13A010004") == 3
    assert office_number("13a0100043") == "13A0100043"
    for bad in ("13I0100043", "4870100016", "137010001"):
        assert not is_valid_office_number(bad)
    with pytest.raises(InvalidInputError):
        office_number("1370100017")


def test_a_person_is_first_category_from_the_day_before_the_65th_birthday() -> None:
    assert rules.first_category_from(dt.date(1961, 11, 23)) == dt.date(2026, 11, 22)
    assert rules.birth_dates_reaching_65(dt.date(2026, 11, 22)) == [dt.date(1961, 11, 23)]
    # Born 29 February 1960: 65 on 1 March 2025, insured from 28 February with those born 1 March.
    assert rules.first_category_from(dt.date(1960, 2, 29)) == dt.date(2025, 2, 28)
    assert rules.birth_dates_reaching_65(dt.date(2025, 2, 28)) == [
        dt.date(1960, 3, 1), dt.date(1960, 2, 29),
    ]  # fmt: skip
    # 28 February of a leap year: nobody born on the 29th 65 years before (never a leap year).
    assert rules.birth_dates_reaching_65(dt.date(2028, 2, 28)) == []


def test_certification_periods() -> None:
    assert rules.certification_period(dt.date(2026, 11, 22), renewal=False, previous_end=None) == (
        dt.date(2026, 11, 22), dt.date(2027, 5, 31),
    )  # fmt: skip
    assert rules.certification_period(dt.date(2026, 11, 1), renewal=False, previous_end=None) == (
        dt.date(2026, 11, 1), dt.date(2027, 4, 30),
    )  # fmt: skip
    assert rules.certification_period(
        dt.date(2027, 4, 1), renewal=True, previous_end=dt.date(2027, 5, 31)
    ) == (dt.date(2027, 6, 1), dt.date(2028, 5, 31))


def _figures(
    total: int, pension_revenue: int = 0, pension_income: int = 0, exempt: bool = False
) -> rules.BurdenFigures:
    return rules.BurdenFigures(total, pension_revenue, pension_income, exempt)


@pytest.mark.parametrize(
    ("figures", "ratio"),
    [
        (_figures(2_200_000), 1),  # 合計所得 220万 but 年金収入＋その他 220万 < 280万
        (_figures(3_400_000), 3),
        (_figures(2_800_000), 2),
        (_figures(1_599_999, 3_000_000, 1_000_000), 1),
        (_figures(1_600_000, 2_000_000, 800_000), 2),  # 2,000,000 + 800,000 = 280万
        (_figures(2_200_000, 2_400_000, 1_200_000), 3),  # 2,400,000 + 1,000,000 = 340万
        (_figures(9_000_000, exempt=True), 1),
    ],
)
def test_burden_ratio_follows_the_income_thresholds(
    figures: rules.BurdenFigures, ratio: int
) -> None:
    assert rules.burden_ratio(InsuredCategory.FIRST, figures)[0] == ratio


def test_second_category_always_pays_one_tenth_and_periods_run_august_to_july() -> None:
    assert rules.burden_ratio(InsuredCategory.SECOND, _figures(9_000_000))[0] == 1
    assert rules.burden_period(dt.date(2026, 7, 31)) == (
        dt.date(2025, 8, 1),
        dt.date(2026, 7, 31),
        2025,
    )
    assert rules.burden_period(dt.date(2026, 8, 1)) == (
        dt.date(2026, 8, 1),
        dt.date(2027, 7, 31),
        2026,
    )


def test_limit_stages_need_an_exempt_household_and_savings_under_the_limit() -> None:
    def stage(income: int, savings: int, spouse: int = 0, exempt: bool = True) -> str | None:
        found = rules.limit_stage(pension_and_other=income, household_exempt=exempt,
                                  savings=savings, spouse_savings=spouse)  # fmt: skip
        return found[0] if found else None

    assert stage(800_000, 6_500_000) == "2"
    assert stage(800_000, 6_500_001) is None
    assert stage(1_000_000, 5_000_000, 10_000_000) == "3-1"
    assert stage(1_500_000, 5_000_000) == "3-2"
    assert stage(500_000, 0, exempt=False) is None


def test_who_sees_what() -> None:
    gate = rules.gate_refusal
    assert gate(ProviderKind.CARE_SERVICE, serving=False, identity_checked=True,
                opinion_asked=True) == rules.NO_RELATIONSHIP  # fmt: skip
    assert gate(ProviderKind.CARE_MANAGEMENT, serving=True, identity_checked=False,
                opinion_asked=False) == rules.NO_IDENTITY  # fmt: skip
    assert gate(ProviderKind.MEDICAL, serving=True, identity_checked=True,
                opinion_asked=False) == rules.NOT_ASKED  # fmt: skip
    item = rules.item_refusal
    for limited in (Item.BURDEN, Item.LIMIT):
        assert item(ProviderKind.MEDICAL, limited, consented=True) == rules.NOT_FOR_MEDICAL
        assert item(ProviderKind.CARE_SERVICE, limited, consented=False) is None
    assert item(ProviderKind.CARE_SERVICE, Item.CERTIFICATION_DOCS, consented=True) == (
        rules.NOT_CARE_MANAGER
    )
    assert item(ProviderKind.CARE_MANAGEMENT, Item.CERTIFICATION_DOCS, consented=False) == (
        rules.NO_CONSENT
    )
    assert item(ProviderKind.MEDICAL, Item.CERTIFICATION_DOCS, consented=False) is None
    assert item(ProviderKind.MEDICAL, Item.INSURANCE, consented=False) == rules.NO_CONSENT
    assert item(ProviderKind.CARE_SERVICE, Item.INSURANCE, consented=False) is None
