"""The virtual face-recognition card reader (顔認証付きカードリーダー) at a facility's reception.

It reads the card's user-authentication certificate, confirms the holder by PIN (the card signs
the eligibility system's challenge) or by face (the reader compares the face with the card's
photo; staff compare them by eye when that fails), asks for consent, and signs its account of
all this (`ReaderResult`) with the terminal's key. The same proof of the card serves a check by
card, 利用登録 and 登録解除.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from mynumber.eligibility.data import CardAuthentication, CardProof, CardQuery, ReaderResult
from mynumber.facility.data import CardPresentation, ReaderMethod, Terminal
from mynumber.jpki.api import Jpki
from mynumber.kernel.errors import InvalidInputError


def prove(
    *,
    jpki: Jpki,
    terminal: Terminal,
    presentation: CardPresentation,
    challenge: bytes,
    now: dt.datetime,
    sign: Callable[[bytes], bytes],
) -> CardProof:
    """Read the card, confirm the holder, and sign the reader's account of it: the proof of the
    card the terminal sends for a check by card, 利用登録 or 登録解除."""
    certificate = jpki.read_certificates(card_id=presentation.card_id).auth
    method, matched = _confirmation(presentation)
    signature = None
    if method is ReaderMethod.PIN:
        if not presentation.pin:
            raise InvalidInputError("the PIN path needs the card's PIN", code="pin_required")
        # A wrong PIN is refused by the card itself (PinError), and counts down its tries.
        signature = jpki.sign_challenge(
            card_id=presentation.card_id, pin=presentation.pin, challenge=challenge
        )
    consent = tuple(dict.fromkeys(presentation.consent))  # each scope once, as ticked
    unsigned = ReaderResult(
        terminal_id=terminal.terminal_id,
        method=method,
        matched=matched,
        consent=consent,
        certificate_digest=hashlib.sha256(certificate).hexdigest(),
        challenge=challenge,
        signed_at=now.replace(microsecond=0),
        signature=b"",
    )
    result = unsigned.model_copy(update={"signature": sign(unsigned.signed_bytes())})
    return CardProof(
        facility_code=terminal.facility_code,
        authentication=CardAuthentication(
            certificate=certificate, challenge=challenge, signature=signature
        ),
        reader=result,
    )


def card_query(
    proof: CardProof,
    *,
    facility_code: str,
    visit_date: dt.date,
    home_visits_until: dt.date | None = None,
) -> CardQuery:
    """Return the check by card the terminal sends on a proof of the card, with the consent the
    patient gave at the reader (and, at the patient's home, the visit plan's last day)."""
    return CardQuery(
        facility_code=facility_code,
        visit_date=visit_date,
        authentication=proof.authentication,
        reader=proof.reader,
        consent=proof.reader.consent if proof.reader else (),
        home_visits_until=home_visits_until,
    )


def _confirmation(presentation: CardPresentation) -> tuple[ReaderMethod, bool]:
    """Return how the holder was confirmed and whether it succeeded."""
    if presentation.method is ReaderMethod.PIN:
        return ReaderMethod.PIN, True  # the card's signature is the proof, checked by J-LIS
    if presentation.method is ReaderMethod.FACE and presentation.face_matches:
        return ReaderMethod.FACE, True
    if presentation.staff_confirms:  # 目視確認 after the face match failed (or instead of it)
        return ReaderMethod.VISUAL, True
    return presentation.method, False
