"""Medical information from claims and check-ups, shown only behind consent or a disaster.

Claims (レセプト) and 特定健診 results arrive keyed by insured number; they are filed under the
person (subject) the membership belongs to, so the view spans every insurer of a working life.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from mynumber.eligibility.consent import current
from mynumber.eligibility.data import (
    SIMPLE_MODE_KINDS,
    CheckupResult,
    Claim,
    ConsentScope,
    Diagnosis,
    FacilityRegistration,
    InsuredRef,
    IntakeReceipt,
    MedicalQuery,
    MedicalView,
    Medication,
    Procedure,
)
from mynumber.eligibility.disaster import active_disaster
from mynumber.eligibility.models import CheckupRow, ClaimEntryRow, ConsentRow, MembershipRow
from mynumber.eligibility.service import Context, log_read
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import DomainError, ForbiddenError, NotFoundError

_CHUNK = 400
InsuredKey = tuple[str, str, str, str]


def _key(insured: InsuredRef) -> InsuredKey:
    return (insured.insurer_number, insured.symbol, insured.number, insured.branch)


def subjects_of(session: Session, insured: Iterable[InsuredRef]) -> dict[InsuredKey, str]:
    """Return the subject behind each known insured number (unknown ones are left out)."""
    keys = sorted({_key(ref) for ref in insured})
    columns = (
        MembershipRow.insurer_number,
        MembershipRow.symbol,
        MembershipRow.number,
        MembershipRow.branch,
    )
    found: dict[InsuredKey, str] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = session.execute(
            select(*columns, MembershipRow.subject).where(tuple_(*columns).in_(chunk))
        )
        found.update({(r[0], r[1], r[2], r[3]): r[4] for r in rows})
    return found


def record_claims(session: Session, claims: Sequence[Claim]) -> IntakeReceipt:
    """File each claim's lines under its person; refuse (and report) the ones that cannot be."""
    subjects = subjects_of(session, (claim.insured for claim in claims))
    rows: list[dict[str, object]] = []
    refused: list[tuple[int, str]] = []
    for index, claim in enumerate(claims):
        subject = subjects.get(_key(claim.insured))
        if subject is None:
            refused.append((index, "unknown insured number"))
            continue
        if not CODECS[IdentifierKind.FACILITY_CODE].is_valid(claim.facility_code):
            refused.append((index, "not a valid 医療機関コード"))
            continue
        rows += _claim_rows(subject, claim)
    if rows:
        session.connection().execute(insert(ClaimEntryRow), rows)
    return IntakeReceipt(stored=len(claims) - len(refused), refused=tuple(refused))


def _claim_rows(subject: str, claim: Claim) -> list[dict[str, object]]:
    base: dict[str, object] = {"subject": subject, "facility_code": claim.facility_code}
    base["service_date"] = claim.service_date
    empty = {"quantity": None, "unit": None, "days": None}
    lines: list[dict[str, object]] = []
    for diagnosis in claim.diagnoses:
        lines.append(base | empty | {"kind": "diagnosis", **diagnosis.model_dump()})
    for procedure in claim.procedures:
        lines.append(base | empty | {"kind": "procedure", **procedure.model_dump()})
    for medication in claim.medications:
        lines.append(base | {"kind": "medication", **medication.model_dump()})
    return lines


def record_checkups(session: Session, results: Sequence[CheckupResult]) -> IntakeReceipt:
    """File each 特定健診 result under its person; refuse unknown insured numbers."""
    subjects = subjects_of(session, (result.insured for result in results))
    rows: list[dict[str, object]] = []
    refused: list[tuple[int, str]] = []
    for index, result in enumerate(results):
        subject = subjects.get(_key(result.insured))
        if subject is None:
            refused.append((index, "unknown insured number"))
            continue
        body = result.model_dump(mode="json", exclude={"insured"})
        rows.append(
            {"subject": subject, "examined_on": result.examined_on, "result": json.dumps(body)}
        )
    if rows:
        session.connection().execute(insert(CheckupRow), rows)
    return IntakeReceipt(stored=len(rows), refused=tuple(refused))


