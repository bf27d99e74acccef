"""利用登録 and 登録解除 over real HTTP ask for the same proof of the holder as a card check.

A terminal reads any card's auth certificate without its PIN, so a certificate alone must change
nothing: no registration, no cancellation, no 資格確認書, nothing J-LIS tells eligibility. The
proof is the card's signature over a fresh challenge (PIN) or a reader result signed by a
terminal of the calling facility (face, or staff by eye), each for one card and one challenge,
once.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import httpx

from mynumber.app import System
from mynumber.eligibility.data import (
    FacilityKind,
    FacilityRegistration,
    ReaderMethod,
    ReaderResult,
)
from mynumber.insurers.data import DocumentKind
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import FixedClock
from mynumber.registry.data import ChangeKind, Resident

from ..agency_codes import code_for
from ..integration.insurers.test_enrol_and_verify import CLINIC, KYOKAI_TOKYO, _enrol, _setup
from ..integration.registry.helpers import person
from ..terminals import TestTerminal, new_terminal

REGISTER = "/api/eligibility/registrations"
CANCEL = "/api/eligibility/registrations/cancel"
OTHER_CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131765432")


@dataclass(frozen=True)
class Holder:
    """A resident with a card, and eligibility's code for them."""

    resident: Resident
    card_id: str
    pin: str
    subject: str


def _holder(system: System, resident: Resident) -> Holder:
    issued = system.jpki.issue(resident_code=resident.resident_code)
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    return Holder(resident, issued.card.card_id, issued.pins.auth, subject)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _challenge(client: httpx.Client) -> bytes:
    answer = client.post("/api/eligibility/challenges")
    assert answer.status_code == 200, answer.text
    return base64.b64decode(answer.json()["challenge"])


def _certificate(system: System, card_id: str) -> bytes:
    return system.jpki.read_certificates(card_id=card_id).auth


def _pin_proof(
    client: httpx.Client, system: System, signer: Holder, *, card: Holder | None = None
) -> dict[str, Any]:
    """The PIN path: signer's card signs a fresh challenge; the certificate is card's."""
    challenge = _challenge(client)
    signature = system.jpki.sign_challenge(
        card_id=signer.card_id, pin=signer.pin, challenge=challenge
    )
    certificate = _certificate(system, (card or signer).card_id)
    authentication = {
        "certificate": _b64(certificate),
        "challenge": _b64(challenge),
        "signature": _b64(signature),
    }
    return {"facility_code": CLINIC, "authentication": authentication}


def _face_proof(
    client: httpx.Client,
    system: System,
    reader: TestTerminal,
    holder: Holder,
    *,
    named_card: Holder | None = None,
    signed_at: dt.datetime | None = None,
    method: ReaderMethod = ReaderMethod.FACE,
) -> dict[str, Any]:
    """The face path: the reader's signed result, naming named_card (default: the holder's)."""
    challenge = _challenge(client)
    certificate = _certificate(system, holder.card_id)
    named = _certificate(system, (named_card or holder).card_id)
    unsigned = ReaderResult(
        terminal_id=reader.terminal_id,
        method=method,
        matched=True,
        certificate_digest=hashlib.sha256(named).hexdigest(),
        challenge=challenge,
        signed_at=(signed_at or reader.now()).replace(microsecond=0),
        signature=b"",
    )
    result = unsigned.model_copy(update={"signature": reader.key.sign(unsigned.signed_bytes())})
    authentication = {"certificate": _b64(certificate), "challenge": _b64(challenge)}
    return {
        "facility_code": CLINIC,
        "authentication": authentication,
        "reader": result.model_dump(mode="json"),
    }


def _state(system: System, holder: Holder, membership_id: str | None = None) -> tuple[object, ...]:
    """Everything a registration or cancellation could change for the holder."""
    documents = (
        [(d.kind, d.reason) for d in system.insurers.documents(membership_id=membership_id)]
        if membership_id
        else []
    )
    return (
        system.eligibility.registration(subject=holder.subject),
        documents,
        system.eligibility.access_records(subject=holder.subject),
        [
            r.payload
            for r in system.jpki.provision_records(resident_code=holder.resident.resident_code)
        ],
    )


