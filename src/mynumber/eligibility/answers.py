"""Build answers in the shape of the real interface (field names from clinic software)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mynumber.eligibility.data import EligibilityAnswer, QualificationInfo, QualificationValidity
from mynumber.eligibility.models import MembershipRow
from mynumber.kernel.ages import preschool
from mynumber.kernel.clock import JST, Clock


def _ymd(day: dt.date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def info(row: MembershipRow, on: dt.date) -> QualificationInfo:
    """Return one membership as the facility sees it."""
    return QualificationInfo(
        InsuredCardClassification="01",
        InsurerNumber=row.insurer_number,
        InsuredCardSymbol=row.symbol,
        InsuredIdentificationNumber=row.number,
        InsuredBranchNumber=row.branch,
        PersonalFamilyClassification=row.role,
        InsuredName=row.insured_name,
        Name=row.name,
        NameKana=row.name_kana,
        Sex1=str(row.sex),
        Birthdate=_ymd(row.birth_date),
        Address=row.address,
        PostNumber=row.postal_code,
        InsuredCardValidDate=_ymd(row.valid_from),
        InsuredCardExpirationDate=_ymd(row.valid_to),
        InsuredPartialContributionRatio=f"{row.contribution_percent:03d}",
        PreschoolClassification="1" if preschool(row.birth_date, on) else "",
        ReasonOfLoss=row.loss_reason or "",
        LimitApplicationCertificateClassification=row.limit_classification,
    )


def answer(
    clock: Clock,
    *,
    reference: str,
    validity: QualificationValidity,
    rows: Sequence[MembershipRow],
    on: dt.date | None = None,
) -> EligibilityAnswer:
    """Return a successful answer with these memberships."""
    visit = on or clock.now().astimezone(JST).date()
    return EligibilityAnswer(
        ProcessExecutionTime=clock.now().astimezone(JST).strftime("%Y%m%d%H%M%S"),
        ReferenceClassification=reference,
        SegmentOfResult="1",
        QualificationValidity=validity,
        ResultList=tuple(info(r, visit) for r in rows),
    )


def refusal(clock: Clock, *, reference: str, code: str, message: str) -> EligibilityAnswer:
    """Return an error answer (SegmentOfResult 9) that carries no one's data."""
    return EligibilityAnswer(
        ProcessExecutionTime=clock.now().astimezone(JST).strftime("%Y%m%d%H%M%S"),
        ReferenceClassification=reference,
        SegmentOfResult="9",
        ErrorCode=code,
        ErrorMessage=message,
        QualificationValidity=None,
    )
