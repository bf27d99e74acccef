"""Card issuance at J-LIS and the municipal counter (交付): make the card, with its keys made
inside the virtual chip, and certify them.

Every function takes the caller's session; none commits. J-LIS only ever sees public keys and
the sealed chip state.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.jpki import profiles
from mynumber.jpki.card import CardProfile, KeySlot, Pins, VirtualCard
from mynumber.jpki.card_store import (
    HELD,
    Context,
    card_info,
    card_status,
    store_chip,
)
from mynumber.jpki.data import (
    CardStatus,
    CertificateKind,
    CertificateStatus,
    DemoPins,
    IssuedCard,
)
from mynumber.jpki.models import CardRow, CertificateRow
from mynumber.jpki.revocation import serial_text
from mynumber.kernel.ages import age_on
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import ConflictError
from mynumber.registry.data import Resident, ResidentStatus

SIGN_MIN_AGE = 15  # 署名用電子証明書 is not issued to children under 15 (by default)
ADULT_AGE = 18  # the card runs to the 10th birthday from 18, else to the 5th
_DIGITS = "0123456789"
_SIGN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def card_expiry(birth_date: dt.date, issued_on: dt.date) -> dt.date:
    """Return the card's own expiry: the 10th birthday after issue, the 5th under 18."""
    years = 10 if age_on(birth_date, issued_on) >= ADULT_AGE else 5
    return profiles.nth_birthday_after(birth_date, issued_on, years)


def _digits(count: int) -> str:
    return "".join(secrets.choice(_DIGITS) for _ in range(count))


def new_pins() -> DemoPins:
    """Return random demo PINs in the card's formats."""
    sign = "".join(secrets.choice(_SIGN_ALPHABET) for _ in range(8))
    return DemoPins(auth=_digits(4), sign=sign, input_support=_digits(4))


def refuse_unless_living(resident: Resident) -> None:
    """Refuse a resident who has died or left the register: no card is issued to them."""
    if resident.status is not ResidentStatus.ACTIVE:
        raise ConflictError(
            f"resident {resident.resident_code} is {resident.status}: no card is issued",
            code="resident_not_active",
        )


def issue(session: Session, ctx: Context, *, resident: Resident, jlis_code: str) -> IssuedCard:
    """Make and personalise a card for a resident who holds none (交付申請 → 交付)."""
    refuse_unless_living(resident)
    held = list(
        session.scalars(
            select(CardRow).where(
                CardRow.resident_code == resident.resident_code, CardRow.status.in_(HELD)
            )
        )
    )
    today = today_in_japan(ctx.clock)
    for row in held:
        if card_status(row, today) is not CardStatus.EXPIRED:
            raise ConflictError(
                f"the resident already holds card {row.card_id}; reissue that card instead",
                code="card_exists",
            )
    issued = make_card(session, ctx, resident=resident, jlis_code=jlis_code)
    for row in held:  # an expired card is given back when the new one is handed over
        row.status, row.status_changed_at = CardStatus.RETIRED.value, ctx.clock.now()
        row.replaced_by = issued.card.card_id
    return issued


def card_profile(resident: Resident, expiry: dt.date, security_code: str) -> CardProfile:
    """Return what the card face and its input-support applet carry for this resident."""
    return CardProfile(
        my_number=resident.my_number,
        name=resident.name.full,
        address=resident.address.text,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
        expiry=expiry,
        security_code=security_code,
    )


def make_card(session: Session, ctx: Context, *, resident: Resident, jlis_code: str) -> IssuedCard:
    """Manufacture a card with keys made inside, certify its keys and store it sealed."""
    now, today = ctx.clock.now(), today_in_japan(ctx.clock)
    expiry = card_expiry(resident.birth_date, today)
    pins = new_pins()
    security_code = _digits(4)
    chip = VirtualCard.manufacture(
        profile=card_profile(resident, expiry, security_code),
        pins=Pins(auth=pins.auth, sign=pins.sign, input_support=pins.input_support),
    )
    row = CardRow(
        card_id=secrets.token_hex(8).upper(),
        resident_code=resident.resident_code,
        jlis_code=jlis_code,
        status=CardStatus.ACTIVE.value,
        issued_at=now,
        expires_on=expiry,
        status_changed_at=now,
        replaced_by=None,
        security_code=security_code,
        sealed=b"",
        revision=0,
    )
    session.add(row)
    kinds = [CertificateKind.AUTH]
    if age_on(resident.birth_date, today) >= SIGN_MIN_AGE:
        kinds.append(CertificateKind.SIGN)
    for kind in kinds:
        certify(session, ctx, chip=chip, row=row, kind=kind, resident=resident)
    chip.install_certificates(auth_ca=ctx.hierarchy.auth.der, sign_ca=ctx.hierarchy.sign.der)
    store_chip(row, chip, ctx)
    session.flush()
    return IssuedCard(card=card_info(session, ctx, row, chip), pins=pins)


def certify(
    session: Session,
    ctx: Context,
    *,
    chip: VirtualCard,
    row: CardRow,
    kind: CertificateKind,
    resident: Resident,
    new_key: bool = False,
) -> CertificateRow:
    """Issue a certificate of this kind for the card's key (a fresh key pair if asked)."""
    slot = KeySlot(kind.value)
    public_key = chip.replace_key(slot) if new_key else chip.public_key(slot)
    stored = CertificateRow(
        **certificate_values(ctx, chip, card_id=row.card_id, kind=kind, resident=resident,
                             public_key=public_key, expiry=row.expires_on, now=ctx.clock.now())
    )  # fmt: skip
    session.add(stored)
    session.flush()
    return stored


def certificate_values(
    ctx: Context,
    chip: VirtualCard,
    *,
    card_id: str,
    kind: CertificateKind,
    resident: Resident,
    public_key: Any,
    expiry: dt.date,
    now: dt.datetime,
) -> dict[str, Any]:
    """Make the card's certificate of this kind for public_key, install it on the chip and
    return its row's values: valid until the card's expiry or the 5th birthday, whichever is
    first; the signing certificate carries the four items (基本4情報)."""
    today = today_in_japan(ctx.clock)
    last_day = min(profiles.nth_birthday_after(resident.birth_date, today, 5), expiry)
    items = profiles.FourItems(
        name=resident.name.full,
        sex=int(resident.sex),
        birth_date=resident.birth_date,
        address=resident.address.text,
    )
    certificate = profiles.build_certificate(
        kind=kind,
        issuer=ctx.hierarchy.issuer_of(kind),
        public_key=public_key,
        not_before=now,
        not_after=profiles.end_of_day(last_day),
        base_url=ctx.base_url,
        items=items if kind is CertificateKind.SIGN else None,
    )
    der = certificate.public_bytes(Encoding.DER)
    chip.install_certificates(**{kind.value: der})
    return {
        "serial": serial_text(certificate.serial_number),
        "card_id": card_id,
        "kind": kind.value,
        "der": der,
        "issued_at": now,
        "not_before": certificate.not_valid_before_utc,
        "not_after": certificate.not_valid_after_utc,
        "status": CertificateStatus.VALID.value,
        "revoked_at": None,
        "reason": None,
    }
