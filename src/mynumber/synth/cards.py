"""Card registration (利用登録) of synthetic card holders, the way a holder does it with their PIN.

Each registration goes the real path, the PIN path of `CardProof` with no facility (as at
マイナポータル): the eligibility system issues a challenge, the card signs it after its
user-authentication PIN, and J-LIS verifies the signature and tells the eligibility system whose
card it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import CardAuthentication, CardProof
from mynumber.jpki.api import Jpki

__all__ = ["chosen", "register"]


def chosen(count: int, share: float) -> list[int]:
    """Return the positions of about share of count items, spread evenly (deterministic)."""
    return [i for i in range(count) if math.floor((i + 1) * share) > math.floor(i * share)]


def register(
    eligibility: Eligibility, jpki: Jpki, cards: Sequence[tuple[str, str]], *, share: float
) -> int:
    """Register about `share` of these (card id, auth PIN) cards; return how many."""
    registered = 0
    for index in chosen(len(cards), share):
        card_id, pin = cards[index]
        challenge = eligibility.new_challenge()
        signature = jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
        certificate = jpki.read_certificates(card_id=card_id).auth
        proof = CardProof(
            authentication=CardAuthentication(
                certificate=certificate, challenge=challenge, signature=signature
            )
        )
        registered += eligibility.register_card(proof=proof).registered
    return registered