def _refused(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == code, response.text


def test_a_certificate_alone_neither_registers_nor_cancels(system: System, server: str) -> None:
    holder = _holder(system, _setup(system))
    client = new_terminal(system, CLINIC).client(server)
    certificate = _b64(_certificate(system, holder.card_id))
    before = _state(system, holder)

    # What a terminal that once read the card could send until now, and the same in today's shape.
    legacy = {"certificate": certificate, "challenge": _b64(_challenge(client))}
    bare = {
        "facility_code": CLINIC,
        "authentication": legacy | {"challenge": _b64(_challenge(client))},
    }
    assert client.post(REGISTER, json=legacy).status_code == 422
    _refused(client.post(REGISTER, json=bare), 403, "no_card_signature")

    assert _state(system, holder) == before
    assert system.eligibility.registration(subject=holder.subject).registered_at is None

    registered = client.post(REGISTER, json=_pin_proof(client, system, holder))
    assert registered.status_code == 200 and registered.json()["registered"] is True, (
        registered.text
    )
    membership = _enrol(system, holder.resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    before = _state(system, holder, membership.membership_id)
    assert before[1] == [(DocumentKind.NOTICE, "card_registered")]

    legacy = {"certificate": certificate, "challenge": _b64(_challenge(client))}
    bare = {
        "facility_code": CLINIC,
        "authentication": legacy | {"challenge": _b64(_challenge(client))},
    }
    assert client.post(CANCEL, json=legacy).status_code == 422
    _refused(client.post(CANCEL, json=bare), 403, "no_card_signature")

    # Still registered, still no 資格確認書, nothing recorded.
    assert _state(system, holder, membership.membership_id) == before
    assert system.eligibility.card_registered(subject=holder.subject)


def test_a_proof_for_another_card_another_facility_or_an_old_challenge_is_refused(
    system: System, server: str, clock: FixedClock
) -> None:
    holder = _holder(system, _setup(system))
    other = _holder(
        system,
        system.registry.register(
            new=person(given="花子", given_kana="ハナコ"),
            kind=ChangeKind.MOVE_IN,
            on=dt.date(2020, 1, 1),
        ),
    )
    system.eligibility.register_facility(
        facility=FacilityRegistration(
            code=OTHER_CLINIC, kind=FacilityKind.CLINIC, name="みどり医院"
        )
    )
    terminal = new_terminal(system, CLINIC)
    client = terminal.client(server)
    elsewhere = new_terminal(system, OTHER_CLINIC)
    before = _state(system, holder)

    attempts = [
        # Another card's signature over the challenge, presented with this card's certificate.
        (_pin_proof(client, system, other, card=holder), 422, "signature_invalid"),
        # A reader result about another card, sent with this card's certificate.
        (
            _face_proof(client, system, terminal, holder, named_card=other),
            403,
            "reader_card_mismatch",
        ),
        # A reader result signed by a terminal of another facility.
        (_face_proof(client, system, elsewhere, holder), 403, "terminal_unknown"),
        # A reader result signed ten minutes ago.
        (
            _face_proof(
                client, system, terminal, holder, signed_at=clock.now() - dt.timedelta(minutes=10)
            ),
            403,
            "reader_skew",
        ),
        # On behalf of another facility than the calling terminal's.
        (
            _pin_proof(client, system, holder) | {"facility_code": OTHER_CLINIC},
            403,
            "facility_mismatch",
        ),
    ]
    for body, status, code in attempts:
        _refused(client.post(REGISTER, json=body), status, code)
        _refused(client.post(CANCEL, json=body), status, code)
    stale = _pin_proof(client, system, holder)
    clock.advance(dt.timedelta(minutes=3))  # challenges live two minutes
    _refused(client.post(REGISTER, json=stale), 409, "challenge_refused")
    assert _state(system, holder) == before

    # A proof that registered once is spent: replayed, it neither registers nor cancels.
    proof = _face_proof(client, system, terminal, holder)
    assert client.post(REGISTER, json=proof).json()["registered"] is True
    membership = _enrol(system, holder.resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    before = _state(system, holder, membership.membership_id)
    _refused(client.post(CANCEL, json=proof), 409, "challenge_refused")
    _refused(client.post(REGISTER, json=proof), 409, "challenge_refused")
    assert _state(system, holder, membership.membership_id) == before


def test_pin_and_face_proofs_register_and_cancel_with_one_certificate(
    system: System, server: str
) -> None:
    holder = _holder(system, _setup(system))
    terminal = new_terminal(system, CLINIC)
    client = terminal.client(server)

    by_pin = client.post(REGISTER, json=_pin_proof(client, system, holder))
    assert by_pin.status_code == 200 and by_pin.json()["registered"] is True, by_pin.text
    membership = _enrol(system, holder.resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))

    by_face = client.post(CANCEL, json=_face_proof(client, system, terminal, holder))
    assert by_face.status_code == 200, by_face.text
    assert by_face.json()["registered"] is False and by_face.json()["cancelled_at"]
    kinds = [
        (d.kind, d.reason)
        for d in system.insurers.documents(membership_id=membership.membership_id)
    ]
    assert kinds == [
        (DocumentKind.NOTICE, "card_registered"),
        (DocumentKind.CERTIFICATE, "registration_cancelled"),
    ]

    # Staff confirm by eye when the face does not match; the card is registered again.
    by_eye = _face_proof(client, system, terminal, holder, method=ReaderMethod.VISUAL)
    again = client.post(REGISTER, json=by_eye)
    assert again.status_code == 200 and again.json()["registered"] is True, again.text
    card_check = client.post(
        "/api/eligibility/verify/card",
        json=_pin_proof(client, system, holder) | {"visit_date": "2026-11-20"},
    ).json()
    assert card_check["QualificationValidity"] == "1", card_check
    # J-LIS told eligibility about the card once per proof: PIN, face, eye, the check.
    what = [
        r.payload["what"]
        for r in system.jpki.provision_records(resident_code=holder.resident.resident_code)
    ]
    assert what.count("verify_authentication") == 2 and what.count("verify_certificate") == 2
