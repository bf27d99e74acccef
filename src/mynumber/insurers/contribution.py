"""一部負担金割合の判定: a 後期高齢者医療広域連合 sets its members' 負担割合 (1・2・3割) from the
住民税 of each household's 後期高齢 members, asked of their municipality over the network (J0001).

The 広域連合 names each member to the network by the 符号 it obtained at their enrolment, under
its one agency id (`network_agency_id`), linked in its partition of the intermediate server
(no second acquisition: one 符号 per person); it asks for 地方税関係情報 and 住民票関係情報
(the 世帯) in one query per member. A household is decided together: its members who share the
municipality and the address on the membership are asked, and those the 住民票関係情報 puts in
the same 世帯 are decided as one ⚠ (the real 広域連合 holds the 住基 data of its members itself).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mynumber.insurers.data import (
    KOUKI_CONTRIBUTION_PROCEDURE,
    ContributionDecision,
    ContributionRefusal,
    IncomeCategory,
    InsurerKind,
    KoukiMember,
    network_agency_id,
)
from mynumber.insurers.linking import address_number, partition_numbers
from mynumber.insurers.models import ContributionDecisionRow, MemberResidenceRow, MembershipRow
from mynumber.insurers.rules import KoukiTaxFigures, contribution_percent, kouki_household_income
from mynumber.insurers.service import insurer
from mynumber.intermediate.api import AgencyPartition, CodeAcquisition, linked_codes
from mynumber.intermediate.data import CodeApplicant, full_width
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.municipality.data import LOCAL_TAX_ITEM, RESIDENT_ITEM
from mynumber.municipality.data import agency_id as municipality_agency
from mynumber.network.api import AgencyDesk, NetworkOperator
from mynumber.network.data import ExchangeRequest, sign

__all__ = ["Applicant", "Links", "Plan", "ask", "decide", "link_members", "plan", "record"]


class NetworkDesk(AgencyDesk, NetworkOperator, Protocol):
    """What the 広域連合 asks of the network: to be connected, and to broker its queries."""


@dataclass(frozen=True)
class Links:
    """The insurers' connections: the network, their intermediate partitions, 符号取得,
    and the key store their requests to the network are signed from."""

    network: NetworkDesk
    intermediate: AgencyPartition
    codes: CodeAcquisition
    signing_keys: AgencyKeyStore


_CHUNK = 500
_DECISION_COLUMNS = {
    "membership_id", "fiscal_year", "income", "contribution_percent", "previous_percent",
    "household_members", "reason", "decided_at",
}  # fmt: skip


@dataclass(frozen=True)
class _Member:
    membership_id: str
    number: str  # 被保険者番号
    partition_numbers: tuple[str, ...]  # the 符号 is linked under one of them
    municipality: str
    address: str
    birth_date: dt.date
    income: IncomeCategory


@dataclass(frozen=True)
class Plan:
    """Whom to decide (targets, by 被保険者番号) and whom to ask (their possible households)."""

    insurer_number: str
    agency: str
    targets: frozenset[str]
    members: tuple[_Member, ...]


@dataclass(frozen=True)
class _Found:
    household: tuple[str, str]  # (municipality, 世帯コード)
    fiscal_year: int
    figures: KoukiTaxFigures


def _kouki(session: Session, insurer_number: str) -> str:
    """Return the agency id of a 広域連合, or refuse another kind of insurer (409)."""
    kind = InsurerKind(insurer(session, insurer_number).kind)
    if kind is not InsurerKind.KOKI:
        raise ConflictError(
            f"insurer {insurer_number} is not a 後期高齢者医療広域連合", code="not_kouki"
        )
    return network_agency_id(insurer_number)


@dataclass(frozen=True)
class Applicant:
    """A member in force, to obtain a 符号 for unless one is linked under one of the numbers."""

    applicant: CodeApplicant
    partition_numbers: tuple[str, ...]


def link_members(
    session: Session, *, insurer_number: str, members: Sequence[KoukiMember], now: dt.datetime
) -> tuple[str, str, list[Applicant]]:
    """Record where the members live (set-wise); return the 広域連合's name, its agency id and
    its members in force among them (whose 符号 it obtained at enrolment, unless lost since)."""
    agency = _kouki(session, insurer_number)
    rows = session.execute(
        select(MemberResidenceRow.number, MemberResidenceRow.municipality_code).where(
            MemberResidenceRow.insurer_number == insurer_number
        )
    )
    held = {number: code for number, code in rows}
    wanted = {m.number: m.municipality for m in members}
    new = [n for n in wanted if n not in held]
    if new:
        session.execute(
            insert(MemberResidenceRow),
            [{"insurer_number": insurer_number, "number": n, "municipality_code": wanted[n],
              "recorded_at": now} for n in new],
        )  # fmt: skip
    for number, code in wanted.items():
        if number in held and held[number] != code:  # moved within the 広域連合's area
            row = session.get_one(MemberResidenceRow, (insurer_number, number))
            row.municipality_code, row.recorded_at = code, now
    return (
        insurer(session, insurer_number).name,
        agency,
        _applicants(session, insurer_number, members),
    )


def _applicants(
    session: Session, insurer_number: str, members: Sequence[KoukiMember]
) -> list[Applicant]:
    """Return the members in force among these, each under their membership's number."""
    by_number = {m.number: m for m in members}
    numbers = sorted(by_number)
    in_force: dict[str, tuple[str, str]] = {}  # 被保険者番号 → (membership id, the person)
    columns = (MembershipRow.number, MembershipRow.membership_id, MembershipRow.person_code)
    for start in range(0, len(numbers), _CHUNK):
        rows = session.execute(
            select(*columns).where(
                MembershipRow.insurer_number == insurer_number,
                MembershipRow.valid_to.is_(None),
                MembershipRow.number.in_(numbers[start : start + _CHUNK]),
            )
        )
        in_force.update((number, (membership_id, person)) for number, membership_id, person in rows)
    numbers_of = partition_numbers(
        session, insurer_number=insurer_number, person_codes=[p for _, p in in_force.values()]
    )
    return [
        Applicant(
            CodeApplicant(
                address_number=address_number(membership_id),
                my_number=by_number[number].my_number,
                resident_code=by_number[number].resident_code,
            ),
            numbers_of[person],
        )
        for number, (membership_id, person) in in_force.items()
    ]


