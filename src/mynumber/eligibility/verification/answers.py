"""The answers' shape: every check's answer as the real interface writes it (field names from
clinic software), successful or refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set

from sqlalchemy.orm import Session

from mynumber.eligibility.data import (
    ConsentRecord,
    ConsentScope,
    EligibilityAnswer,
    QualificationInfo,
    QualificationValidity,
)
from mynumber.eligibility.memberships.withholding import withheld_subjects
from mynumber.eligibility.models import MembershipRow
from mynumber.kernel.ages import preschool
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.dates import compact_date, compact_moment


def info(row: MembershipRow, on: dt.date, *, withheld: bool = False) -> QualificationInfo:
    """Return one membership as the facility sees it; withheld (a DV 支援措置), without the
    address and postal code and with `AddressNotDisclosed` 1."""
    return QualificationInfo(
        InsuredCardClassification="01",
        InsurerNumber=row.insurer_number,
        InsurerName=row.insurer_name,
        InsuredCardSymbol=row.symbol,
        InsuredIdentificationNumber=row.number,
        InsuredBranchNumber=row.branch,
        PersonalFamilyClassification=row.role,
        InsuredName=row.insured_name,
        Name=row.name,
        NameKana=row.name_kana,
        Sex1=str(row.sex),
        Birthdate=compact_date(row.birth_date),
        Address="" if withheld else row.address,
        PostNumber="" if withheld else row.postal_code,
        AddressNotDisclosed="1" if withheld else "0",
        InsuredCardValidDate=compact_date(row.valid_from),
        InsuredCardExpirationDate=compact_date(row.valid_to),
        InsuredPartialContributionRatio=f"{row.contribution_percent:03d}",
        PreschoolClassification="1" if preschool(row.birth_date, on) else "",
        ReasonOfLoss=row.loss_reason or "",
        LimitApplicationCertificateClassification=row.limit_classification,
    )


_SCOPE_FIELDS = {
    ConsentScope.MEDICATION: ("PharmacistsInfo",),
    ConsentScope.CHECKUP: ("SpecificHealthCheckupsInfo",),
    ConsentScope.TREATMENT: ("DiagnosisInfo", "OperationInfo"),
}


def consent_fields(consent: ConsentRecord | None) -> dict[str, str]:
    """Return the consent flags and times of an answer (empty when consent was not asked)."""
    if consent is None:
        return {}
    fields: dict[str, str] = {}
    for scope, prefixes in _SCOPE_FIELDS.items():
        given = scope in consent.scopes
        for prefix in prefixes:
            fields[f"{prefix}ConsFlg"] = "1" if given else "0"
            fields[f"{prefix}ConsTime"] = compact_moment(consent.given_at)
            fields[f"{prefix}AvailableTime"] = compact_moment(consent.valid_until) if given else ""
    return fields


def answer(
    clock: Clock,
    *,
    session: Session,
    reference: str,
    validity: QualificationValidity,
    rows: Sequence[MembershipRow],
    on: dt.date | None = None,
    consent: ConsentRecord | None = None,
) -> EligibilityAnswer:
    """Return a successful answer with these memberships (and the consent just given); the
    address of a person under a DV 支援措置 today is withheld."""
    visit = on or today_in_japan(clock)
    withheld = withheld_subjects(session, (r.subject for r in rows), today_in_japan(clock))
    return answer_of(
        clock.now(), reference=reference, validity=validity, rows=rows, on=visit,
        withheld=withheld, consent=consent,
    )  # fmt: skip


def answer_of(
    now: dt.datetime,
    *,
    reference: str,
    validity: QualificationValidity,
    rows: Sequence[MembershipRow],
    on: dt.date,
    withheld: Set[str],
    consent: ConsentRecord | None = None,
) -> EligibilityAnswer:
    """Return `answer` as of `now`, the withheld subjects already known (for answering many)."""
    return EligibilityAnswer.model_validate(
        {
            "ProcessExecutionTime": compact_moment(now),
            "ReferenceClassification": reference,
            "SegmentOfResult": "1",
            "QualificationValidity": validity,
            "ResultList": tuple(info(r, on, withheld=r.subject in withheld) for r in rows),
            **consent_fields(consent),
        }
    )


def refusal(clock: Clock, *, reference: str, code: str, message: str) -> EligibilityAnswer:
    """Return an error answer (SegmentOfResult 9) that carries no one's data."""
    return EligibilityAnswer(
        ProcessExecutionTime=compact_moment(clock.now()),
        ReferenceClassification=reference,
        SegmentOfResult="9",
        ErrorCode=code,
        ErrorMessage=message,
        QualificationValidity=None,
    )
