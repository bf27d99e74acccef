"""The rules of the electronic prescription service on its own tables: registering a prescription
with its check, a pharmacy's retrieval (引換番号 guesses counted), dispensing and refills.

Functions take a session and never commit; a refusal that must be recorded is returned (not
raised), so the caller commits its record and the counted attempt before raising it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mynumber.health.data import (
    CheckFinding,
    DispensingRecord,
    DispensingRequest,
    Drug,
    DuplicateCheck,
    InsuredPatient,
    IssuedPrescription,
    Prescription,
    PrescriptionContent,
    PrescriptionStatus,
)
from mynumber.health.models import DispensingRow, FailedRetrievalRow, PrescriptionRow
from mynumber.health.prescriptions.checks import Active, findings, last_day
from mynumber.kernel.clock import Clock
from mynumber.kernel.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from mynumber.kernel.hashlog import HashChainedLog

__all__ = [
    "LOCKOUT_FAILURES",
    "Context",
    "check_content",
    "dispense",
    "open_for",
    "patient_key",
    "period",
    "record",
    "register",
    "retrieve_by_number",
]

# ⚠ Five failed 引換番号 in 24 hours lock a pharmacy (and the patient's number) out of retrieval
# by number for the rest of that window; the real service's limit is not public.
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Context:
    """What every rule needs: the clock, the access log and the key of patient pseudonyms."""

    clock: Clock
    log: HashChainedLog
    patient_secret: bytes


def patient_key(ctx: Context, patient: InsuredPatient) -> str:
    """Return the patient's key here: an HMAC of the insured number (保険者番号・記号・番号・枝番).

    ⚠ A new insurer means a new key: the real service follows the person through the online
    eligibility system's history; here the history of one insured number is the period.
    """
    text = "|".join((patient.insurer_number, patient.symbol, patient.number, patient.branch))
    return hmac.new(ctx.patient_secret, b"health-patient|" + text.encode(), "sha256").hexdigest()


def record(
    session: Session, ctx: Context, key: str, *, facility: str, action: str, outcome: str
) -> None:
    """Append one record to the patient's access log."""
    payload = {"facility": facility, "action": action, "outcome": outcome}
    ctx.log.append(session, stream=key, payload=payload, at=ctx.clock.now())


def period(session: Session, key: str, start: dt.date) -> list[Active]:
    """Return what the patient takes from `start` on: open prescriptions and dispensings."""
    active: list[Active] = []
    open_rows = session.scalars(
        select(PrescriptionRow).where(
            PrescriptionRow.patient_key == key,
            PrescriptionRow.status != PrescriptionStatus.DISPENSED.value,
            PrescriptionRow.last_day >= start,
        )
    )
    for row in open_rows:
        content = PrescriptionContent.model_validate_json(row.content)
        active += [
            Active(d, row.facility_code, row.issued_on, "prescription") for d in content.drugs
        ]
    dispensed = session.scalars(
        select(DispensingRow).where(
            DispensingRow.patient_key == key, DispensingRow.last_day >= start
        )
    )
    for entry in dispensed:
        drugs = [Drug.model_validate(d) for d in json.loads(entry.drugs)]
        active += [Active(d, entry.facility_code, entry.dispensed_on, "dispensing") for d in drugs]
    return active


def duplicate_check(found: Sequence[CheckFinding], *, show: bool) -> DuplicateCheck:
    """Return the check as the facility may see it: details only with the patient's consent."""
    if not found:
        return DuplicateCheck(found=False, count=0, details_shown=show, message="重複なし")
    if show:
        return DuplicateCheck(
            found=True, count=len(found), details_shown=True, findings=tuple(found),
            message="重複あり",
        )  # fmt: skip
    return DuplicateCheck(
        found=True,
        count=len(found),
        details_shown=False,
        message="重複あり（詳細は患者の同意が必要）",
    )


