"""受給資格の決定 (基本手当, 高年齢求職者給付金) and 雇用保険給付関係情報.

A person who left a job applies at ハローワーク (求職の申込み); the application is decided on
their latest separation before the day. One decision per separation: applying again returns it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.employment import rules
from mynumber.employment.data import (
    BenefitDecision,
    BenefitKind,
    EmploymentBenefitInfo,
    SeparationReason,
)
from mynumber.employment.models import DecisionRow, PersonRow, SpellRow
from mynumber.kernel.ages import age_on
from mynumber.kernel.errors import ConflictError

__all__ = ["apply", "benefit_info", "benefit_infos", "decisions_of"]


def _spells(session: Session, number: str) -> list[SpellRow]:
    return list(
        session.scalars(
            select(SpellRow).where(SpellRow.insured_number == number).order_by(SpellRow.start)
        )
    )


def _receivable_until(separated_on: dt.date) -> dt.date:
    """Return the last day of the 受給期間: a year from the day after leaving."""
    day = separated_on + dt.timedelta(days=1)
    try:
        return day.replace(year=day.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(day.year + 1, 2, 28)


def _to_decision(row: DecisionRow) -> BenefitDecision:
    return BenefitDecision(
        decision_id=row.decision_id,
        insured_number=row.insured_number,
        applied_on=row.applied_on,
        separated_on=row.separated_on,
        reason=SeparationReason(row.reason),
        age=row.age,
        kind=BenefitKind(row.kind),
        insured_months=row.insured_months,
        insured_years=row.insured_years,
        wage_daily=row.wage_daily,
        benefit_rate=row.benefit_rate,
        benefit_daily=row.benefit_daily,
        benefit_days=row.benefit_days,
        restriction_months=row.restriction_months,
        total=row.benefit_daily * row.benefit_days,
        receivable_until=_receivable_until(row.separated_on),
        note=row.note,
    )


def _decide(person: PersonRow, spells: Sequence[SpellRow], left: SpellRow) -> dict[str, object]:
    """Return the figures of the decision on one separation."""
    assert left.last_day is not None and left.reason is not None
    dates = [rules.SpellDates(s.start, s.last_day) for s in spells]
    age = age_on(person.birth_date, left.last_day)
    months_2y = rules.insured_months(dates, left.last_day, 2)
    months_1y = rules.insured_months(dates, left.last_day, 1)
    years = rules.insured_years(dates, left.last_day)
    reason = SeparationReason(left.reason)
    granted = rules.entitlement(
        age=age, reason=reason, months_2y=months_2y, months_1y=months_1y, years=years
    )
    wage = rules.wage_daily(left.monthly_wage)
    rate, daily = rules.benefit_daily(wage, min(age, 64))
    if granted.kind is BenefitKind.NONE:
        rate, daily = 0.0, 0
    return {
        "reason": reason.value,
        "age": age,
        "kind": granted.kind.value,
        "insured_months": months_1y if age >= 65 else months_2y,
        "insured_years": years,
        "wage_daily": wage,
        "benefit_rate": rate,
        "benefit_daily": daily,
        "benefit_days": granted.days,
        "restriction_months": granted.restriction_months,
        "note": granted.note,
    }


def apply(
    session: Session, person: PersonRow, *, applied_on: dt.date, now: dt.datetime
) -> BenefitDecision:
    """Decide an application on the person's latest separation before `applied_on` (409
    `not_separated` if employed that day or never separated)."""
    spells = _spells(session, person.insured_number)
    employed = any(
        s.start <= applied_on and (s.last_day is None or s.last_day >= applied_on) for s in spells
    )
    left = next(
        (s for s in reversed(spells) if s.last_day is not None and s.last_day < applied_on), None
    )
    if employed or left is None or left.last_day is None:
        raise ConflictError("no separation to decide on: employed that day", code="not_separated")
    existing = session.scalar(
        select(DecisionRow).where(
            DecisionRow.insured_number == person.insured_number,
            DecisionRow.separated_on == left.last_day,
        )
    )
    if existing is not None:
        return _to_decision(existing)
    row = DecisionRow(
        insured_number=person.insured_number,
        applied_on=applied_on,
        separated_on=left.last_day,
        decided_at=now,
        **_decide(person, spells, left),
    )
    session.add(row)
    session.flush()
    return _to_decision(row)


def decisions_of(session: Session, number: str) -> list[BenefitDecision]:
    """Return a person's decisions, oldest first."""
    rows = session.scalars(
        select(DecisionRow)
        .where(DecisionRow.insured_number == number)
        .order_by(DecisionRow.separated_on)
    )
    return [_to_decision(row) for row in rows]


def _info(
    number: str, on: dt.date, spells: Sequence[SpellRow], latest: DecisionRow | None
) -> EmploymentBenefitInfo:
    insured = any(s.start <= on and (s.last_day is None or s.last_day >= on) for s in spells)
    receiving = (
        latest is not None
        and latest.kind != BenefitKind.NONE.value
        and latest.applied_on <= on <= _receivable_until(latest.separated_on)
    )
    return EmploymentBenefitInfo(
        insured_number=number,
        on=on,
        insured="1" if insured else "0",
        benefit_kind=latest.kind if latest is not None else "",
        benefit_daily=latest.benefit_daily if latest is not None else 0,
        benefit_days=latest.benefit_days if latest is not None else 0,
        receiving="1" if receiving else "0",
    )


def _latest_decisions(session: Session, on: dt.date) -> dict[str, DecisionRow]:
    latest: dict[str, DecisionRow] = {}
    for row in session.scalars(
        select(DecisionRow).where(DecisionRow.applied_on <= on).order_by(DecisionRow.separated_on)
    ):
        latest[row.insured_number] = row
    return latest


def benefit_info(session: Session, number: str, on: dt.date) -> EmploymentBenefitInfo:
    """Return a person's 雇用保険給付関係情報 on a day."""
    latest = session.scalar(
        select(DecisionRow)
        .where(DecisionRow.insured_number == number, DecisionRow.applied_on <= on)
        .order_by(DecisionRow.separated_on.desc())
        .limit(1)
    )
    return _info(number, on, _spells(session, number), latest)


def benefit_infos(session: Session, on: dt.date) -> list[EmploymentBenefitInfo]:
    """Return the 雇用保険給付関係情報 on a day of everyone with a decision, by number."""
    latest = _latest_decisions(session, on)
    spells: dict[str, list[SpellRow]] = {number: [] for number in latest}
    for row in session.scalars(
        select(SpellRow).where(SpellRow.insured_number.in_(select(DecisionRow.insured_number)))
    ):
        spells.setdefault(row.insured_number, []).append(row)
    return [_info(n, on, spells[n], latest[n]) for n in sorted(latest)]
