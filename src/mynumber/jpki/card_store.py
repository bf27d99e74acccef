"""J-LIS's card store: the cards and certificates it issued, their statuses, and each card's chip
kept sealed between uses.

Every function takes the caller's session; none commits. Issuance is in `issuance`, life after
it in `lifecycle`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mynumber.jpki.authority import Hierarchy
from mynumber.jpki.card import VirtualCard
from mynumber.jpki.data import (
    CardInfo,
    CardRefusedError,
    CardStatus,
    CertificateInfo,
    CertificateKind,
    CertificateStatus,
    PinKind,
    RevocationReason,
)
from mynumber.jpki.models import CardRow, CertificateRow, SuccessionRow
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import row_or_not_found

IN_FORCE = (CertificateStatus.VALID.value, CertificateStatus.ON_HOLD.value)
HELD = (CardStatus.ACTIVE.value, CardStatus.SUSPENDED.value)


@dataclass(frozen=True)
class Context:
    """What the rules need besides the session; the CAs are loaded only when needed."""

    clock: Clock
    seal_key: bytes
    base_url: str
    authorities: Callable[[], Hierarchy]

    @property
    def hierarchy(self) -> Hierarchy:
        """Return the instance's CA hierarchy."""
        return self.authorities()


def get_card(session: Session, card_id: str) -> CardRow:
    """Return the card with this id, or raise."""
    return row_or_not_found(
        session, CardRow, card_id, f"no card with id {card_id}", code="card_not_found"
    )


def cards_of(session: Session, resident_code: str) -> list[CardRow]:
    """Return every card issued to a resident, newest first."""
    rows = session.scalars(select(CardRow).where(CardRow.resident_code == resident_code))
    # A replacement made in the same instant as its predecessor still comes first.
    return sorted(rows, key=lambda r: (r.issued_at, r.replaced_by is None), reverse=True)


def card_status(row: CardRow, today: dt.date) -> CardStatus:
    """Return the card's status, expiry included."""
    if row.status in HELD and row.expires_on < today:
        return CardStatus.EXPIRED
    return CardStatus(row.status)


def certificate_status(row: CertificateRow, now: dt.datetime) -> CertificateStatus:
    """Return the certificate's status, expiry included."""
    return status_of(row.status, row.not_after, now)


def status_of(stored: str, not_after: dt.datetime, now: dt.datetime) -> CertificateStatus:
    """Return a certificate status from the stored one and the end of validity."""
    if stored == CertificateStatus.VALID.value and not_after < now:
        return CertificateStatus.EXPIRED
    return CertificateStatus(stored)


def certificates_of(session: Session, card_id: str) -> list[CertificateRow]:
    """Return a card's certificates, newest first."""
    query = select(CertificateRow).where(CertificateRow.card_id == card_id)
    return list(session.scalars(query.order_by(CertificateRow.issued_at.desc())))


def newest(session: Session, card_id: str, kind: CertificateKind) -> CertificateRow | None:
    """Return a card's current certificate of a kind: the newest, not replaced; or None."""
    rows = [c for c in certificates_of(session, card_id) if c.kind == kind.value]
    replaced = set(
        session.scalars(
            select(SuccessionRow.old_serial).where(
                SuccessionRow.old_serial.in_([c.serial for c in rows])
            )
        )
    )
    current = [c for c in rows if c.serial not in replaced] or rows
    return current[0] if current else None


def open_chip(row: CardRow, ctx: Context) -> VirtualCard:
    """Return the card's chip, unsealed."""
    return VirtualCard.unseal(row.sealed, ctx.seal_key)


def store_chip(row: CardRow, chip: VirtualCard, ctx: Context) -> None:
    """Write the chip state back, sealed, as a new revision."""
    row.sealed = chip.seal(ctx.seal_key)
    row.revision = (row.revision or 0) + 1


def write_back(
    session: Session, ctx: Context, *, card_id: str, chip: VirtualCard, revision: int
) -> None:
    """Store a chip used in a reader, unless the counter changed the card meanwhile."""
    written = session.execute(
        update(CardRow)
        .where(CardRow.card_id == card_id, CardRow.revision == revision)
        .values(sealed=chip.seal(ctx.seal_key), revision=revision + 1)
    )
    if written.rowcount != 1:  # type: ignore[attr-defined]
        raise CardRefusedError(
            "the card was changed at the counter while it was in the reader: insert it again"
        )


def card_info(
    session: Session, ctx: Context, row: CardRow, chip: VirtualCard | None = None
) -> CardInfo:
    """Return the DTO of a card with its certificates and PIN counters."""
    chip = chip or open_chip(row, ctx)
    now = ctx.clock.now()
    rows = certificates_of(session, row.card_id)
    links = session.execute(
        select(SuccessionRow.old_serial, SuccessionRow.new_serial).where(
            SuccessionRow.old_serial.in_([c.serial for c in rows])
        )
    )
    successors = {old: new for old, new in links}
    # Newest first; of two made in the same instant, the one that replaced the other.
    rows.sort(key=lambda c: (c.issued_at, c.serial not in successors), reverse=True)
    return CardInfo(
        card_id=row.card_id,
        status=card_status(row, today_in_japan(ctx.clock)),
        issued_at=row.issued_at,
        expires_on=row.expires_on,
        replaced_by=row.replaced_by,
        certificates=tuple(
            CertificateInfo(
                serial=c.serial,
                kind=CertificateKind(c.kind),
                status=certificate_status(c, now),
                not_before=c.not_before,
                not_after=c.not_after,
                revoked_at=c.revoked_at,
                reason=RevocationReason(c.reason) if c.reason else None,
                replaced_by=successors.get(c.serial),
            )
            for c in rows
        ),
        pin_tries_left={PinKind(k.value): n for k, n in chip.pin_status().items()},
    )