def _exchange_number(session: Session) -> str:
    """Return a 6-digit 引換番号 no open prescription holds."""
    while True:
        number = f"{secrets.randbelow(1_000_000):06d}"
        taken = session.scalar(
            select(PrescriptionRow.prescription_id).where(
                PrescriptionRow.exchange_number == number,
                PrescriptionRow.status != PrescriptionStatus.DISPENSED.value,
            )
        )
        if taken is None:
            return number


def check_content(session: Session, key: str, content: PrescriptionContent) -> list[CheckFinding]:
    """Return the duplicate and interaction findings of new content over the patient's period."""
    start = content.issued_on
    return findings(content.drugs, start, content.uses, period(session, key, start))


def register(
    session: Session,
    ctx: Context,
    *,
    content: PrescriptionContent,
    signature: bytes,
    practitioner_id: str,
    key: str,
    show_details: bool,
) -> IssuedPrescription:
    """Store a verified prescription under a fresh 処方箋ID and 引換番号, with its check."""
    found = check_content(session, key, content)
    row = PrescriptionRow(
        prescription_id=str(uuid.uuid4()),
        exchange_number=_exchange_number(session),
        patient_key=key,
        facility_code=content.facility_code,
        practitioner_id=practitioner_id,
        issued_on=content.issued_on,
        last_day=last_day(content.issued_on, content.drugs, content.uses),
        content=content.model_dump_json(),
        signature=signature,
        status=PrescriptionStatus.REGISTERED.value,
        uses=content.uses,
        uses_left=content.uses,
        registered_at=ctx.clock.now(),
    )
    session.add(row)
    session.flush()
    check = duplicate_check(found, show=show_details)
    shown = "details" if show_details and found else ("found" if found else "none")
    record(session, ctx, key, facility=content.facility_code, action="prescribe",
           outcome=f"registered:{row.prescription_id}; check:{shown}")  # fmt: skip
    return IssuedPrescription(
        prescription_id=row.prescription_id, exchange_number=row.exchange_number, check=check
    )


def to_prescription(row: PrescriptionRow, prescriber: str) -> Prescription:
    """Return a stored prescription as the DTO."""
    return Prescription(
        prescription_id=row.prescription_id,
        content=PrescriptionContent.model_validate_json(row.content),
        prescriber=prescriber,
        status=PrescriptionStatus(row.status),
        uses_left=row.uses_left,
        registered_at=row.registered_at,
    )


def _locked(session: Session, facility: str, key: str, now: dt.datetime) -> bool:
    since = now - LOCKOUT_WINDOW
    for column, value in (
        (FailedRetrievalRow.facility_code, facility),
        (FailedRetrievalRow.patient_key, key),
    ):
        failures = session.scalar(
            select(func.count()).where(column == value, FailedRetrievalRow.at > since)
        )
        if (failures or 0) >= LOCKOUT_FAILURES:
            return True
    return False


def retrieve_by_number(
    session: Session, ctx: Context, *, facility: str, exchange_number: str, key: str
) -> PrescriptionRow | DomainError:
    """Return the prescription a 引換番号 and insured number name, taken by this pharmacy; or
    the refusal (recorded; a number matching nothing counts toward the lockout)."""
    now = ctx.clock.now()
    found = (
        ForbiddenError(
            "too many wrong 引換番号: retrieval by number is locked for 24 hours",
            code="retrieval_locked",
        )
        if _locked(session, facility, key, now)
        else _match(session, facility, exchange_number, key)
    )
    if isinstance(found, PrescriptionRow):
        found.status, found.received_by = PrescriptionStatus.RECEIVED.value, facility
        record(session, ctx, key, facility=facility, action="retrieve",
               outcome=f"shown:{found.prescription_id}")  # fmt: skip
        return found
    if found.code == "prescription_not_found":
        session.add(FailedRetrievalRow(facility_code=facility, patient_key=key, at=now))
    record(session, ctx, key, facility=facility, action="retrieve", outcome=f"refused:{found.code}")
    return found


