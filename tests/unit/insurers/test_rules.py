"""Contribution ratios and limit classifications by age and income (2026 rules)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber.insurers.data import IncomeCategory, LimitClassification
from mynumber.insurers.rules import (
    KoukiTaxFigures,
    contribution_percent,
    kouki_household_income,
    limit_classification,
)
from mynumber.kernel.ages import age_on, preschool

GENERAL, ACTIVE = IncomeCategory.GENERAL, IncomeCategory.ACTIVE_EQUIVALENT
CERTAIN = IncomeCategory.ABOVE_CERTAIN


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (dt.date(2019, 4, 1), dt.date(2025, 3, 31), True),  # 1 April birthdays start school early
        (dt.date(2019, 4, 1), dt.date(2025, 4, 1), False),
        (dt.date(2019, 4, 2), dt.date(2026, 3, 31), True),
        (dt.date(2019, 4, 2), dt.date(2026, 4, 1), False),
        (dt.date(2020, 1, 15), dt.date(2026, 3, 31), True),
        (dt.date(2020, 1, 15), dt.date(2026, 4, 1), False),
    ],
)
def test_preschool_ends_on_the_1_april_of_the_school_year(
    born: dt.date, on: dt.date, expected: bool
) -> None:
    assert preschool(born, on) is expected


def test_a_preschool_child_pays_20_percent_then_30() -> None:
    born = dt.date(2020, 6, 1)
    assert (
        contribution_percent(
            birth_date=born, on=dt.date(2026, 3, 31), income=GENERAL, late_elderly=False
        )
        == 20
    )
    assert (
        contribution_percent(
            birth_date=born, on=dt.date(2027, 4, 1), income=GENERAL, late_elderly=False
        )
        == 30
    )


@pytest.mark.parametrize(
    ("born", "on", "expected"),
    [
        (dt.date(1956, 5, 15), dt.date(2026, 5, 31), 30),  # turned 70 this month: not yet
        (dt.date(1956, 5, 15), dt.date(2026, 6, 1), 20),  # from the first of the next month
        (dt.date(1956, 5, 1), dt.date(2026, 5, 1), 20),  # born on the 1st: that month
        (dt.date(1956, 12, 20), dt.date(2027, 1, 1), 20),  # across the year end
    ],
)
def test_elderly_recipients_from_the_month_after_turning_70(
    born: dt.date, on: dt.date, expected: int
) -> None:
    assert (
        contribution_percent(birth_date=born, on=on, income=GENERAL, late_elderly=False) == expected
    )
    assert contribution_percent(birth_date=born, on=on, income=ACTIVE, late_elderly=False) == 30


@pytest.mark.parametrize(
    ("income", "expected"),
    [(IncomeCategory.LOW, 10), (GENERAL, 10), (IncomeCategory.ABOVE_CERTAIN, 20), (ACTIVE, 30)],
)
def test_late_elderly_pay_by_income(income: IncomeCategory, expected: int) -> None:
    assert (
        contribution_percent(
            birth_date=dt.date(1940, 1, 1), on=dt.date(2026, 1, 1), income=income, late_elderly=True
        )
        == expected
    )


@given(
    born=st.dates(dt.date(1900, 1, 1), dt.date(2026, 1, 1)),
    on=st.dates(dt.date(2026, 1, 1), dt.date(2030, 1, 1)),
    income=st.sampled_from(IncomeCategory),
    late=st.booleans(),
)
def test_ratios_are_always_one_of_the_legal_values(
    born: dt.date, on: dt.date, income: IncomeCategory, late: bool
) -> None:
    assert contribution_percent(birth_date=born, on=on, income=income, late_elderly=late) in (
        10,
        20,
        30,
    )
    assert age_on(born, on) >= 0


def test_limit_classification_by_age_and_income() -> None:
    young, old = dt.date(1990, 1, 1), dt.date(1950, 1, 1)
    on = dt.date(2026, 1, 1)
    assert (
        limit_classification(birth_date=young, on=on, income=ACTIVE) is LimitClassification.CLASS_A
    )
    assert (
        limit_classification(birth_date=young, on=on, income=GENERAL) is LimitClassification.CLASS_U
    )
    assert (
        limit_classification(birth_date=old, on=on, income=GENERAL)
        is LimitClassification.ELDERLY_GENERAL
    )


def test_age_counts_whole_years() -> None:
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 2, 28)) == 25
    assert age_on(dt.date(2000, 2, 29), dt.date(2026, 3, 1)) == 26


def _figures(
    taxable: int, *, pension: int = 0, other: int = 0, exempt: bool = False
) -> KoukiTaxFigures:
    """A member whose 年金所得 is the pension less 1,100,000 (公的年金等控除, 65+)."""
    pension_income = max(pension - 1_100_000, 0)
    return KoukiTaxFigures(
        taxable_income=taxable,
        revenue=pension + other,
        pension_revenue=pension,
        total_income=pension_income + other,
        pension_income=pension_income,
        exempt=exempt,
    )


@pytest.mark.parametrize(
    ("members", "band"),
    [
        # 現役並み: 課税所得 ≥ 1,450,000 and 収入 ≥ 3,830,000 (one) / 5,200,000 (two).
        ([_figures(1_450_000, pension=3_000_000, other=900_000)], IncomeCategory.ACTIVE_EQUIVALENT),
        # … but 収入 under 3,830,000: decided by the 2割 rule instead.
        ([_figures(1_500_000, pension=3_000_000, other=800_000)], IncomeCategory.ABOVE_CERTAIN),
        (
            [_figures(1_500_000, pension=3_000_000, other=1_500_000), _figures(0, pension=800_000)],
            IncomeCategory.ACTIVE_EQUIVALENT,
        ),
        (
            [_figures(1_500_000, pension=3_000_000, other=800_000), _figures(0, pension=800_000)],
            IncomeCategory.ABOVE_CERTAIN,
        ),
        # 2割: 課税所得 ≥ 280,000 and 年金収入 + その他の合計所得 ≥ 2,000,000 / 3,200,000.
        ([_figures(280_000, pension=2_000_000)], IncomeCategory.ABOVE_CERTAIN),
        ([_figures(279_999, pension=2_000_000)], IncomeCategory.GENERAL),
        ([_figures(280_000, pension=1_999_000)], IncomeCategory.GENERAL),
        ([_figures(290_000, pension=2_200_000), _figures(0, pension=800_000)], GENERAL),
        ([_figures(290_000, pension=2_400_000), _figures(0, pension=800_000)], CERTAIN),
        # 1割; 低所得 when every 後期高齢 member is 非課税 ⚠.
        ([_figures(0, pension=800_000, exempt=True)], IncomeCategory.LOW),
        ([_figures(0, pension=800_000, exempt=True), _figures(10_000)], IncomeCategory.GENERAL),
    ],
)  # fmt: skip
def test_kouki_household_income(members: list[KoukiTaxFigures], band: IncomeCategory) -> None:
    assert kouki_household_income(members)[0] is band
