"""児童手当 decisions per household and 保育料 per child, from the 宛名 system and the tax.

Children are the household's members other than its head, the head's spouse and their parents
or grandparents ⚠ (the 住民票 shows 続柄 to the head, not who raises whom). The recipient of
児童手当 (受給者) is the parent with the higher 合計所得 (生計中心者) ⚠; the 保育料 is set from
the 市町村民税所得割額 of the child's parents: the head and spouse for a child (子), the head's
children and their spouses for a grandchild (孫).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mynumber.kernel.ages import preschool
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.municipality.addressees import household_members
from mynumber.municipality.assessment import assessment_of
from mynumber.municipality.data import AllowanceLine, ChildAllowanceDecision, NurseryFee
from mynumber.municipality.models import AddresseeRow, AllowanceDecisionRow, AssessmentRow
from mynumber.municipality.welfare import (
    Child,
    allowance_amounts,
    class_age,
    fee_tax_year,
    fiscal_year_of,
    nursery_charge,
    payment_month,
)

__all__ = [
    "decide_child_allowance",
    "decisions_of",
    "nursery_fee",
    "parents_of",
    "recipient_of",
]

_ADULT_ROLES = frozenset({"head", "spouse", "parent", "grandparent"})
_PARENTS_OF = {"child": ("head", "spouse"), "grandchild": ("child", "child_in_law")}


def _income_of(session: Session, code: str, number: str, fiscal_year: int) -> int:
    row = session.get(AssessmentRow, (code, number, fiscal_year))
    return row.total_income if row else 0


def _add_months(month: dt.date, months: int) -> dt.date:
    years, index = divmod(month.month - 1 + months, 12)
    return dt.date(month.year + years, index + 1, 1)


def recipient_of(
    session: Session, *, code: str, members: Sequence[AddresseeRow], month: dt.date
) -> AddresseeRow | None:
    """Return the 受給者 of a household's 児童手当 for a month: the parent (head or spouse) with
    the higher 合計所得, the head on a tie; None without either."""
    parents = [m for m in members if m.relationship in ("head", "spouse")]
    year = fiscal_year_of(month) - 1  # the latest assessment known early in the year ⚠
    return max(
        parents,
        key=lambda m: (_income_of(session, code, m.address_number, year), m.relationship == "head"),
        default=None,
    )


def decide_child_allowance(
    session: Session, *, code: str, household_code: str, month: dt.date, now: dt.datetime
) -> ChildAllowanceDecision:
    """Decide a household's 児童手当 for a month and record the decision (認定)."""
    members = household_members(session, code=code, household_code=household_code)
    if not members:
        raise NotFoundError(
            f"household {household_code} is not in municipality {code}", code="unknown_household"
        )
    first = month.replace(day=1)
    children = [
        Child(m.address_number, m.birth_date) for m in members if m.relationship not in _ADULT_ROLES
    ]
    amounts = allowance_amounts(children, first)
    paid = payment_month(first)
    covered = (_add_months(paid, -2), _add_months(paid, -1))
    payment = sum(sum(allowance_amounts(children, m).values()) for m in covered)
    recipient = recipient_of(session, code=code, members=members, month=first)
    lines = tuple(
        AllowanceLine(
            address_number=m.address_number,
            name=m.name,
            birth_date=m.birth_date,
            monthly=amounts[m.address_number],
        )
        for m in members
        if m.address_number in amounts
    )
    row = {
        "municipality_code": code,
        "household_code": household_code,
        "recipient": recipient.address_number if recipient else None,
        "month": first,
        "children": json.dumps(
            [line.model_dump(mode="json") for line in lines], ensure_ascii=False
        ),
        "monthly_total": sum(amounts.values()),
        "payment_month": paid,
        "payment_amount": payment,
        "decided_at": now,
    }
    decision_id = session.execute(
        insert(AllowanceDecisionRow).returning(AllowanceDecisionRow.decision_id), row
    ).scalar_one()
    return _decision(int(decision_id), row)


def _decision(decision_id: int, row: Mapping[str, object]) -> ChildAllowanceDecision:
    lines = tuple(AllowanceLine.model_validate(item) for item in json.loads(str(row["children"])))
    return ChildAllowanceDecision.model_validate(
        {
            "decision_id": decision_id,
            "municipality": row["municipality_code"],
            **{k: row[k] for k in ("household_code", "recipient", "month", "monthly_total")},
            **{k: row[k] for k in ("payment_month", "payment_amount")},
            "children": lines,
        }
    )


def decisions_of(
    session: Session, *, code: str, household_code: str
) -> list[ChildAllowanceDecision]:
    """Return a household's 児童手当 decisions, oldest first."""
    rows = session.scalars(
        select(AllowanceDecisionRow)
        .where(
            AllowanceDecisionRow.municipality_code == code,
            AllowanceDecisionRow.household_code == household_code,
        )
        .order_by(AllowanceDecisionRow.decision_id)
    )
    return [
        _decision(
            row.decision_id, {c.key: getattr(row, c.key) for c in AllowanceDecisionRow.__table__.c}
        )
        for row in rows
    ]


def _parents(child: AddresseeRow, members: Sequence[AddresseeRow]) -> list[AddresseeRow]:
    roles = _PARENTS_OF.get(child.relationship, ("head",))
    return [
        m for m in members if m.relationship in roles and m.address_number != child.address_number
    ]


def parents_of(session: Session, child: AddresseeRow) -> list[AddresseeRow]:
    """Return the parents whose 所得割額 set a child's 保育料, as the household shows them."""
    members = household_members(
        session, code=child.municipality_code, household_code=child.household_code
    )
    return _parents(child, members)


def nursery_fee(
    session: Session,
    *,
    child: AddresseeRow,
    month: dt.date,
    given_levy: int | None,
    given_exempt: bool,
) -> NurseryFee:
    """Return a child's 保育料 for a month: from the parents' assessments of the right fiscal
    year, or from a 所得割額 given (obtained elsewhere, e.g. from the former municipality)."""
    code, first = child.municipality_code, month.replace(day=1)
    if child.birth_date >= first or not preschool(child.birth_date, first):
        raise ConflictError(  # 409: the record says otherwise
            f"宛名番号 {child.address_number} is not of nursery age in {first:%Y-%m}",
            code="not_nursery_age",
        )
    members = household_members(session, code=code, household_code=child.household_code)
    tax_year = fee_tax_year(first)
    if given_levy is None:
        assessed = [
            assessment_of(session, code=code, address_number=p.address_number, fiscal_year=tax_year)
            for p in _parents(child, members)
        ]
        levy = sum(a.municipal_income_levy for a in assessed)
        exempt = bool(assessed) and all(a.exempt for a in assessed)
    else:
        levy, exempt = given_levy, given_exempt
    siblings = [
        m for m in members if m.relationship not in _ADULT_ROLES and preschool(m.birth_date, first)
    ]
    order = next(
        (i for i, m in enumerate(siblings, start=1) if m.address_number == child.address_number), 1
    )
    years = class_age(child.birth_date, first)
    charge = nursery_charge(
        class_years=years, month=first, income_levy=levy, exempt=exempt, sibling_order=order
    )
    return NurseryFee(
        municipality=code,
        address_number=child.address_number,
        month=first,
        class_age=years,
        tax_year=tax_year,
        parents_income_levy=levy,
        exempt_household=exempt,
        sibling_order=order,
        band=charge.band,
        full_fee=charge.full_fee,
        fee=charge.fee,
        reason=charge.reason,
        income_from="assessment" if given_levy is None else "given",
    )