def _match(
    session: Session, facility: str, exchange_number: str, key: str
) -> PrescriptionRow | DomainError:
    rows = session.scalars(
        select(PrescriptionRow)
        .where(
            PrescriptionRow.exchange_number == exchange_number, PrescriptionRow.patient_key == key
        )
        .order_by(PrescriptionRow.registered_at.desc())
    ).all()
    if not rows:
        return NotFoundError(
            "no prescription has this 引換番号 for this insured number",
            code="prescription_not_found",
        )
    row = rows[0]
    if row.status == PrescriptionStatus.DISPENSED.value:
        return ConflictError(
            "this 引換番号 was used: the prescription is dispensed", code="exchange_number_used"
        )
    if row.received_by not in {None, facility}:
        return ConflictError(
            "another pharmacy has taken this prescription", code="prescription_taken"
        )
    return row


def open_for(
    session: Session, ctx: Context, *, facility: str, keys: Sequence[str]
) -> list[PrescriptionRow]:
    """Return the open prescriptions of a patient presenting their card, taken by the pharmacy."""
    rows = session.scalars(
        select(PrescriptionRow)
        .where(
            PrescriptionRow.patient_key.in_(keys),
            PrescriptionRow.status != PrescriptionStatus.DISPENSED.value,
        )
        .order_by(PrescriptionRow.registered_at)
    ).all()
    taken = [row for row in rows if row.received_by in {None, facility}]
    for row in taken:
        row.status, row.received_by = PrescriptionStatus.RECEIVED.value, facility
        record(session, ctx, row.patient_key, facility=facility, action="retrieve by card",
               outcome=f"shown:{row.prescription_id}")  # fmt: skip
    return list(taken)


def dispense(
    session: Session, ctx: Context, *, request: DispensingRequest
) -> DispensingRecord | DomainError:
    """Record one use of a prescription the pharmacy received; refuse one it did not."""
    row = session.get(PrescriptionRow, request.prescription_id)
    if row is None:
        return NotFoundError(
            "no such prescription: nothing to dispense", code="prescription_not_found"
        )
    if row.status != PrescriptionStatus.RECEIVED.value or row.received_by != request.facility_code:
        refusal = ForbiddenError(
            "the pharmacy has not received this prescription (retrieve it first)",
            code="not_received",
        )
        record(session, ctx, row.patient_key, facility=request.facility_code, action="dispense",
               outcome=f"refused:{refusal.code}")  # fmt: skip
        return refusal
    row.uses_left -= 1
    use = row.uses - row.uses_left
    row.status = (
        PrescriptionStatus.DISPENSED if row.uses_left == 0 else PrescriptionStatus.REGISTERED
    ).value
    row.received_by = None
    entry = DispensingRow(
        dispensing_id=str(uuid.uuid4()),
        prescription_id=row.prescription_id,
        patient_key=row.patient_key,
        facility_code=request.facility_code,
        dispensed_on=request.dispensed_on,
        last_day=last_day(request.dispensed_on, request.drugs),
        use=use,
        drugs=json.dumps([d.model_dump(mode="json") for d in request.drugs], ensure_ascii=False),
        recorded_at=ctx.clock.now(),
    )
    session.add(entry)
    record(session, ctx, row.patient_key, facility=request.facility_code, action="dispense",
           outcome=f"recorded:{row.prescription_id}#{use}")  # fmt: skip
    return to_dispensing(entry)


def to_dispensing(entry: DispensingRow) -> DispensingRecord:
    """Return a stored dispensing as the DTO."""
    return DispensingRecord(
        dispensing_id=entry.dispensing_id,
        prescription_id=entry.prescription_id,
        facility_code=entry.facility_code,
        dispensed_on=entry.dispensed_on,
        drugs=tuple(Drug.model_validate(d) for d in json.loads(entry.drugs)),
        use=entry.use,
    )


def digest(data: bytes) -> str:
    """Return SHA-256 hex."""
    return hashlib.sha256(data).hexdigest()
