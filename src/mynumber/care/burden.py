"""負担割合証 and 負担限度額認定証: what a person pays, from their income and savings.

The 負担割合 rests on the 住民税 assessment of the period's fiscal year (the 前年所得), which the
caller obtains from the municipality's 副本 over the information-provision network (`income`),
with those of the household's other 第1号. The 負担限度額 rests on the
household's exemption and the savings the person declares with the bankbook's copy.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.care import rules
from mynumber.care.data import (
    BurdenCertificate,
    InsuredCategory,
    LimitApplication,
    LimitCertificate,
)
from mynumber.care.models import BurdenRow, InsuredRow, LimitRow
from mynumber.kernel.errors import ConflictError

__all__ = ["current_burden", "current_limit", "decide_burden", "decide_limit", "ratio_on"]


def _burden(row: BurdenRow) -> BurdenCertificate:
    return BurdenCertificate(
        insured_number=row.insured_number,
        ratio=row.ratio,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        fiscal_year=row.fiscal_year,
        total_income=row.total_income,
        pension_and_other=row.pension_and_other,
        basis=row.basis,
    )


def decide_burden(
    session: Session,
    insured: InsuredRow,
    figures: rules.BurdenFigures | None,
    on: dt.date,
    *,
    household: tuple[int, int] | None = None,
    missing: str = "",
) -> BurdenCertificate:
    """Decide (again) the 負担割合 of the period holding `on`.

    Without figures (the municipality provided no 副本 of the year) the decision is 1割 and
    says why: ⚠ a provisional 1割 until the income is known (a 未申告 person is asked to
    declare), recorded with the reason, never silently.
    """
    start, end, fiscal_year = rules.burden_period(on)
    if figures is None:
        ratio, basis = 1, f"{missing}。所得を確認できないため暫定的に1割"[:100]
        figures = rules.BurdenFigures(0, 0, 0, exempt=False)
    else:
        ratio, basis = rules.burden_ratio(
            InsuredCategory(insured.category), figures, household=household
        )
    session.merge(
        BurdenRow(
            insured_number=insured.insured_number,
            valid_from=start,
            valid_to=end,
            ratio=ratio,
            fiscal_year=fiscal_year,
            total_income=figures.total_income,
            pension_and_other=figures.pension_and_other,
            basis=basis,
        )
    )
    session.flush()
    row = session.get(BurdenRow, (insured.insured_number, start))
    assert row is not None
    return _burden(row)


def current_burden(session: Session, number: str, on: dt.date) -> BurdenCertificate | None:
    """Return the 負担割合証 in force on a day."""
    row = session.scalar(
        select(BurdenRow).where(
            BurdenRow.insured_number == number, BurdenRow.valid_from <= on, BurdenRow.valid_to >= on
        )
    )
    return _burden(row) if row else None


def ratio_on(session: Session, number: str, on: dt.date) -> int:
    """Return the 割 a person pays on a day (1 where no certificate was decided ⚠)."""
    found = current_burden(session, number, on)
    return found.ratio if found else 1


def decide_limit(
    session: Session,
    insured: InsuredRow,
    application: LimitApplication,
    figures: rules.BurdenFigures | None,
) -> LimitCertificate:
    """Decide a 負担限度額認定, or refuse it as 非該当 (409 `limit_not_applicable`)."""
    exempt = figures is not None and figures.exempt
    stage = rules.limit_stage(
        pension_and_other=figures.pension_and_other if figures and exempt else 10**9,
        household_exempt=application.household_exempt and exempt,
        savings=application.savings,
        spouse_savings=application.spouse_savings,
        public_assistance=application.public_assistance,
        welfare_pension=application.welfare_pension,
    )
    if stage is None:
        raise ConflictError(
            "負担限度額認定の要件（世帯非課税・預貯金等）に該当しません",
            code="limit_not_applicable",
        )
    start, end, _ = rules.burden_period(application.applied_on)
    name, food, basis = stage
    row = LimitRow(
        insured_number=insured.insured_number,
        valid_from=max(start, application.applied_on.replace(day=1)),
        valid_to=end,
        stage=name,
        daily_food_limit=food,
        basis=basis,
    )
    session.merge(row)
    session.flush()
    return _limit(row)


def _limit(row: LimitRow) -> LimitCertificate:
    return LimitCertificate(
        insured_number=row.insured_number,
        stage=row.stage,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        daily_food_limit=row.daily_food_limit,
        basis=row.basis,
    )


def current_limit(session: Session, number: str, on: dt.date) -> LimitCertificate | None:
    """Return the 負担限度額認定証 in force on a day."""
    row = session.scalar(
        select(LimitRow)
        .where(
            LimitRow.insured_number == number, LimitRow.valid_from <= on, LimitRow.valid_to >= on
        )
        .order_by(LimitRow.valid_from.desc())
        .limit(1)
    )
    return _limit(row) if row else None