def required(links: Links | None) -> Links:
    """Return the links, or fail: these insurers were built without the network."""
    if links is None:
        raise RuntimeError("these insurers were built without the network")
    return links


def obtain_codes(links: Links, *, agency: str, name: str, people: Sequence[Applicant]) -> int:
    """Connect the 広域連合 and obtain the 符号 it lacks for these people (none, for those it
    enrolled: it obtained them then); return how many."""
    links.network.connect(
        agency_id=agency, name=name, public_key=links.signing_keys.public_key(agency)
    )
    held = links.intermediate.codes_for(
        agency=agency, address_numbers=[n for p in people for n in p.partition_numbers]
    )
    lacking = [p.applicant for p in people if not held.keys() & set(p.partition_numbers)]
    linked_codes(links.intermediate, links.codes, agency=agency, people=lacking)
    return len({p.address_number for p in lacking})


def plan(session: Session, *, insurer_number: str, numbers: Sequence[str] | None) -> Plan:
    """Return whom to decide: every member in force, or the given ones and their possible
    households (the members at the same municipality and address)."""
    agency = _kouki(session, insurer_number)
    rows = session.execute(
        select(MembershipRow, MemberResidenceRow.municipality_code)
        .join(
            MemberResidenceRow,
            (MemberResidenceRow.insurer_number == MembershipRow.insurer_number)
            & (MemberResidenceRow.number == MembershipRow.number),
        )
        .where(MembershipRow.insurer_number == insurer_number, MembershipRow.valid_to.is_(None))
        .order_by(MembershipRow.number)
    ).all()
    numbers_of = partition_numbers(
        session, insurer_number=insurer_number, person_codes=[r.person_code for r, _ in rows]
    )
    members = [
        _Member(r.membership_id, r.number, numbers_of[r.person_code], code, r.address, r.birth_date,
                IncomeCategory(r.income))
        for r, code in rows
    ]  # fmt: skip
    if numbers is None:
        return Plan(insurer_number, agency, frozenset(m.number for m in members), tuple(members))
    by_number = {m.number: m for m in members}
    unknown = [i for i, n in enumerate(numbers) if n not in by_number]
    if unknown:  # by position: a My Number put in by mistake is not said back
        raise NotFoundError(
            f"numbers[{unknown[0]}] is no member in force with a known municipality at "
            f"{insurer_number}",
            code="unknown_member",
        )
    places = {(by_number[n].municipality, by_number[n].address) for n in numbers}
    near = tuple(m for m in members if (m.municipality, m.address) in places)
    return Plan(insurer_number, agency, frozenset(numbers), near)


def _figures(tax: dict[str, str | int | None]) -> KoukiTaxFigures:
    def number(key: str) -> int:
        return int(tax.get(key) or 0)

    return KoukiTaxFigures(
        taxable_income=number("taxable_income"),
        revenue=number("revenue"),
        pension_revenue=number("pension_income"),
        total_income=number("total_income"),
        pension_income=number("pension_net_income"),
        exempt=tax.get("exempt") == "1",
    )


