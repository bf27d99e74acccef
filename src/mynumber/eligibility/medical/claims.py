"""Intake of medical information: claims (レセプト) and 特定健診 results, keyed by insured number.

They are filed under the person (subject) the membership belongs to, so the view spans every
insurer of a working life. A batch costs one query per chunk of rows, not one per row. Every
function takes the caller's session; none commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mynumber.eligibility.callers.facilities import check_facility_code
from mynumber.eligibility.data import CheckupResult, Claim, InsuredRef, IntakeReceipt
from mynumber.eligibility.models import CheckupRow, ClaimEntryRow, MembershipRow
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.keysets import each_column_in

__all__ = ["record_checkups", "record_claims", "subjects_of"]

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
            select(*columns, MembershipRow.subject).where(each_column_in(columns, chunk))
        )
        wanted = set(chunk)
        for *key, subject in rows:
            if (found_key := (key[0], key[1], key[2], key[3])) in wanted:
                found[found_key] = subject
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
        try:
            check_facility_code(claim.facility_code)
        except InvalidInputError as bad:
            refused.append((index, bad.reason))
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
