"""Who sees what of a person at the platform, and the record of every view and refusal.

Providers are registered once (事業所ユーザ認証); a care office or a care manager's office serves a
person from a day (利用関係) until the relationship ends; it must check the person's card during
the relationship before it sees anything (`rules.gate_refusal`), and the person's consent,
given at the card read, opens the consent-bound items (`rules.item_refusal`). Every item shown or
refused goes to the person's hash-chained access log (stream `care:<被保険者番号>`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mynumber.care import burden, enrolment, records, rules
from mynumber.care.data import (
    AGENCY_ID,
    Item,
    ItemRefusal,
    Provider,
    ProviderKind,
    Relationship,
    ViewAnswer,
    Viewer,
)
from mynumber.care.models import ConsentRow, InsuredRow, ProviderRow, RelationshipRow
from mynumber.care.numbers import office_number
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from mynumber.kernel.hashlog import HashChainedLog

__all__ = [
    "ViewOutcome",
    "end_service",
    "log_attempt",
    "log_desk_read",
    "provider",
    "register_provider",
    "registered_kind",
    "start_service",
    "stream_of",
    "view",
]

_STAFF_KINDS = (ProviderKind.CARE_SERVICE, ProviderKind.CARE_MANAGEMENT)


def stream_of(insured_number: str) -> str:
    """Return the access-log stream of a person."""
    return f"care:{insured_number}"


def register_provider(session: Session, registration: Provider) -> Provider:
    """Register a provider (again: its name and kind are updated); its number is checked: a
    医療機関コード for a medical institution, a 介護保険事業所番号 for the others."""
    if registration.kind is ProviderKind.MEDICAL:
        if not CODECS[IdentifierKind.FACILITY_CODE].is_valid(registration.number):
            raise InvalidInputError(
                f"{registration.number!r} is not a valid 医療機関コード",
                code="invalid_facility_code",
            )
    else:
        registration = registration.model_copy(
            update={"number": office_number(registration.number)}
        )
    session.merge(
        ProviderRow(
            number=registration.number, kind=registration.kind.value, name=registration.name
        )
    )
    session.flush()
    return registration


def provider(session: Session, number: str) -> Provider:
    """Return a registered provider, or refuse (403 `provider_not_registered`)."""
    row = session.get(ProviderRow, number)
    if row is None:
        raise ForbiddenError(
            f"事業所 {number} は介護情報基盤に登録されていません", code="provider_not_registered"
        )
    return Provider(number=row.number, kind=ProviderKind(row.kind), name=row.name)


def registered_kind(session: Session, viewer: Viewer) -> ProviderKind:
    """Return the kind a viewer is registered as; a medical institution's staff never acts as a
    care office that happens to share its number, nor the reverse (403)."""
    registered = provider(session, viewer.number).kind
    if (registered is ProviderKind.MEDICAL) != (viewer.kind is ProviderKind.MEDICAL):
        raise ForbiddenError(
            f"事業所 {viewer.number} は{registered.value}として登録されています",
            code="provider_kind_mismatch",
        )
    return registered


def _relationship(row: RelationshipRow) -> Relationship:
    return Relationship(
        office_number=row.office_number,
        insured_number=row.insured_number,
        since=row.since,
        until=row.until,
        identity_checked_at=row.identity_checked_at,
    )


def _current(session: Session, office: str, number: str, on: dt.date) -> RelationshipRow | None:
    return session.scalar(
        select(RelationshipRow)
        .where(
            RelationshipRow.office_number == office,
            RelationshipRow.insured_number == number,
            RelationshipRow.since <= on,
            (RelationshipRow.until.is_(None)) | (RelationshipRow.until >= on),
        )
        .order_by(RelationshipRow.since.desc())
        .limit(1)
    )


def start_service(session: Session, office: Provider, number: str, since: dt.date) -> Relationship:
    """Record that a care office serves a person from a day (one open relationship at a time)."""
    if office.kind not in _STAFF_KINDS:
        raise ConflictError("医療機関は利用関係を登録できません", code="not_a_care_office")
    if _current(session, office.number, number, since) is not None:
        raise ConflictError("この利用者との利用関係は登録済みです", code="already_serving")
    row = RelationshipRow(office_number=office.number, insured_number=number, since=since)
    session.add(row)
    session.flush()
    return _relationship(row)


def end_service(session: Session, office: str, number: str, until: dt.date) -> Relationship:
    """End a relationship on a day (its last day); the consent given to the office lapses."""
    row = session.scalar(
        select(RelationshipRow).where(
            RelationshipRow.office_number == office,
            RelationshipRow.insured_number == number,
            RelationshipRow.until.is_(None),
        )
    )
    if row is None:
        raise NotFoundError("現在の利用関係がありません", code="no_service_relationship")
    if until < row.since:
        raise ConflictError("利用終了日が利用開始日より前です", code="ends_before_start")
    row.until = until
    session.execute(
        delete(ConsentRow).where(ConsentRow.insured_number == number, ConsentRow.provider == office)
    )
    session.flush()
    return _relationship(row)


@dataclass(frozen=True)
class ViewOutcome:
    """A view's answer, or the refusal of the whole view (after it was logged)."""

    answer: ViewAnswer | None
    refusal: rules.Refusal | None

    def raise_if_refused(self) -> ViewAnswer:
        """Return the answer, or raise the refusal (403 with its code and message)."""
        if self.refusal is not None or self.answer is None:
            refusal = self.refusal or rules.NO_RELATIONSHIP
            raise ForbiddenError(refusal.message, code=refusal.code)
        return self.answer


