"""Life after issuance: suspension (一時停止) and its lifting, revocation, reissue (再交付),
renewal (更新), PIN reset at the counter, and the reaction to registry changes.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.jpki.card import PinKind as CardPinKind
from mynumber.jpki.card_store import (
    HELD,
    IN_FORCE,
    Context,
    card_info,
    card_status,
    certificates_of,
    get_card,
    newest,
    open_chip,
    store_chip,
)
from mynumber.jpki.data import (
    CardInfo,
    CardRefusedError,
    CardStatus,
    CertificateKind,
    CertificateStatus,
    IssuedCard,
    PinKind,
    RevocationReason,
)
from mynumber.jpki.issuance import (
    SIGN_MIN_AGE,
    card_profile,
    certify,
    make_card,
    new_pins,
    refuse_unless_living,
)
from mynumber.jpki.models import CardRow, CertificateRow, SuccessionRow
from mynumber.kernel.ages import age_on
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError
from mynumber.registry.data import ChangeKind, Resident, ResidentChange


def revoke_certificates(
    rows: Iterable[CertificateRow], *, reason: RevocationReason, now: dt.datetime
) -> list[str]:
    """Revoke (or put on hold) the certificates still in force; return their serials."""
    done = []
    for cert in rows:
        if cert.status in IN_FORCE:
            held = reason is RevocationReason.CERTIFICATE_HOLD
            if held and cert.status != CertificateStatus.VALID.value:
                continue
            cert.status = (CertificateStatus.ON_HOLD if held else CertificateStatus.REVOKED).value
            cert.reason = reason.value
            if cert.revoked_at is None or not held:
                cert.revoked_at = now
            done.append(cert.serial)
    return done


def _require(row: CardRow, ctx: Context, *allowed: CardStatus, doing: str) -> None:
    status = card_status(row, today_in_japan(ctx.clock))
    if status not in allowed:
        raise CardRefusedError(f"card {row.card_id} is {status.value}: cannot {doing}")


def suspend(session: Session, ctx: Context, *, card_id: str) -> CardRow:
    """Put a card on hold after a loss report (一時停止): its certificates are held."""
    row = get_card(session, card_id)
    _require(row, ctx, CardStatus.ACTIVE, doing="suspend it")
    now = ctx.clock.now()
    revoke_certificates(
        certificates_of(session, card_id), reason=RevocationReason.CERTIFICATE_HOLD, now=now
    )
    row.status, row.status_changed_at = CardStatus.SUSPENDED.value, now
    return row


def resume(session: Session, ctx: Context, *, card_id: str) -> CardRow:
    """Lift a suspension (一時停止の解除): held certificates are good again."""
    row = get_card(session, card_id)
    _require(row, ctx, CardStatus.SUSPENDED, doing="resume it")
    for cert in certificates_of(session, card_id):
        if cert.status == CertificateStatus.ON_HOLD.value:
            cert.status, cert.reason, cert.revoked_at = CertificateStatus.VALID.value, None, None
    row.status, row.status_changed_at = CardStatus.ACTIVE.value, ctx.clock.now()
    return row


def revoke(
    session: Session,
    ctx: Context,
    *,
    card_id: str,
    reason: RevocationReason,
    kinds: Iterable[CertificateKind] = tuple(CertificateKind),
) -> CardRow:
    """Revoke the card's certificates of these kinds that are still in force."""
    if reason is RevocationReason.CERTIFICATE_HOLD:
        raise InvalidInputError("certificateHold is not a revocation: suspend the card")
    row = get_card(session, card_id)
    wanted = {k.value for k in kinds}
    rows = [c for c in certificates_of(session, card_id) if c.kind in wanted]
    if not revoke_certificates(rows, reason=reason, now=ctx.clock.now()):
        raise ConflictError(
            f"card {card_id} has no certificate of that kind in force", code="nothing_to_revoke"
        )
    return row


def reissue(
    session: Session, ctx: Context, *, card_id: str, resident: Resident, lost: bool
) -> IssuedCard:
    """Replace a card (再交付): the old one is retired and its certificates revoked."""
    refuse_unless_living(resident)
    old = get_card(session, card_id)
    if old.status == CardStatus.RETIRED.value:
        raise CardRefusedError(f"card {card_id} is retired already (replaced by {old.replaced_by})")
    now = ctx.clock.now()
    reason = RevocationReason.KEY_COMPROMISE if lost else RevocationReason.SUPERSEDED
    previous = {k: newest(session, card_id, k) for k in CertificateKind}
    revoke_certificates(certificates_of(session, card_id), reason=reason, now=now)
    issued = make_card(session, ctx, resident=resident, jlis_code=old.jlis_code)
    old.status, old.status_changed_at = CardStatus.RETIRED.value, now
    old.replaced_by = issued.card.card_id
    for kind, before in previous.items():
        after = newest(session, issued.card.card_id, kind)
        if before is not None and after is not None:
            link(session, before.serial, after.serial, kind, now)
    return issued


