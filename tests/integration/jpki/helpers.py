"""Builders for JPKI tests: residents with cards, relying parties, authentications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.app import System
from mynumber.jpki.data import CardCertificates, IssuedCard
from mynumber.registry.data import ChangeKind, Resident
from tests.integration.registry.helpers import person

PARTY = "eligibility"


def register(system: System, *, born: dt.date = dt.date(1980, 4, 1), **names: str) -> Resident:
    """Register a resident (a birth on the birth date) and return them."""
    return system.registry.register(
        new=person(born=born, **names),
        kind=ChangeKind.BIRTH,
        on=born,
    )


@dataclass(frozen=True)
class Holder:
    """A resident, their card and its PINs."""

    resident: Resident
    issued: IssuedCard

    @property
    def card_id(self) -> str:
        """Return the card's id."""
        return self.issued.card.card_id


def holder(system: System, **kwargs: object) -> Holder:
    """Register a resident and issue them a card."""
    resident = register(system, **kwargs)
    return Holder(resident, system.jpki.issue(resident_code=resident.resident_code))


def certificates(system: System, who: Holder) -> CardCertificates:
    """Read every certificate off the card."""
    return system.jpki.read_certificates(card_id=who.card_id, sign_pin=who.issued.pins.sign)


def authenticate(system: System, who: Holder, *, party: str = PARTY) -> tuple[bytes, bytes, bytes]:
    """Return (certificate, challenge, signature): a card's answer to a fresh challenge."""
    challenge = system.jpki.new_challenge(relying_party=party).value
    signature = system.jpki.sign_challenge(
        card_id=who.card_id, pin=who.issued.pins.auth, challenge=challenge
    )
    certificate = system.jpki.read_certificates(card_id=who.card_id).auth
    return certificate, challenge, signature
