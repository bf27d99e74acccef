"""Deciding the 負担割合 and the 負担限度額 from income over the network, the household's other
第1号 included.

Each reads the platform's rows first, then asks the network (no unit of work of the platform
stays open across the query), then writes the decision. The household's other 第1号 are those
the platform last knew in the person's 世帯 (enrolment, the registry's move messages); only
those the network's 住民票関係情報 places in the person's 世帯 today count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from mynumber.care import burden, enrolment, rules
from mynumber.care.data import (
    BurdenCertificate,
    InsuredCategory,
    LimitApplication,
    LimitCertificate,
)
from mynumber.care.income import IncomeSource, Provided
from mynumber.care.models import InsuredRow
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError

__all__ = ["decide_burden", "decide_limit"]


@dataclass(frozen=True)
class _Asked:
    """Whom to ask for: the municipality and the 符号 of the person."""

    municipality: str
    code: str


def _asked(row: InsuredRow) -> _Asked:
    return _Asked(row.insurer_number, row.agency_code)


def _others(db: Database, insured_number: str, household: str | None) -> list[_Asked]:
    """Return the other 第1号 the platform knows in a 世帯."""
    if household is None:
        return []
    with db.unit_of_work() as uow:
        rows = uow.session.scalars(
            select(InsuredRow).where(
                InsuredRow.household_code == household,
                InsuredRow.category == InsuredCategory.FIRST.value,
                InsuredRow.insured_number != insured_number,
            )
        )
        return [_asked(r) for r in rows]


def _household_sum(
    income: IncomeSource,
    own: Provided,
    others: list[_Asked],
    *,
    fiscal_year: int,
    now: dt.datetime,
) -> tuple[int, int] | None:
    """Return (第1号 members, their 年金収入＋その他 summed), the person included."""
    if own.figures is None or own.figures.exempt or not others:
        return None
    members, total = 1, own.figures.pension_and_other
    for other in others:
        got = income.income(
            municipality=other.municipality, code=other.code, fiscal_year=fiscal_year, now=now
        )
        if got.household_code != own.household_code:
            continue  # moved out since: not of the 世帯 today
        members += 1
        total += got.figures.pension_and_other if got.figures else 0
    return members, total


def decide_burden(
    db: Database, income: IncomeSource, *, insured_number: str, on: dt.date, now: dt.datetime
) -> BurdenCertificate:
    """Ask the network for the income of the person and their household's other 第1号, and
    decide the 負担割合 of the period holding `on`."""
    _, _, fiscal_year = rules.burden_period(on)
    with db.unit_of_work() as uow:
        row = enrolment.insured_by_number(uow.session, insured_number)
        asked, first = _asked(row), row.category == InsuredCategory.FIRST.value
    own = income.income(
        municipality=asked.municipality, code=asked.code, fiscal_year=fiscal_year, now=now
    )
    others = _others(db, insured_number, own.household_code) if first else []
    household = _household_sum(income, own, others, fiscal_year=fiscal_year, now=now)
    with db.unit_of_work() as uow:
        row = enrolment.insured_by_number(uow.session, insured_number)
        if own.household_code:
            row.household_code = own.household_code  # the 世帯 as the 副本 says today
        return burden.decide_burden(
            uow.session, row, own.figures, on, household=household, missing=own.missing
        )


def decide_limit(
    db: Database, income: IncomeSource, *, application: LimitApplication, now: dt.datetime
) -> LimitCertificate:
    """Ask the network for the person's income and decide a 負担限度額認定 (409
    `income_unknown` when no 副本 of the year was provided, unless 生活保護 decides it)."""
    _, _, fiscal_year = rules.burden_period(application.applied_on)
    with db.unit_of_work() as uow:
        asked = _asked(enrolment.insured_by_number(uow.session, application.insured_number))
    own = income.income(
        municipality=asked.municipality, code=asked.code, fiscal_year=fiscal_year, now=now
    )
    if own.figures is None and not application.public_assistance:
        raise ConflictError(f"{own.missing}。所得を確認できません", code="income_unknown")
    with db.unit_of_work() as uow:
        row = enrolment.insured_by_number(uow.session, application.insured_number)
        return burden.decide_limit(uow.session, row, application, own.figures)