def ask(
    links: Links, plan: Plan, *, now: dt.datetime
) -> tuple[dict[str, _Found], list[ContributionRefusal], int]:
    """Ask each member's municipality for their 地方税関係情報 and 住民票関係情報; return what was
    found by 被保険者番号, the refusals, and how many queries were sent."""
    linked = links.intermediate.codes_for(
        agency=plan.agency, address_numbers=[n for m in plan.members for n in m.partition_numbers]
    )
    found: dict[str, _Found] = {}
    refusals: list[ContributionRefusal] = []
    queries = 0
    for member in plan.members:
        code = next((linked[n] for n in member.partition_numbers if n in linked), None)
        if code is None:
            message = f"指定された被保険者番号「{full_width(member.number)}」は符号が未取得です。"
            refusals.append(_refusal(member.number, "code_missing", message))
            continue
        answer = links.network.query(
            request=sign(
                ExchangeRequest(
                    requester=plan.agency,
                    code=code,
                    procedure=KOUKI_CONTRIBUTION_PROCEDURE,
                    items=(LOCAL_TAX_ITEM, RESIDENT_ITEM),
                    provider=municipality_agency(member.municipality),
                    request_id=uuid.uuid4().hex,
                    requested_at=now,
                ),
                links.signing_keys.private_key(plan.agency),
            )
        )
        queries += 1
        try:
            tax, resident = answer.provided(LOCAL_TAX_ITEM), answer.provided(RESIDENT_ITEM)
        except ConflictError as refused:
            refusals.append(_refusal(member.number, refused.code, refused.reason))
            continue
        household = (member.municipality, str(resident.get("household_code")))
        found[member.number] = _Found(household, int(tax.get("fiscal_year") or 0), _figures(tax))
    return found, refusals, queries


def decide(
    plan: Plan,
    found: dict[str, _Found],
    refusals: list[ContributionRefusal],
    *,
    now: dt.datetime,
) -> tuple[list[ContributionDecision], list[ContributionRefusal]]:
    """Decide each household that holds a target, from all its members' figures; a household
    with a member refused is not decided (its rule needs everyone's 住民税)."""
    refused = {r.number for r in refusals}
    households: dict[tuple[str, str], list[_Member]] = {}
    for member in plan.members:
        if member.number in found:
            households.setdefault(found[member.number].household, []).append(member)
    decisions, more = [], list(refusals)
    for people in households.values():
        if not any(m.number in plan.targets for m in people):
            continue
        blocked = _blocked(plan, people, refused, found)
        if blocked:
            more += blocked
            continue
        income, reason = kouki_household_income([found[m.number].figures for m in people])
        for member in people:
            decisions.append(
                ContributionDecision(
                    membership_id=member.membership_id,
                    number=member.number,
                    fiscal_year=found[member.number].fiscal_year,
                    income=income,
                    contribution_percent=_percent(member, income, now),
                    previous_percent=_percent(member, member.income, now),
                    household_members=len(people),
                    reason=reason,
                    decided_at=now,
                )
            )
    return decisions, more


def _blocked(
    plan: Plan, people: list[_Member], refused: set[str], found: dict[str, _Found]
) -> list[ContributionRefusal]:
    """Return refusals of a household's members when one of its possible members was refused."""
    places = {(m.municipality, m.address) for m in people}
    missing = [
        m for m in plan.members if m.number in refused and (m.municipality, m.address) in places
    ]
    if not missing:
        return []
    message = f"世帯の後期高齢者（被保険者番号 {missing[0].number}）の情報が得られません。"
    return [_refusal(m.number, "household_incomplete", message) for m in people]


def _refusal(number: str, code: str, message: str) -> ContributionRefusal:
    return ContributionRefusal(number=number, code=code, message=message)


def _percent(member: _Member, income: IncomeCategory, now: dt.datetime) -> int:
    return contribution_percent(
        birth_date=member.birth_date, on=now.date(), income=income, late_elderly=True
    )


def record(session: Session, decisions: Sequence[ContributionDecision]) -> list[MembershipRow]:
    """Keep the decisions and set each member's income band; return the memberships changed."""
    if not decisions:
        return []
    session.execute(
        insert(ContributionDecisionRow),
        [d.model_dump(include=_DECISION_COLUMNS) for d in decisions],
    )
    changed = []
    for decision in decisions:
        row = session.get_one(MembershipRow, decision.membership_id)
        if row.income != decision.income.value:
            row.income = decision.income.value
            changed.append(row)
    return changed
