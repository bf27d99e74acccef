"""児童手当の通知 on マイナポータル: each 児童手当 decision that changes something is told to its
受給者 as an お知らせ, through the municipality's outbox, addressed by the municipality's own
符号 for them (kept in its partition of the intermediate server; obtained first if it has none).

Which notice a decision calls for follows from the household's previous decision ⚠ (the
municipality records decisions month by month; the real 認定通知書, 額改定通知書 and
支給事由消滅通知書 follow a 認定請求 or a 額改定請求, which are not modelled):

- first decision with an amount → 認定通知; first without (no child under the age) → 却下通知;
- an amount after none → 認定通知; a changed amount → 額改定通知; none after some → 消滅通知;
- the same amount as before → no notice (a monthly re-decision is not news).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from mynumber.intermediate.api import linked_codes
from mynumber.intermediate.data import CodeApplicant
from mynumber.kernel.messaging import Outbox
from mynumber.kernel.notices import NOTICES, NoticeMessage
from mynumber.municipality import addressees, benefits
from mynumber.municipality.data import Addressee, ChildAllowanceDecision, agency_id
from mynumber.municipality.exchanges import Links

__all__ = ["TITLES", "decide_and_announce", "notice_kind", "recipient", "recipient_code"]

TITLES = {
    "allowance_granted": "児童手当の認定通知",
    "allowance_refused": "児童手当の却下通知",
    "allowance_revised": "児童手当の額改定通知",
    "allowance_ended": "児童手当の支給事由消滅通知",
}


def notice_kind(
    decision: ChildAllowanceDecision, previous: ChildAllowanceDecision | None
) -> str | None:
    """Return the notice a decision calls for after the previous one, or None."""
    before = previous.monthly_total if previous is not None else 0
    now = decision.monthly_total
    if now == before:
        return "allowance_refused" if previous is None else None
    if before == 0:
        return "allowance_granted"
    return "allowance_ended" if now == 0 else "allowance_revised"


def recipient(
    session: Session, *, code: str, household_code: str, month: dt.date
) -> tuple[str, Addressee | None]:
    """Return the municipality's name and who would receive a household's allowance."""
    members = addressees.household_members(session, code=code, household_code=household_code)
    if not members:  # the decision refuses an unknown household
        return "", None
    name = addressees.municipality_name(session, code=code)
    row = benefits.recipient_of(session, code=code, members=members, month=month.replace(day=1))
    return name, addressees.to_addressee(row) if row is not None else None


def recipient_code(links: Links, *, name: str, person: Addressee) -> str:
    """Return the municipality's 符号 for the person, obtained and linked first if it has none
    (the municipality connects to the network as it does before any exchange)."""
    agency = agency_id(person.municipality)
    links.network.connect(
        agency_id=agency, name=name, public_key=links.signing_keys.public_key(agency)
    )
    applicant = CodeApplicant(
        address_number=person.address_number,
        my_number=person.my_number,
        resident_code=person.resident_code,
    )
    codes = linked_codes(links.intermediate, links.codes, agency=agency, people=[applicant])
    return codes[person.address_number]


def _body(decision: ChildAllowanceDecision, kind: str, name: str) -> str:
    month = f"{decision.month:%Y年%m月}"
    if kind == "allowance_refused":
        return (
            f"{name}は{month}分の児童手当について、支給の対象となる児童がいないため却下しました。"
        )
    if kind == "allowance_ended":
        return f"{name}は{month}分から児童手当の支給事由が消滅したことをお知らせします。"
    return (
        f"{name}は{month}分の児童手当を月額{decision.monthly_total:,}円"
        f"（児童{len(decision.children)}人）と決定しました。"
        f"{decision.payment_month:%Y年%m月}に{decision.payment_amount:,}円を支払います。"
    )


def decide_and_announce(
    session: Session,
    outbox: Outbox,
    *,
    code: str,
    household_code: str,
    month: dt.date,
    now: dt.datetime,
    addressed: tuple[str, str, str] | None,
) -> ChildAllowanceDecision:
    """Decide a household's 児童手当 and, in the same transaction, send the 受給者 the notice
    it calls for; `addressed` is (name, 宛名番号, 符号) of whom the caller expects to receive it
    (a recipient changed meanwhile gets no notice from this decision)."""
    history = benefits.decisions_of(session, code=code, household_code=household_code)
    decision = benefits.decide_child_allowance(
        session, code=code, household_code=household_code, month=month, now=now
    )
    kind = notice_kind(decision, history[-1] if history else None)
    if addressed is None or kind is None:
        return decision
    name, number, person_code = addressed
    if decision.recipient != number:
        return decision
    notice = NoticeMessage(
        agency=agency_id(code),
        code=person_code,
        sender=name,
        kind=kind,
        title=TITLES[kind],
        body=_body(decision, kind, name),
    )
    outbox.send(session, topic=NOTICES, body=notice.model_dump(mode="json"))
    return decision
