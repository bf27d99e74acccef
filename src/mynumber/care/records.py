"""要介護認定, ケアプラン and 給付実績: what the platform holds of a person's care.

An application names the doctor and the medical institution the insurer asks for the 主治医意見書
(主治医意見書作成依頼); that request is what lets the institution see the person's data. The
介護認定審査会's decision sets the level and, unless 非該当, the period
(`rules.certification_period`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.care import rules
from mynumber.care.data import (
    CareLevel,
    CarePlan,
    Certification,
    CertificationApplication,
    CertificationDecision,
    Claim,
    ClaimReport,
    InsuredCategory,
    PlannedService,
)
from mynumber.care.models import CarePlanRow, CertificationRow, ClaimRow, InsuredRow, ProviderRow
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError

__all__ = [
    "apply",
    "claims_of",
    "current_certification",
    "current_plan",
    "decide",
    "opinion_asked",
    "record_claims",
    "register_plan",
    "to_certification",
]

_YEN_PER_UNIT = 10  # ⚠ 1単位 = 10円 (その他 area); the 地域区分 add up to 14%


def apply(
    session: Session, insured: InsuredRow, application: CertificationApplication
) -> CertificationRow:
    """Record an application and the request for the doctor's opinion."""
    if insured.category == InsuredCategory.SECOND.value and not application.specified_disease:
        raise ConflictError(
            "第2号被保険者の申請には特定疾病の記載が必要です", code="no_specified_disease"
        )
    row = CertificationRow(
        insured_number=insured.insured_number,
        applied_on=application.applied_on,
        renewal=application.renewal,
        doctor=application.doctor,
        institution=application.institution,
        specified_disease=application.specified_disease,
    )
    session.add(row)
    session.flush()
    return row


def _previous_end(session: Session, row: CertificationRow) -> dt.date | None:
    return session.scalar(
        select(CertificationRow.valid_to)
        .where(
            CertificationRow.insured_number == row.insured_number,
            CertificationRow.application_id != row.application_id,
            CertificationRow.valid_to.is_not(None),
        )
        .order_by(CertificationRow.valid_to.desc())
        .limit(1)
    )


def decide(session: Session, decision: CertificationDecision) -> CertificationRow:
    """Record the 審査会's decision on an application (once: `already_decided`)."""
    row = session.get(CertificationRow, decision.application_id)
    if row is None:
        raise NotFoundError("申請がありません", code="unknown_application")
    if row.level is not None:
        raise ConflictError("この申請は判定済みです", code="already_decided")
    if decision.decided_on < row.applied_on:
        raise InvalidInputError("判定日が申請日より前です", code="decided_before_applied")
    row.level, row.decided_on = decision.level.value, decision.decided_on
    row.first_judgement = decision.first_judgement.value if decision.first_judgement else None
    row.survey, row.opinion = decision.survey, decision.opinion
    if decision.level is not CareLevel.NOT_APPLICABLE:
        row.valid_from, row.valid_to = rules.certification_period(
            row.applied_on, renewal=row.renewal, previous_end=_previous_end(session, row)
        )
    session.flush()
    return row


def current_certification(session: Session, number: str, on: dt.date) -> CertificationRow | None:
    """Return the certification in force on a day, else the newest application or decision."""
    rows = list(
        session.scalars(
            select(CertificationRow)
            .where(CertificationRow.insured_number == number)
            .order_by(CertificationRow.application_id.desc())
        )
    )
    for row in rows:
        if row.valid_from and row.valid_to and row.valid_from <= on <= row.valid_to:
            return row
    return rows[0] if rows else None


def opinion_asked(session: Session, number: str, institution: str, on: dt.date) -> bool:
    """Return whether the insurer asked this institution for an opinion on the person for an
    application pending or whose certification is in force (⚠ not after it ends)."""
    rows = session.scalars(
        select(CertificationRow).where(
            CertificationRow.insured_number == number, CertificationRow.institution == institution
        )
    )
    return any(
        r.level is None or (r.valid_to is not None and r.applied_on <= on <= r.valid_to)
        for r in rows
    )


