"""個人住民税の賦課: incomes recorded per year, and each fiscal year's assessment from them.

A municipality assesses everyone in its 宛名 system born before 1 January of the fiscal year
(賦課期日), on the incomes of the year before; a person without any report is assessed on no
income (非課税). Whom each person supports comes from the household (`households`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from mynumber.kernel.errors import NotFoundError
from mynumber.municipality.addressees import to_addressee
from mynumber.municipality.data import (
    Addressee,
    AssessmentRun,
    IncomeReport,
    LocalTaxInfo,
    TaxAssessment,
)
from mynumber.municipality.households import Member, supported_by
from mynumber.municipality.models import AddresseeRow, AssessmentRow, IncomeRow
from mynumber.municipality.taxrules import Supported, TaxInputs, assess

__all__ = [
    "assess_all",
    "assessed_addressees",
    "assessment_of",
    "local_tax_info",
    "record_incomes",
    "to_assessment",
]

_CHUNK = 500
_INCOME_FIELDS = ("salary_revenue", "pension_revenue", "other_income", "social_insurance")


def record_incomes(
    session: Session, *, code: str, reports: Sequence[IncomeReport], now: dt.datetime
) -> int:
    """Record reports (a later report of the same person and year replaces the earlier);
    return how many. A person unknown to the municipality refuses the whole batch."""
    numbers = _address_numbers(session, code, reports)
    rows: dict[tuple[str, int], dict[str, object]] = {}
    for report in reports:
        number = numbers[report.my_number or str(report.resident_code)]
        rows[(number, report.income_year)] = {
            "municipality_code": code,
            "address_number": number,
            "income_year": report.income_year,
            **{name: getattr(report, name) for name in _INCOME_FIELDS},
            "recorded_at": now,
        }
    by_year: dict[int, list[str]] = {}
    for address_number, year in rows:
        by_year.setdefault(year, []).append(address_number)
    for year, replaced in by_year.items():  # earlier reports of the same people and year go
        for start in range(0, len(replaced), _CHUNK):
            session.execute(
                delete(IncomeRow).where(
                    IncomeRow.municipality_code == code,
                    IncomeRow.income_year == year,
                    IncomeRow.address_number.in_(replaced[start : start + _CHUNK]),
                )
            )
    if rows:
        session.execute(insert(IncomeRow), list(rows.values()))
    return len(rows)


def _address_numbers(
    session: Session, code: str, reports: Sequence[IncomeReport]
) -> dict[str, str]:
    """Return the 宛名番号 of everyone the reports name, by My Number or resident code; refuse
    (404 `not_an_addressee`) if one is not in the municipality's 宛名 system."""
    found: dict[str, str] = {}
    for column, wanted in (
        (AddresseeRow.my_number, {r.my_number for r in reports if r.my_number}),
        (AddresseeRow.resident_code, {r.resident_code for r in reports if r.resident_code}),
    ):
        keys = sorted(str(k) for k in wanted)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            rows = session.execute(
                select(column, AddresseeRow.address_number).where(
                    AddresseeRow.municipality_code == code, column.in_(chunk)
                )
            )
            found.update((key, number) for key, number in rows)
        if missing := [k for k in keys if k not in found]:
            what = "a My Number" if column is AddresseeRow.my_number else f"resident {missing[0]}"
            raise NotFoundError(  # a My Number stays out of the message
                f"{what} reported is not in the 宛名 system of {code}", code="not_an_addressee"
            )
    return found


def _inputs(person: AddresseeRow, income: IncomeRow | None, income_year: int) -> TaxInputs:
    figures = {name: getattr(income, name) for name in _INCOME_FIELDS} if income else {}
    return TaxInputs(birth_date=person.birth_date, income_year=income_year, **figures)


def assess_all(session: Session, *, code: str, fiscal_year: int, now: dt.datetime) -> AssessmentRun:
    """Assess every addressee of a municipality for a fiscal year, replacing an earlier run."""
    income_year = fiscal_year - 1
    people = list(
        session.scalars(
            select(AddresseeRow).where(
                AddresseeRow.municipality_code == code,
                AddresseeRow.birth_date < dt.date(fiscal_year, 1, 1),
            )
        )
    )
    incomes = {
        row.address_number: row
        for row in session.scalars(
            select(IncomeRow).where(
                IncomeRow.municipality_code == code, IncomeRow.income_year == income_year
            )
        )
    }
    inputs = {
        p.address_number: _inputs(p, incomes.get(p.address_number), income_year) for p in people
    }
    supported: dict[str, Supported] = {}
    households: dict[str, list[Member]] = {}
    for person in people:
        total = inputs[person.address_number].total_income()[2]
        member = Member(person.address_number, person.relationship, person.birth_date, total)
        households.setdefault(person.household_code, []).append(member)
    for members in households.values():
        supported.update(supported_by(members, income_year=income_year))
    session.execute(
        delete(AssessmentRow).where(
            AssessmentRow.municipality_code == code, AssessmentRow.fiscal_year == fiscal_year
        )
    )
    rows = []
    for number, base in inputs.items():
        taxpayer = replace(base, supported=supported.get(number, Supported()))
        rows.append(_row(code, number, fiscal_year, taxpayer, now))
    if rows:
        session.execute(insert(AssessmentRow), rows)
    exempt = sum(bool(r["exempt"]) for r in rows)
    return AssessmentRun(
        municipality=code,
        fiscal_year=fiscal_year,
        assessed=len(rows),
        exempt=exempt,
        per_capita_only=sum(bool(r["income_levy_exempt"]) for r in rows) - exempt,
        income_levy_total=sum(
            int(r["municipal_income_levy"]) + int(r["prefectural_income_levy"]) for r in rows
        ),
        per_capita_total=sum(int(r["per_capita_levy"]) for r in rows),
    )


