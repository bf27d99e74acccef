"""Reader results (顔認証付きカードリーダー): a terminal's signed account that the card's holder is
present, checked before J-LIS is asked about the card."""

from __future__ import annotations

import datetime as dt
import hashlib

from cryptography.exceptions import InvalidSignature

from mynumber.eligibility.callers.terminals import TerminalLookup
from mynumber.eligibility.data import CardProof, ReaderMethod
from mynumber.kernel.errors import ForbiddenError

__all__ = ["READER_SKEW", "ReaderRefusedError", "check_reader"]

# How far a reader's clock may be from ours before its result is refused as stale or skewed.
READER_SKEW = dt.timedelta(minutes=5)


class ReaderRefusedError(ForbiddenError):
    """The reader's result does not prove what it claims."""


def check_reader(proof: CardProof, now: dt.datetime, terminal: TerminalLookup) -> None:
    """Refuse a proof of the card that proves nothing before J-LIS is asked about the card.

    Without a reader result the card itself must have signed the challenge (the PIN path); a
    certificate alone is refused. A reader result must be signed by a terminal of the proof's
    facility, for this card and challenge, recently, with the holder confirmed.
    """
    reader, auth = proof.reader, proof.authentication
    if reader is None:
        if auth.signature is None:
            raise ReaderRefusedError(
                "a certificate alone does not prove the holder is present: the card must sign "
                "the challenge (PIN), or a reader of the facility must vouch (face)",
                code="no_card_signature",
            )
        return
    if proof.facility_code is None:
        raise ReaderRefusedError(
            "a reader result counts only at the facility of its terminal: name the facility",
            code="reader_facility_required",
        )
    identity, key = terminal(reader.terminal_id)
    if identity.facility_code != proof.facility_code:
        raise ReaderRefusedError(
            f"terminal {reader.terminal_id} is not registered for facility {proof.facility_code}",
            code="terminal_unknown",
        )
    try:
        key.verify(reader.signature, reader.signed_bytes())
    except InvalidSignature:
        raise ReaderRefusedError(
            "the reader result's signature does not verify", code="reader_signature_invalid"
        ) from None
    if reader.certificate_digest != hashlib.sha256(auth.certificate).hexdigest():
        raise ReaderRefusedError(
            "the reader result is for another card", code="reader_card_mismatch"
        )
    if reader.challenge != auth.challenge:
        raise ReaderRefusedError(
            "the reader result is for another challenge", code="reader_challenge_mismatch"
        )
    if abs(now - reader.signed_at) > READER_SKEW:
        raise ReaderRefusedError(
            "the reader result is stale or its clock is off", code="reader_skew"
        )
    _check_method(proof)


def _check_method(proof: CardProof) -> None:
    reader, signature = proof.reader, proof.authentication.signature
    assert reader is not None
    if reader.method is ReaderMethod.PIN and signature is None:
        raise ReaderRefusedError("PIN path without the card's signature", code="no_card_signature")
    if not reader.matched:
        raise ReaderRefusedError(
            "the holder was not confirmed: face did not match and staff did not confirm",
            code="holder_not_confirmed",
        )
