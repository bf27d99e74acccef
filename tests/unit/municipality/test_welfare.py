"""児童手当 and 保育料 rules."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.municipality.welfare import (
    Child,
    allowance_amounts,
    class_age,
    fee_tax_year,
    nursery_charge,
    payment_month,
    year_end_after,
)

NOVEMBER = dt.date(2026, 11, 1)


def test_three_children() -> None:
    """6 and 3 years old: 10,000 each; the third child (1): 30,000."""
    children = [
        Child("a", dt.date(2020, 5, 10)),
        Child("b", dt.date(2023, 3, 15)),
        Child("c", dt.date(2025, 8, 1)),
    ]
    assert allowance_amounts(children, NOVEMBER) == {"a": 10_000, "b": 10_000, "c": 30_000}


def test_an_older_student_counts_for_the_third_child() -> None:
    """A 20-year-old is not paid but counts until the end of the year they turn 22."""
    children = [
        Child("student", dt.date(2006, 5, 1)),
        Child("pupil", dt.date(2012, 1, 1)),
        Child("baby", dt.date(2024, 1, 10)),
    ]
    assert allowance_amounts(children, NOVEMBER) == {"pupil": 10_000, "baby": 30_000}


def test_until_the_end_of_the_high_school_year() -> None:
    # Born 2 April 2008: 18 reached on 1 April 2026, paid until March 2027.
    assert year_end_after(dt.date(2008, 4, 2), 18) == dt.date(2027, 3, 31)
    # Born 1 April 2008: the year before (reached on 31 March 2026).
    assert year_end_after(dt.date(2008, 4, 1), 18) == dt.date(2026, 3, 31)
    assert allowance_amounts([Child("x", dt.date(2008, 4, 1))], dt.date(2026, 4, 1)) == {}
    last = allowance_amounts([Child("x", dt.date(2008, 4, 2))], dt.date(2027, 3, 1))
    assert last == {"x": 10_000}


@pytest.mark.parametrize(
    ("birth", "month", "amount"),
    [
        (dt.date(2023, 11, 15), dt.date(2026, 11, 1), 15_000),  # 3 reached 14 Nov: still
        (dt.date(2023, 11, 15), dt.date(2026, 12, 1), 10_000),
        (dt.date(2023, 11, 1), dt.date(2026, 11, 1), 10_000),  # reached 31 October
        (dt.date(2026, 10, 20), dt.date(2026, 10, 1), None),  # born in the month: from the next
    ],
)
def test_under_three(birth: dt.date, month: dt.date, amount: int | None) -> None:
    assert allowance_amounts([Child("x", birth)], month).get("x") == amount


def test_paid_in_even_months() -> None:
    assert payment_month(dt.date(2026, 11, 1)) == dt.date(2026, 12, 1)
    assert payment_month(dt.date(2026, 12, 1)) == dt.date(2027, 2, 1)
    assert payment_month(dt.date(2027, 1, 1)) == dt.date(2027, 2, 1)


def test_fee_year_and_class() -> None:
    assert fee_tax_year(dt.date(2026, 6, 1)) == 2025
    assert fee_tax_year(dt.date(2026, 9, 1)) == 2026
    assert fee_tax_year(dt.date(2027, 2, 1)) == 2026
    assert class_age(dt.date(2024, 5, 1), NOVEMBER) == 1
    assert class_age(dt.date(2023, 4, 1), NOVEMBER) == 3  # 3 reached on 31 March


@pytest.mark.parametrize(
    ("levy", "band", "fee"),
    [(0, 3, 19_500), (48_600, 4, 30_000), (96_999, 4, 30_000), (97_000, 5, 44_500),
     (300_999, 6, 61_000), (397_000, 8, 104_000)],
)  # fmt: skip
def test_nursery_bands(levy: int, band: int, fee: int) -> None:
    charge = nursery_charge(
        class_years=1, month=NOVEMBER, income_levy=levy, exempt=False, sibling_order=1
    )
    assert (charge.band, charge.fee) == (band, fee)


def test_nursery_free_cases_and_siblings() -> None:
    def charge(**kwargs: object) -> tuple[int, str]:
        args: dict[str, object] = {
            "class_years": 1,
            "month": NOVEMBER,
            "income_levy": 100_000,
            "exempt": False,
            "sibling_order": 1,
        }
        result = nursery_charge(**{**args, **kwargs})  # type: ignore[arg-type]
        return result.fee, result.reason

    assert charge(class_years=3) == (0, "free_age")
    assert charge(exempt=True, income_levy=0) == (0, "exempt_household")
    assert charge(sibling_order=2) == (22_250, "second_child")
    assert charge(sibling_order=3) == (0, "third_child")
    assert charge(class_years=4, month=dt.date(2019, 9, 1)) == (44_500, "band")
