"""Documents to members: 資格確認書 and 資格情報のお知らせ (from 2024-12-02, instead of new cards).

A member without a registered My Number card gets a 資格確認書, valid for at most five years and
never beyond the membership; so does a member who cancels their card registration. A member
whose card is registered gets a 資格情報のお知らせ with their insured numbers.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.insurers.data import DocumentKind, InsuredDocument, InsuredNumber
from mynumber.insurers.models import DocumentRow, MembershipRow

CERTIFICATE_YEARS = 5  # 資格確認書: 保険者が5年以内で設定する有効期限


def certificate_end(row: MembershipRow, issued_on: dt.date) -> dt.date:
    """Return the last day a 資格確認書 issued on a date may be used."""
    try:
        limit = issued_on.replace(year=issued_on.year + CERTIFICATE_YEARS)
    except ValueError:  # 29 February
        limit = dt.date(issued_on.year + CERTIFICATE_YEARS, 3, 1)
    end = limit - dt.timedelta(days=1)
    return min(end, row.valid_to) if row.valid_to else end


def issue(
    session: Session, row: MembershipRow, *, kind: DocumentKind, on: dt.date, reason: str
) -> InsuredDocument:
    """Issue a document for a membership."""
    document = DocumentRow(
        document_id=uuid.uuid4().hex[:16],
        membership_id=row.membership_id,
        kind=kind.value,
        issued_on=on,
        valid_until=certificate_end(row, on) if kind is DocumentKind.CERTIFICATE else None,
        reason=reason,
    )
    session.add(document)
    return to_document(document, row)


def has_valid_certificate(session: Session, membership_id: str, on: dt.date) -> bool:
    """Return whether the member holds a 資格確認書 usable on a date."""
    found = session.scalars(
        select(DocumentRow.document_id).where(
            DocumentRow.membership_id == membership_id,
            DocumentRow.kind == DocumentKind.CERTIFICATE.value,
            DocumentRow.valid_until >= on,
        )
    ).first()
    return found is not None


def documents_of(session: Session, row: MembershipRow) -> list[InsuredDocument]:
    """Return the documents issued for a membership, oldest first."""
    rows = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.membership_id == row.membership_id)
        .order_by(DocumentRow.issued_on, DocumentRow.id)
    )
    return [to_document(document, row) for document in rows]


def to_document(document: DocumentRow, row: MembershipRow) -> InsuredDocument:
    """Return the DTO of a stored document."""
    return InsuredDocument(
        document_id=document.document_id,
        kind=DocumentKind(document.kind),
        membership_id=row.membership_id,
        insured=InsuredNumber(
            insurer_number=row.insurer_number,
            symbol=row.symbol,
            number=row.number,
            branch=row.branch,
        ),
        name=row.name,
        issued_on=document.issued_on,
        valid_until=document.valid_until,
        reason=document.reason,
    )


def certify(session: Session, membership_ids: list[str], *, on: dt.date, reason: str) -> int:
    """Send a 資格確認書 to each of these members who lacks a valid one; return how many."""
    issued = 0
    for membership_id in membership_ids:
        row = session.get(MembershipRow, membership_id)
        if row is None or has_valid_certificate(session, membership_id, on):
            continue
        issue(session, row, kind=DocumentKind.CERTIFICATE, on=on, reason=reason)
        issued += 1
    return issued
