"""The holder's side: a card in a reader, and what client software does with it over APDUs
(read the certificates, answer a challenge, make a detached CMS signature).

The chip state is written back after every command that can change it (VERIFY and CHANGE
REFERENCE DATA move PIN counters); SELECT, READ BINARY and SIGN change only the session state,
which a real card forgets on power-off as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mynumber.jpki import cms
from mynumber.jpki.card import (
    CardClient,
    CardError,
    CardNotReady,
    PinBlocked,
    VirtualCard,
    WrongPin,
)
from mynumber.jpki.data import CardCertificates, CardRefusedError, PinError

__all__ = ["ReaderSession", "card_errors", "read_certificates", "sign_detached"]

_STATELESS = frozenset({0xA4, 0xB0, 0x2A})  # SELECT, READ BINARY, SIGN


class ReaderSession:
    """A card in a reader: APDUs go to the chip, and changes go back to J-LIS's store."""

    def __init__(self, chip: VirtualCard, store: Callable[[VirtualCard], None]) -> None:
        self._chip = chip
        self._store = store

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return the response data and SW1 SW2."""
        response = self._chip.transmit(apdu)
        if len(apdu) < 2 or apdu[1] not in _STATELESS:
            self._store(self._chip)
        return response

    def reset(self) -> None:
        """Power-cycle the card: it forgets the PINs verified and the files selected."""
        self._chip.reset()


@contextmanager
def card_errors() -> Iterator[None]:
    """Turn the card's refusals into the subsystem's refusals."""
    try:
        yield
    except WrongPin as error:
        raise PinError(
            f"wrong PIN: {error.tries_left} tries left before it locks",
            tries_left=error.tries_left,
        ) from None
    except PinBlocked:
        raise PinError(
            "the PIN is blocked: have it reset at the municipal counter",
            tries_left=0,
            code="pin_blocked",
        ) from None
    except CardNotReady:
        raise CardRefusedError("the card holds no certificate for this key") from None
    except CardError as error:
        raise CardRefusedError(f"the card refused the command: {error}") from None


def read_certificates(client: CardClient, *, sign_pin: str | None) -> CardCertificates:
    """Read the certificates from the card; the signing one only with the signing PIN."""
    with card_errors():
        return CardCertificates(
            auth=client.read_auth_certificate(),
            auth_ca=client.read_auth_ca_certificate(),
            sign_ca=client.read_sign_ca_certificate(),
            sign=client.read_sign_certificate(sign_pin) if sign_pin is not None else None,
        )


def sign_detached(
    client: CardClient, *, sign_pin: str, certificate: bytes, content: bytes, now: dt.datetime
) -> bytes:
    """Return a detached CMS SignedData over content, signed by the card's signing key."""
    with card_errors():
        chain = [client.read_sign_ca_certificate()]
        attributes = cms.signed_attributes(
            content=content, certificate=certificate, signing_time=now
        )
        signature = client.sign(sign_pin, attributes)
    return cms.signed_data(
        certificate=certificate, chain=chain, attributes=attributes, signature=signature
    )
