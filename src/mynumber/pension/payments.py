"""年金決定 at 65, payments in even months, 年金給付関係情報, and the 年金生活者支援給付金."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.pension import records, rules
from mynumber.pension.data import (
    AwardRun,
    Payment,
    PaymentRun,
    PensionAward,
    PensionBenefitInfo,
    SupportBenefitDecision,
)
from mynumber.pension.models import AwardRow, PaymentRow, PersonRow
from mynumber.pension.numbers import format_number

__all__ = [
    "award_all",
    "award_of",
    "benefit_info",
    "benefit_infos",
    "income_year_of",
    "pay",
    "payments_of",
    "support_benefit",
]

_BASIC = "老齢基礎年金"
_WITH_EMPLOYEES = "老齢基礎年金・老齢厚生年金"
_PAY_DAY = 15


def award_all(session: Session, *, on: dt.date, now: dt.datetime) -> AwardRun:
    """Award the old-age pension to everyone whose first payable month has come and who has
    none yet; those without the 120 months of 受給資格期間 are counted, not awarded."""
    month = on.replace(day=1)
    awarded = select(AwardRow.basic_pension_number)
    candidates = [
        row
        for row in session.scalars(
            select(PersonRow).where(
                PersonRow.birth_date <= dt.date(on.year - 64, 12, 31),
                PersonRow.basic_pension_number.not_in(awarded),
            )
        )
        if rules.first_payable_month(row.birth_date) <= month
    ]
    spells = records.periods_of(session, [row.basic_pension_number for row in candidates])
    rows, unqualified = [], 0
    for person in candidates:
        periods = spells[person.basic_pension_number]
        if rules.qualifying_months(periods, on) < rules.QUALIFYING_MONTHS:
            unqualified += 1
            continue
        months = rules.contribution_months(person.birth_date, periods, on)
        employees = rules.old_age_employees_annual(
            rules.average_remuneration(periods, on), rules.employee_months(periods, on)
        )
        rows.append(
            {
                "basic_pension_number": person.basic_pension_number,
                "kind": _WITH_EMPLOYEES if employees else _BASIC,
                "basic_annual": rules.old_age_basic_annual(person.birth_date, months),
                "employees_annual": employees,
                "first_month": rules.first_payable_month(person.birth_date),
                "contribution_months": months,
                "decided_at": now,
            }
        )
    if rows:
        session.execute(insert(AwardRow), rows)
    return AwardRun(on=on, awarded=len(rows), not_qualified=unqualified)


def _award_row(session: Session, number: str) -> AwardRow | None:
    return session.get(AwardRow, number)


def award_of(session: Session, number: str) -> PensionAward:
    """Return a person's award, or refuse (404 `not_awarded`)."""
    row = _award_row(session, number)
    if row is None:
        raise NotFoundError(f"no pension awarded under {format_number(number)}", code="not_awarded")
    return PensionAward(
        basic_pension_number=row.basic_pension_number,
        kind=row.kind,
        basic_annual=row.basic_annual,
        employees_annual=row.employees_annual,
        annual_total=row.basic_annual + row.employees_annual,
        first_month=row.first_month,
        contribution_months=row.contribution_months,
        decided_at=row.decided_at,
    )


def _payment_day(month: dt.date) -> dt.date:
    if month.month % 2:
        raise InvalidInputError(
            f"pensions are paid in even months, not in {month:%Y-%m}", code="not_a_payment_month"
        )
    return month.replace(day=_PAY_DAY)


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def pay(session: Session, *, month: dt.date, now: dt.datetime) -> PaymentRun:
    """Pay every award for the two months before an even month (again: pays no one twice)."""
    day = _payment_day(month)
    last = _previous_month(day)
    first = _previous_month(last)
    paid_already = select(PaymentRow.basic_pension_number).where(PaymentRow.payment_month == day)
    awards = session.scalars(
        select(AwardRow).where(
            AwardRow.first_month <= last, AwardRow.basic_pension_number.not_in(paid_already)
        )
    )
    rows = []
    for award in awards:
        months = 2 if award.first_month <= first else 1
        annual = award.basic_annual + award.employees_annual
        rows.append(
            {
                "basic_pension_number": award.basic_pension_number,
                "payment_month": day,
                "months": months,
                "amount": rules.payment_amount(annual, months, day),
                "paid_at": now,
            }
        )
    if rows:
        session.execute(insert(PaymentRow), rows)
    return PaymentRun(payment_month=day, paid=len(rows), total=sum(r["amount"] for r in rows))