def to_certification(row: CertificationRow, *, documents: bool) -> Certification:
    """Return the DTO; the survey and the opinion only with `documents`."""
    return Certification(
        application_id=row.application_id,
        insured_number=row.insured_number,
        applied_on=row.applied_on,
        renewal=row.renewal,
        doctor=row.doctor,
        institution=row.institution,
        level=CareLevel(row.level) if row.level else None,
        first_judgement=CareLevel(row.first_judgement) if row.first_judgement else None,
        decided_on=row.decided_on,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        survey=row.survey if documents else None,
        opinion=row.opinion if documents else None,
    )


def _require_provider(session: Session, number: str, kind: str) -> None:
    row = session.get(ProviderRow, number)
    if row is None or row.kind != kind:
        raise ConflictError(
            f"事業所番号 {number} は登録された{kind}の事業所ではありません",
            code="provider_not_registered",
        )


def register_plan(session: Session, plan: CarePlan) -> CarePlan:
    """Record a care plan of a 居宅介護支援事業所 (a new one from the same day replaces it)."""
    _require_provider(session, plan.office_number, "care_management")
    for service in plan.services:
        _require_provider(session, service.office_number, "care_service")
    session.merge(
        CarePlanRow(
            insured_number=plan.insured_number,
            starts_on=plan.starts_on,
            office_number=plan.office_number,
            care_manager=plan.care_manager,
            services=json.dumps([s.model_dump(mode="json") for s in plan.services]),
        )
    )
    session.flush()
    return plan


def current_plan(session: Session, number: str, on: dt.date) -> CarePlan | None:
    """Return the care plan in force on a day."""
    row = session.scalar(
        select(CarePlanRow)
        .where(CarePlanRow.insured_number == number, CarePlanRow.starts_on <= on)
        .order_by(CarePlanRow.starts_on.desc())
        .limit(1)
    )
    if row is None:
        return None
    services = tuple(PlannedService.model_validate(s) for s in json.loads(row.services))
    return CarePlan(
        insured_number=row.insured_number,
        office_number=row.office_number,
        care_manager=row.care_manager,
        starts_on=row.starts_on,
        services=services,
    )


def record_claims(
    session: Session, claims: Sequence[Claim], ratio_of: Callable[[str, dt.date], int]
) -> ClaimReport:
    """Record 給付実績, splitting each month's cost by the person's 負担割合 then (a repeat of
    a month, office and service replaces it)."""
    for claim in claims:
        if claim.month.day != 1:
            raise InvalidInputError("サービス提供年月は月の初日で指定します", code="bad_month")
        total = claim.units * _YEN_PER_UNIT
        person = total * ratio_of(claim.insured_number, claim.month) // 10
        session.merge(
            ClaimRow(
                insured_number=claim.insured_number,
                month=claim.month,
                office_number=claim.office_number,
                service_type=claim.service_type,
                units=claim.units,
                total=total,
                insurer_paid=total - person,
                person_paid=person,
            )
        )
    session.flush()
    return ClaimReport(received=len(claims), recorded=len(claims))


def claims_of(session: Session, number: str) -> list[Claim]:
    """Return a person's 給付実績, oldest month first."""
    rows = session.scalars(
        select(ClaimRow)
        .where(ClaimRow.insured_number == number)
        .order_by(ClaimRow.month, ClaimRow.office_number, ClaimRow.service_type)
    )
    return [
        Claim(
            insured_number=r.insured_number,
            month=r.month,
            office_number=r.office_number,
            service_type=r.service_type,
            units=r.units,
            total=r.total,
            insurer_paid=r.insurer_paid,
            person_paid=r.person_paid,
        )
        for r in rows
    ]