def log_attempt(
    session: Session,
    log: HashChainedLog,
    number: str,
    viewer: Viewer,
    outcomes: Sequence[tuple[str, str]],
    *,
    via: str,
    at: dt.datetime,
) -> None:
    """Append one record per (item, outcome) to the person's access log."""
    base = {"viewer": viewer.number, "kind": viewer.kind.value, "operator": viewer.operator,
            "via": via, "organisation": AGENCY_ID}  # fmt: skip
    entries = [(stream_of(number), base | {"item": i, "outcome": o}) for i, o in outcomes]
    log.append_many(session, entries=entries, at=at)


def log_desk_read(
    session: Session, log: HashChainedLog, number: str, *, actor: str, what: str, at: dt.datetime
) -> None:
    """Append the municipality's own read of a person to their access log."""
    log.append(session, stream=stream_of(number), payload=desk_read_payload(actor, what), at=at)


def desk_read_payload(actor: str, what: str) -> dict[str, str]:
    """The access-log record of the municipality's own read of a person."""
    return {"viewer": actor, "kind": "insurer", "operator": actor, "via": "desk",
            "organisation": AGENCY_ID, "item": what, "outcome": "shown"}  # fmt: skip


def _gate(
    session: Session,
    insured: InsuredRow,
    viewer: Viewer,
    *,
    via: str,
    on: dt.date,
    now: dt.datetime,
) -> rules.Refusal | None:
    number = insured.insured_number
    if viewer.kind is ProviderKind.MEDICAL:
        asked = records.opinion_asked(session, number, viewer.number, on)
        return rules.gate_refusal(viewer.kind, serving=False, identity_checked=False,
                                  opinion_asked=asked)  # fmt: skip
    serving = _current(session, viewer.number, number, on)
    if serving is not None and via == "card":
        serving.identity_checked_at = now  # the card checked, during this relationship
    checked = serving is not None and serving.identity_checked_at is not None
    return rules.gate_refusal(
        viewer.kind, serving=serving is not None, identity_checked=checked, opinion_asked=False
    )


def _consented(session: Session, number: str, viewer: Viewer) -> bool:
    return session.get(ConsentRow, (number, viewer.number)) is not None


def view(
    session: Session,
    log: HashChainedLog,
    insured: InsuredRow,
    viewer: Viewer,
    items: Sequence[Item],
    *,
    via: str,
    consent: bool,
    now: dt.datetime,
    on: dt.date,
) -> ViewOutcome:
    """Decide and assemble what a provider sees of a person; log every item either way."""
    number = insured.insured_number
    asked = tuple(dict.fromkeys(items))
    refusal = _gate(session, insured, viewer, via=via, on=on, now=now)
    if refusal is not None:
        outcomes = [(i.value, f"refused:{refusal.code}") for i in asked]
        log_attempt(session, log, number, viewer, outcomes, via=via, at=now)
        return ViewOutcome(None, refusal)
    if consent and not _consented(session, number, viewer):
        session.add(ConsentRow(insured_number=number, provider=viewer.number, given_at=now))
        session.flush()
    consented = consent or _consented(session, number, viewer)
    refused = []
    for item in asked:
        why = rules.item_refusal(viewer.kind, item, consented=consented)
        if why is not None:
            refused.append(ItemRefusal(item=item, code=why.code, message=why.message))
    shown = [i for i in asked if i not in {r.item for r in refused}]
    outcomes = [(i.value, "shown") for i in shown] + [
        (r.item.value, f"refused:{r.code}") for r in refused
    ]
    log_attempt(session, log, number, viewer, outcomes, via=via, at=now)
    return ViewOutcome(
        _answer(session, insured, shown, refused=tuple(refused), via=via, on=on), None
    )


def _answer(
    session: Session,
    insured: InsuredRow,
    shown: Sequence[Item],
    *,
    refused: tuple[ItemRefusal, ...],
    via: str,
    on: dt.date,
) -> ViewAnswer:
    number = insured.insured_number
    cert = None
    if Item.INSURANCE in shown or Item.CERTIFICATION_DOCS in shown:
        row = records.current_certification(session, number, on)
        docs = Item.CERTIFICATION_DOCS in shown
        cert = records.to_certification(row, documents=docs) if row else None
    return ViewAnswer(
        insured_number=number,
        via=via,
        insured=enrolment.to_insured(insured) if Item.INSURANCE in shown else None,
        certification=cert,
        care_plan=records.current_plan(session, number, on) if Item.CARE_PLAN in shown else None,
        claims=tuple(records.claims_of(session, number)) if Item.CLAIMS in shown else None,
        burden=burden.current_burden(session, number, on) if Item.BURDEN in shown else None,
        limit=burden.current_limit(session, number, on) if Item.LIMIT in shown else None,
        refused=refused,
    )
