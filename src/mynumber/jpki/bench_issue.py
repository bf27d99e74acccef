"""Bench cards (ベンチ用カード), issued set-wise: what `issuance.issue` does for one resident,
done for thousands in one transaction, with the rows written in a few multi-row inserts.

⚠ Bench cards share key pairs from a pool: a 2048-bit RSA pair costs ~0.1 s to generate, two per
card, so 100,000 cards would take hours. A `KeyPool` is generated once per process and each card
draws its two pairs from it. Every certificate is still unique (its own random serial and
subject) and signed by the instance's real CA, so the normal verification path (chain,
validity, revocation, the card's own signature) checks it as any other. Only bench builds use
this; `issue` always makes keys inside the card.

Every function takes the caller's session; none commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mynumber.jpki import issuance
from mynumber.jpki.card import KeySlot, Pins, VirtualCard
from mynumber.jpki.card_store import HELD, Context, card_status
from mynumber.jpki.data import BenchCard, CardStatus, CertificateKind
from mynumber.jpki.issuance import (
    SIGN_MIN_AGE,
    card_expiry,
    card_profile,
    new_pins,
    refuse_unless_living,
)
from mynumber.jpki.models import CardRow, CertificateRow
from mynumber.kernel.ages import age_on
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import ConflictError
from mynumber.registry.data import Resident

__all__ = ["KeyPool", "issue_bench_cards"]

_CARDS = cast(Table, CardRow.__table__)
_CERTIFICATES = cast(Table, CertificateRow.__table__)
_CHUNK = 400


@dataclass
class KeyPool:
    """⚠ A few RSA key pairs, generated once, that bench cards draw theirs from in turn."""

    size: int
    keys: list[rsa.RSAPrivateKey] = field(default_factory=list)
    _next: int = 0

    def draw(self) -> dict[KeySlot, rsa.RSAPrivateKey]:
        """Return a card's two key pairs (auth, sign), generating the pool on first use."""
        if not self.keys:
            self.keys = [
                rsa.generate_private_key(public_exponent=65537, key_size=2048)
                for _ in range(max(2, self.size))
            ]
        drawn = {}
        for slot in KeySlot:
            drawn[slot] = self.keys[self._next % len(self.keys)]
            self._next += 1
        return drawn


def issue_bench_cards(
    session: Session,
    ctx: Context,
    *,
    residents: Sequence[Resident],
    jlis_codes: Sequence[str],
    pool: KeyPool,
) -> list[BenchCard]:
    """Make, certify and store a card for each of these living residents who holds none, as
    `issuance.issue` does; refuse the whole batch if one is dead or already holds a card."""
    _refuse_holders(session, ctx, residents)
    cards: list[dict[str, Any]] = []
    certificates: list[dict[str, Any]] = []
    issued: list[BenchCard] = []
    for resident, jlis_code in zip(residents, jlis_codes, strict=True):
        refuse_unless_living(resident)
        card, made, bench = _make(ctx, resident, jlis_code, pool)
        cards.append(card)
        certificates += made
        issued.append(bench)
    if cards:
        session.execute(_CARDS.insert(), cards)
        session.execute(_CERTIFICATES.insert(), certificates)
    return issued


def _refuse_holders(session: Session, ctx: Context, residents: Sequence[Resident]) -> None:
    codes = sorted({r.resident_code for r in residents})
    today = today_in_japan(ctx.clock)
    for start in range(0, len(codes), _CHUNK):
        held = session.scalars(
            select(CardRow).where(
                CardRow.resident_code.in_(codes[start : start + _CHUNK]),
                CardRow.status.in_(HELD),
            )
        )
        for row in held:
            if card_status(row, today) is not CardStatus.EXPIRED:
                raise ConflictError(
                    f"resident {row.resident_code} already holds card {row.card_id}",
                    code="card_exists",
                )


def _make(
    ctx: Context, resident: Resident, jlis_code: str, pool: KeyPool
) -> tuple[dict[str, Any], list[dict[str, Any]], BenchCard]:
    """Return one card's row, its certificates' rows and what the holder is handed."""
    now, today = ctx.clock.now(), today_in_japan(ctx.clock)
    expiry = card_expiry(resident.birth_date, today)
    pins, security_code = new_pins(), "".join(secrets.choice("0123456789") for _ in range(4))
    chip = VirtualCard.manufacture(
        profile=card_profile(resident, expiry, security_code),
        pins=Pins(auth=pins.auth, sign=pins.sign, input_support=pins.input_support),
        keys=pool.draw(),
    )
    card_id = secrets.token_hex(8).upper()
    kinds = [CertificateKind.AUTH]
    if age_on(resident.birth_date, today) >= SIGN_MIN_AGE:
        kinds.append(CertificateKind.SIGN)
    made = [
        _certify(ctx, chip, card_id, kind, resident=resident, expiry=expiry, now=now)
        for kind in kinds
    ]
    chip.install_certificates(auth_ca=ctx.hierarchy.auth.der, sign_ca=ctx.hierarchy.sign.der)
    card = {
        "card_id": card_id,
        "resident_code": resident.resident_code,
        "jlis_code": jlis_code,
        "status": CardStatus.ACTIVE.value,
        "issued_at": now,
        "expires_on": expiry,
        "status_changed_at": now,
        "replaced_by": None,
        "security_code": security_code,
        "sealed": chip.seal(ctx.seal_key),
        "revision": 1,
    }
    return card, made, BenchCard(card_id=card_id, pins=pins, auth_certificate=made[0]["der"])


def _certify(
    ctx: Context,
    chip: VirtualCard,
    card_id: str,
    kind: CertificateKind,
    *,
    resident: Resident,
    expiry: dt.date,
    now: dt.datetime,
) -> dict[str, Any]:
    """Return the row of a certificate for the card's key of this kind, as `issuance.certify`
    makes it, and install it on the chip."""
    public_key = chip.public_key(KeySlot(kind.value))
    return issuance.certificate_values(ctx, chip, card_id=card_id, kind=kind, resident=resident,
                                       public_key=public_key, expiry=expiry, now=now)  # fmt: skip
