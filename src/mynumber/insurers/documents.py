"""Documents to members: 資格確認書 and 資格情報のお知らせ (from 2024-12-02, instead of new cards).

A member without a registered My Number card gets a 資格確認書, valid for at most five years and
never beyond the membership; so does a member who cancels their card registration. A member
whose card is registered gets a 資格情報のお知らせ with their insured numbers. Each 資格確認書 is
also announced on the member's マイナポータル (お知らせ), addressed by the insurer's 符号 for them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.insurers.data import DocumentKind, InsuredDocument, InsuredNumber, network_agency_id
from mynumber.insurers.models import DocumentRow, InsurerRow, MembershipRow
from mynumber.kernel.messaging import Outbox
from mynumber.portal.data import NOTICES, NoticeMessage

CERTIFICATE_YEARS = 5  # 資格確認書: 保険者が5年以内で設定する有効期限


def certificate_end(row: MembershipRow, issued_on: dt.date) -> dt.date:
    """Return the last day a 資格確認書 issued on a date may be used."""
    try:
        limit = issued_on.replace(year=issued_on.year + CERTIFICATE_YEARS)
    except ValueError:  # 29 February
        limit = dt.date(issued_on.year + CERTIFICATE_YEARS, 3, 1)
    end = limit - dt.timedelta(days=1)
    return min(end, row.valid_to) if row.valid_to else end


def issue_on_registration(
    session: Session, membership_id: str, *, registered: bool, on: dt.date, outbox: Outbox
) -> None:
    """Issue what a membership's card registration calls for: a 資格情報のお知らせ once the card
    is registered, a 資格確認書 while it is not."""
    kind = DocumentKind.NOTICE if registered else DocumentKind.CERTIFICATE
    reason = "card_registered" if registered else "no_registered_card"
    row = session.get_one(MembershipRow, membership_id)
    issue(session, row, kind=kind, on=on, reason=reason, outbox=outbox)


def issue(
    session: Session,
    row: MembershipRow,
    *,
    kind: DocumentKind,
    on: dt.date,
    reason: str,
    outbox: Outbox | None = None,
) -> InsuredDocument:
    """Issue a document for a membership; with an outbox, tell the member's portal of a
    資格確認書 in the same transaction."""
    document = DocumentRow(
        document_id=uuid.uuid4().hex[:16],
        membership_id=row.membership_id,
        kind=kind.value,
        issued_on=on,
        valid_until=certificate_end(row, on) if kind is DocumentKind.CERTIFICATE else None,
        reason=reason,
    )
    session.add(document)
    if outbox is not None and kind is DocumentKind.CERTIFICATE:
        _announce(session, outbox, row, document)
    return to_document(document, row)


def _announce(session: Session, outbox: Outbox, row: MembershipRow, document: DocumentRow) -> None:
    """Send the member's portal an お知らせ of a 資格確認書 issued."""
    insurer = session.get(InsurerRow, row.insurer_number)
    sender = insurer.name if insurer is not None else row.insurer_number
    notice = NoticeMessage(
        agency=network_agency_id(row.insurer_number),
        code=row.person_code,
        sender=sender,
        kind="certificate_issued",
        title="資格確認書を交付しました",
        body=f"{sender} が {document.issued_on:%Y年%m月%d日} に資格確認書を交付しました"
        f"（有効期限 {document.valid_until:%Y年%m月%d日}）。",
    )
    outbox.send(session, topic=NOTICES, body=notice.model_dump(mode="json"))


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


def certify(
    session: Session,
    membership_ids: list[str],
    *,
    on: dt.date,
    reason: str,
    outbox: Outbox | None = None,
) -> int:
    """Send a 資格確認書 to each of these members who lacks a valid one; return how many."""
    issued = 0
    for membership_id in membership_ids:
        row = session.get(MembershipRow, membership_id)
        if row is None or has_valid_certificate(session, membership_id, on):
            continue
        issue(session, row, kind=DocumentKind.CERTIFICATE, on=on, reason=reason, outbox=outbox)
        issued += 1
    return issued