def payments_of(session: Session, number: str) -> list[Payment]:
    """Return a person's payments, oldest first."""
    rows = session.scalars(
        select(PaymentRow)
        .where(PaymentRow.basic_pension_number == number)
        .order_by(PaymentRow.payment_month)
    )
    return [
        Payment(
            basic_pension_number=row.basic_pension_number,
            payment_month=row.payment_month,
            months=row.months,
            amount=row.amount,
        )
        for row in rows
    ]


def _paid_in(session: Session, numbers: Sequence[str] | None, year: int) -> dict[str, int]:
    query = (
        select(PaymentRow.basic_pension_number, func.sum(PaymentRow.amount))
        .where(
            PaymentRow.payment_month >= dt.date(year, 1, 1),
            PaymentRow.payment_month <= dt.date(year, 12, 31),
        )
        .group_by(PaymentRow.basic_pension_number)
    )
    if numbers is not None:
        query = query.where(PaymentRow.basic_pension_number.in_(numbers))
    return {number: int(total) for number, total in session.execute(query)}


def _info(number: str, year: int, award: AwardRow | None, paid: int) -> PensionBenefitInfo:
    receives = award is not None and award.first_month <= dt.date(year, 12, 1)
    return PensionBenefitInfo(
        basic_pension_number=number,
        year=year,
        pension_income=paid,
        pension_kind=award.kind if award is not None else "",
        receives_old_age_basic="1" if receives else "0",
    )


def benefit_info(session: Session, number: str, year: int) -> PensionBenefitInfo:
    """Return a person's 年金給付関係情報 of a calendar year."""
    paid = _paid_in(session, [number], year).get(number, 0)
    return _info(number, year, _award_row(session, number), paid)


def benefit_infos(session: Session, year: int) -> list[PensionBenefitInfo]:
    """Return the 年金給付関係情報 of a year of everyone awarded, by 基礎年金番号."""
    paid = _paid_in(session, None, year)
    awards = session.scalars(select(AwardRow).order_by(AwardRow.basic_pension_number))
    return [
        _info(award.basic_pension_number, year, award, paid.get(award.basic_pension_number, 0))
        for award in awards
    ]


def income_year_of(month: dt.date) -> int:
    """Return the 前年 whose income decides a month's 支援給付金: October to September are
    decided on the year before the October."""
    return month.year - 1 if month.month >= 10 else month.year - 2


def support_benefit(
    session: Session,
    person: PersonRow,
    *,
    month: dt.date,
    household_exempt: bool,
    other_income: int,
    pension_revenue: int | None,
) -> SupportBenefitDecision:
    """Decide a person's 年金生活者支援給付金 of a month from the 前年 income (October to
    September are decided on the year before the October); without pension_revenue, from
    the service's own payments of that year."""
    month = month.replace(day=1)
    income_year = income_year_of(month)
    number = person.basic_pension_number
    own = pension_revenue is None
    revenue = _paid_in(session, [number], income_year).get(number, 0) if own else pension_revenue
    award = _award_row(session, number)
    decided = rules.support_benefit(
        birth=person.birth_date,
        month=month,
        receives_basic=award is not None and award.first_month <= month,
        household_exempt=household_exempt,
        income=(revenue or 0) + other_income,
        months=award.contribution_months if award is not None else 0,
    )
    return SupportBenefitDecision(
        basic_pension_number=number,
        month=month,
        income_year=income_year,
        pension_revenue=revenue or 0,
        other_income=other_income,
        household_exempt=household_exempt,
        income_line=decided.income_line,
        kind=decided.kind,
        monthly=decided.monthly,
        reason=decided.reason,
        income_from="own" if own else "given",
    )
