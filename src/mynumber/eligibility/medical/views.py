"""Medical views behind the consent gate: medication, check-ups or treatment, shown to a facility
only with the patient's consent at its reader, or in an active disaster with the patient's oral
consent (患者から口頭での同意を得られれば, S1 L451-458), which the read records; every attempt,
shown or refused, is in the person's access record. Functions take the caller's session; none
commits.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.access_log import Context, log_read
from mynumber.eligibility.data import (
    SIMPLE_MODE_KINDS,
    CheckupResult,
    ConsentScope,
    Diagnosis,
    FacilityRegistration,
    InsuredRef,
    MedicalQuery,
    MedicalView,
    Medication,
    Procedure,
)
from mynumber.eligibility.medical.consent import current
from mynumber.eligibility.medical.disaster import active_disaster
from mynumber.eligibility.models import CheckupRow, ClaimEntryRow, ConsentRow, MembershipRow
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import DomainError, ForbiddenError, NotFoundError

__all__ = ["SCOPE_KINDS", "build", "view", "view_from"]

SCOPE_KINDS = {  # the claim entries' kinds each scope shows (check-ups are kept apart)
    ConsentScope.MEDICATION: ("medication",),
    ConsentScope.TREATMENT: ("diagnosis", "procedure"),
    ConsentScope.CHECKUP: (),
}


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
        extra={"consent": "oral"} if query.disaster and query.oral_consent else None,
    )
    if refusal:
        return refusal
    return build(session, query.scope, query.insured, subject, until, disaster=query.disaster)


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
        if not query.oral_consent:
            return None, ForbiddenError(
                "in disaster mode the patient's oral consent is needed: state that it was given",
                code="oral_consent_absent",
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


def build(
    session: Session,
    scope: ConsentScope,
    insured: InsuredRef,
    subject: str,
    until: dt.datetime | None,
    *,
    disaster: bool = False,
) -> MedicalView:
    """Return what is filed under the person for one scope, in date order."""
    checkups: list[CheckupRow] = []
    entries: list[ClaimEntryRow] = []
    if scope is ConsentScope.CHECKUP:
        checkups = list(session.scalars(
            select(CheckupRow).where(CheckupRow.subject == subject).order_by(CheckupRow.examined_on)
        ))  # fmt: skip
    else:
        entries = list(session.scalars(
            select(ClaimEntryRow)
            .where(ClaimEntryRow.subject == subject, ClaimEntryRow.kind.in_(SCOPE_KINDS[scope]))
            .order_by(ClaimEntryRow.service_date, ClaimEntryRow.id)
        ))  # fmt: skip
    return view_from(scope, insured, until, entries, checkups, disaster=disaster)


def view_from(
    scope: ConsentScope,
    insured: InsuredRef,
    until: dt.datetime | None,
    entries: Sequence[ClaimEntryRow],
    checkups: Sequence[CheckupRow],
    *,
    disaster: bool = False,
) -> MedicalView:
    """Return the view of one scope from the person's claim entries of its kinds and check-ups,
    each in date order."""
    view = MedicalView(scope=scope, consent_valid_until=until, disaster=disaster)
    if scope is ConsentScope.CHECKUP:
        results = tuple(
            CheckupResult(insured=insured, **json.loads(row.result)) for row in checkups
        )
        return view.model_copy(update={"checkups": results})
    if scope is ConsentScope.MEDICATION:
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