def _row(
    code: str, number: str, fiscal_year: int, taxpayer: TaxInputs, now: dt.datetime
) -> dict[str, Any]:
    assessed = assess(taxpayer, fiscal_year=fiscal_year)
    return {
        "municipality_code": code,
        "address_number": number,
        "fiscal_year": fiscal_year,
        "income_year": taxpayer.income_year,
        "salary_revenue": taxpayer.salary_revenue,
        "salary_income": assessed.salary_income,
        "pension_revenue": taxpayer.pension_revenue,
        "pension_income": assessed.pension_income,
        "other_income": taxpayer.other_income,
        "total_income": assessed.total_income,
        "deductions": assessed.deductions,
        "taxable_income": assessed.taxable_income,
        "spouse": taxpayer.supported.spouse_age is not None,
        "dependants": len(taxpayer.supported.dependant_ages),
        "municipal_income_levy": assessed.municipal_income_levy,
        "prefectural_income_levy": assessed.prefectural_income_levy,
        "per_capita_levy": assessed.per_capita_total,
        "exempt": assessed.exempt,
        "income_levy_exempt": assessed.income_levy_exempt,
        "assessed_at": now,
    }


def to_assessment(row: AssessmentRow) -> TaxAssessment:
    """Return the DTO of an assessment row."""
    income_levy = row.municipal_income_levy + row.prefectural_income_levy
    return TaxAssessment(
        municipality=row.municipality_code,
        address_number=row.address_number,
        fiscal_year=row.fiscal_year,
        income_year=row.income_year,
        salary_revenue=row.salary_revenue,
        salary_income=row.salary_income,
        pension_revenue=row.pension_revenue,
        pension_income=row.pension_income,
        other_income=row.other_income,
        total_income=row.total_income,
        deductions=row.deductions,
        taxable_income=row.taxable_income,
        spouse=row.spouse,
        dependants=row.dependants,
        municipal_income_levy=row.municipal_income_levy,
        prefectural_income_levy=row.prefectural_income_levy,
        income_levy=income_levy,
        per_capita_levy=row.per_capita_levy,
        exempt=row.exempt,
        income_levy_exempt=row.income_levy_exempt,
        total_levy=income_levy + row.per_capita_levy,
    )


def assessment_of(
    session: Session, *, code: str, address_number: str, fiscal_year: int
) -> AssessmentRow:
    """Return an addressee's assessment of a fiscal year, or refuse (404 `not_assessed`)."""
    row = session.get(AssessmentRow, (code, address_number, fiscal_year))
    if row is None:
        raise NotFoundError(
            f"宛名番号 {address_number} has no 住民税 assessment of FY{fiscal_year} in {code}",
            code="not_assessed",
        )
    return row


def local_tax_info(row: AssessmentRow) -> LocalTaxInfo:
    """Return 地方税関係情報 of an assessment: the values the municipality provides."""
    return LocalTaxInfo(
        address_number=row.address_number,
        fiscal_year=row.fiscal_year,
        taxable_income=row.taxable_income,
        income_levy=row.municipal_income_levy + row.prefectural_income_levy,
        municipal_income_levy=row.municipal_income_levy,
        per_capita_levy=row.per_capita_levy,
        exempt="1" if row.exempt else "0",
        total_income=row.total_income,
        pension_income=row.pension_revenue,
        pension_net_income=row.pension_income,
        revenue=row.salary_revenue + row.pension_revenue + row.other_income,
    )


def assessed_addressees(
    session: Session, *, code: str, fiscal_year: int
) -> list[tuple[Addressee, LocalTaxInfo]]:
    """Return every addressee assessed for a fiscal year with their 地方税関係情報, by 宛名番号."""
    rows = session.execute(
        select(AddresseeRow, AssessmentRow)
        .join(
            AssessmentRow,
            (AssessmentRow.municipality_code == AddresseeRow.municipality_code)
            & (AssessmentRow.address_number == AddresseeRow.address_number),
        )
        .where(AddresseeRow.municipality_code == code, AssessmentRow.fiscal_year == fiscal_year)
        .order_by(AddresseeRow.address_number)
    ).all()
    return [(to_addressee(person), local_tax_info(tax)) for person, tax in rows]
