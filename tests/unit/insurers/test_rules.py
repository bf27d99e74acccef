"""Contribution ratios and limit classifications by age and income (2026 rules)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber.insurers.data import IncomeCategory, LimitClassification
from mynumber.insurers.rules import contribution_percent, limit_classification
from mynumber.kernel.ages import age_on, preschool

GENERAL, ACTIVE = IncomeCategory.GENERAL, IncomeCategory.ACTIVE_EQUIVALENT


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
