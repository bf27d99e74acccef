"""Shared set-up of the facility tests: a clinic with a terminal, a card holder."""

from __future__ import annotations

import datetime as dt

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, ReaderResult
from mynumber.facility.data import Facility, Terminal
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.registry.data import ChangeKind, Resident

from ..registry.helpers import person

CLINIC = Facility(
    code=CODECS[IdentifierKind.FACILITY_CODE].complete("131123456"),
    kind=FacilityKind.CLINIC,
    name="さくら内科クリニック",
    address="東京都千代田区千代田1番1号",
)


def clinic_with_terminal(system: System) -> Terminal:
    """Add the clinic and give it a terminal."""
    system.facilities.add_facility(facility=CLINIC)
    return system.facilities.add_terminal(facility_code=CLINIC.code)


def resident_with_card(
    system: System, *, given: str = "太郎", born: dt.date = dt.date(1980, 4, 1)
) -> tuple[Resident, str, str]:
    """Register a resident and issue a card; return them, the card id and the auth PIN."""
    resident = system.registry.register(
        new=person(given=given, born=born), kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1)
    )
    issued = system.jpki.issue(resident_code=resident.resident_code)
    return resident, issued.card.card_id, issued.pins.auth


def verifies(terminal: Terminal, result: ReaderResult) -> bool:
    """Return whether the reader result's signature verifies with the terminal's public key."""
    try:
        Ed25519PublicKey.from_public_bytes(terminal.public_key).verify(
            result.signature, result.signed_bytes()
        )
    except InvalidSignature:
        return False
    return True