def view(
    session: Session, ctx: Context, *, query: MedicalQuery, facility: FacilityRegistration
) -> MedicalView | DomainError:
    """Return the view, or the refusal to raise once the attempt's record is committed."""
    if facility.kind in SIMPLE_MODE_KINDS:
        return ForbiddenError(
            "this facility uses the eligibility-only mode: no medical information",
            code="simple_mode",
        )
    subject = _patient(session, query)
    if subject is None:
        return NotFoundError("no such insured person", code="no_such_insured")
    now = ctx.clock.now()
    until, refusal = _permission(session, ctx, query, subject, now)
    log_read(
        session,
        ctx,
        subject,
        facility=query.facility_code,
        operator=query.operator,
        what=query.scope.value,
        purpose="disaster" if query.disaster else "treatment",
        outcome="refused:" + refusal.code if refusal else "shown",
    )
    if refusal:
        return refusal
    return _build(session, query, subject, until)


def _patient(session: Session, query: MedicalQuery) -> str | None:
    ref = query.insured
    row = session.scalars(
        select(MembershipRow).where(
            MembershipRow.insurer_number == ref.insurer_number,
            MembershipRow.symbol == ref.symbol,
            MembershipRow.number == ref.number,
            MembershipRow.branch == ref.branch,
            MembershipRow.birth_date == query.birth_date,
        )
    ).first()
    return row.subject if row else None


def _permission(
    session: Session, ctx: Context, query: MedicalQuery, subject: str, now: dt.datetime
) -> tuple[dt.datetime | None, DomainError | None]:
    if query.disaster:
        prefecture = query.facility_code[:2]
        if active_disaster(session, prefecture, today_in_japan(ctx.clock)) is None:
            return None, ForbiddenError(
                "no disaster is active for this facility's prefecture", code="no_active_disaster"
            )
        return None, None
    consent = current(session, subject=subject, facility=query.facility_code, now=now)
    if consent is not None and query.scope in consent.scopes:
        return consent.valid_until, None
    ever = session.scalars(
        select(ConsentRow.id).where(
            ConsentRow.subject == subject, ConsentRow.facility_code == query.facility_code
        )
    ).first()
    if consent is None and ever is not None:
        return None, ForbiddenError("the consent has expired", code="consent_expired")
    return None, ForbiddenError(
        f"the patient has not consented to show {query.scope.value}", code="consent_absent"
    )


def _build(
    session: Session, query: MedicalQuery, subject: str, until: dt.datetime | None
) -> MedicalView:
    view = MedicalView(scope=query.scope, consent_valid_until=until, disaster=query.disaster)
    if query.scope is ConsentScope.CHECKUP:
        rows = session.scalars(
            select(CheckupRow).where(CheckupRow.subject == subject).order_by(CheckupRow.examined_on)
        )
        results = tuple(
            CheckupResult(insured=query.insured, **json.loads(row.result)) for row in rows
        )
        return view.model_copy(update={"checkups": results})
    kinds = (
        ("medication",) if query.scope is ConsentScope.MEDICATION else ("diagnosis", "procedure")
    )
    entries = session.scalars(
        select(ClaimEntryRow)
        .where(ClaimEntryRow.subject == subject, ClaimEntryRow.kind.in_(kinds))
        .order_by(ClaimEntryRow.service_date, ClaimEntryRow.id)
    ).all()
    if query.scope is ConsentScope.MEDICATION:
        meds = tuple((e.service_date, e.facility_code, _medication(e)) for e in entries)
        return view.model_copy(update={"medications": meds})
    treatments = tuple((e.service_date, e.facility_code, _treatment(e)) for e in entries)
    return view.model_copy(update={"treatments": treatments})


def _medication(entry: ClaimEntryRow) -> Medication:
    return Medication(
        code=entry.code,
        name=entry.name,
        quantity=entry.quantity or 0.0,
        unit=entry.unit or "",
        days=entry.days or 1,
    )


def _treatment(entry: ClaimEntryRow) -> Diagnosis | Procedure:
    kind = Diagnosis if entry.kind == "diagnosis" else Procedure
    return kind(code=entry.code, name=entry.name)