def link(session: Session, old: str, new: str, kind: CertificateKind, at: dt.datetime) -> None:
    """Record that a new serial replaced an old one (証明書新旧紐付け)."""
    session.add(SuccessionRow(old_serial=old, new_serial=new, kind=kind.value, linked_at=at))


def renew(
    session: Session,
    ctx: Context,
    *,
    card_id: str,
    resident: Resident,
    kinds: Iterable[CertificateKind],
) -> CardInfo:
    """Issue new certificates on new key pairs in the same card (更新, or 再発行 after a move)."""
    refuse_unless_living(resident)
    row = get_card(session, card_id)
    _require(row, ctx, CardStatus.ACTIVE, doing="renew its certificates")
    if row.resident_code != resident.resident_code:
        raise ForbiddenError("this card belongs to someone else")
    chip = open_chip(row, ctx)
    now, today = ctx.clock.now(), today_in_japan(ctx.clock)
    for kind in dict.fromkeys(kinds):
        if kind is CertificateKind.SIGN:
            if age_on(resident.birth_date, today) < SIGN_MIN_AGE:
                raise CardRefusedError("no signing certificate is issued to a child under 15")
            try:  # the four items on the chip follow the register (券面事項の変更)
                chip.update_profile(card_profile(resident, row.expires_on, row.security_code))
            except ValueError:
                raise CardRefusedError(
                    "the holder's My Number has changed: the card must be reissued"
                ) from None
        before = newest(session, card_id, kind)
        after = certify(
            session, ctx, chip=chip, row=row, kind=kind, resident=resident, new_key=True
        )
        if before is not None:
            revoke_certificates([before], reason=RevocationReason.SUPERSEDED, now=now)
            link(session, before.serial, after.serial, kind, now)
    store_chip(row, chip, ctx)
    session.flush()
    return card_info(session, ctx, row, chip)


def reset_pin(
    session: Session,
    ctx: Context,
    *,
    card_id: str,
    kind: PinKind,
    resident: Resident,
    birth_date: dt.date,
    new_pin: str | None,
) -> str:
    """Set a new PIN and a full counter after an identity check at the counter."""
    row = get_card(session, card_id)
    if row.resident_code != resident.resident_code or resident.birth_date != birth_date:
        raise ForbiddenError("identity check failed: the card is not this person's")
    _require(row, ctx, CardStatus.ACTIVE, CardStatus.SUSPENDED, doing="reset a PIN")
    generated = new_pins()
    pin = new_pin or {PinKind.AUTH: generated.auth, PinKind.SIGN: generated.sign}.get(
        kind, generated.input_support
    )
    chip = open_chip(row, ctx)
    try:
        chip.reset_pin(CardPinKind(kind.value), pin)
    except ValueError as error:
        raise InvalidInputError(str(error)) from None
    store_chip(row, chip, ctx)
    return pin.upper() if kind is PinKind.SIGN else pin


def on_resident_change(session: Session, ctx: Context, *, change: ResidentChange) -> list[str]:
    """Revoke what a registry change makes untrue; return the serials revoked.

    A new name or address revokes the signing certificate only (it carries the four items);
    a death revokes everything and retires the card.
    """
    if change.kind not in (ChangeKind.RENAME, ChangeKind.MOVE, ChangeKind.DEATH):
        return []
    now = ctx.clock.now()
    cards = session.scalars(
        select(CardRow).where(CardRow.jlis_code == change.subject, CardRow.status.in_(HELD))
    )
    revoked: list[str] = []
    for row in cards:
        rows = certificates_of(session, row.card_id)
        if change.kind is ChangeKind.DEATH:
            reason = RevocationReason.CESSATION_OF_OPERATION
            row.status, row.status_changed_at = CardStatus.RETIRED.value, now
        else:
            reason = RevocationReason.AFFILIATION_CHANGED
            rows = [c for c in rows if c.kind == CertificateKind.SIGN.value]
        revoked += revoke_certificates(rows, reason=reason, now=now)
    return revoked
