"""The person's card over real HTTP, shared by the e2e tests: at a facility's reader (the
eligibility system's challenge), at a provider of the care platform (介護情報基盤's challenge)
and at the portal's login (マイナポータル). Each fetches the challenge over HTTP and has the
card sign it after its PIN, as the reader or the person's phone would."""

from __future__ import annotations

import base64

import httpx

from mynumber.app import System
from mynumber.jpki.data import IssuedCard

from ..integration.portal.helpers import Holder, login_proof

__all__ = ["care_card_body", "portal_log_in", "reader_card_auth"]


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _signed(system: System, card_id: str, pin: str, challenge: bytes) -> dict[str, str]:
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    return {
        "certificate": _b64(certificate),
        "challenge": _b64(challenge),
        "signature": _b64(signature),
    }


def reader_card_auth(
    terminal: httpx.Client, system: System, card_id: str, pin: str
) -> dict[str, str]:
    """Act as the facility's reader: get a challenge over HTTP, have the card sign it."""
    answer = terminal.post("/api/eligibility/challenges")
    assert answer.status_code == 200, answer.text
    return _signed(system, card_id, pin, base64.b64decode(answer.json()["challenge"]))


def care_card_body(
    system: System, client: httpx.Client, card: IssuedCard, items: list[str], consent: bool = False
) -> dict[str, object]:
    """Return a care platform view request: its challenge fetched over HTTP, signed by the card."""
    answer = client.post("/api/care/challenges")
    assert answer.status_code == 200, answer.text
    challenge = base64.b64decode(answer.json()["challenge"])
    authentication = _signed(system, card.card.card_id, card.pins.auth, challenge)
    return {"authentication": authentication, "items": items, "consent": consent}


def portal_log_in(system: System, client: httpx.Client, holder: Holder) -> dict[str, str]:
    """Log the holder in to the portal with their card; return the session's header."""
    started = client.post("/portal/api/login").json()
    proof = login_proof(system, holder, started["code"]).model_dump()
    assert client.post(f"/portal/api/login/{started['code']}", json=proof).status_code == 204
    taken = client.post(
        f"/portal/api/login/{started['code']}/session", json={"waiter": started["waiter"]}
    ).json()
    return {"Authorization": f"Bearer {taken['token']}"}
