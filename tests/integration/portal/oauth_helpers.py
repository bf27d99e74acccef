"""A patient with a check-up and a prescription on file, their card, a portal login, and the
sample insurer's request: shared by the 自己情報取得API's integration and e2e tests."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qs, urlsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge

from mynumber.app import System
from mynumber.portal.data import LoginProof, PortalSession
from mynumber.portal.oauth.data import RegisteredClient
from mynumber.portal.oauth.sample_client import INSURER, REDIRECT_URI, CardHolder

from ..eligibility.test_consent_and_medical import _registered_patient

VERIFIER = "v" * 50


def patient(system: System) -> CardHolder:
    """Return an insured card holder with one check-up and one prescription filed."""
    resident, _, card_id, pin = _registered_patient(system)
    return CardHolder(resident.resident_code, card_id, pin)


def logged_in(system: System, holder: CardHolder) -> PortalSession:
    """Log the holder in to the portal with their card (the app's part played in-process)."""
    started = system.portal.start_login()
    challenge = base64.b64decode(system.portal.login_challenge(code=started.code).challenge)
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=holder.pin, challenge=challenge
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    proof = LoginProof(
        certificate=base64.b64encode(certificate).decode(),
        signature=base64.b64encode(signature).decode(),
    )
    system.portal.answer_login(code=started.code, proof=proof)
    token = system.portal.take_session(code=started.code, waiter=started.waiter)
    assert token is not None
    return system.portal.session(token=token)


def insurer(system: System) -> RegisteredClient:
    """Register the sample life insurer."""
    return system.portal_oauth.register_client(registration=INSURER)


def request(client: RegisteredClient, **override: str) -> dict[str, str]:
    """The insurer's authorisation request (PKCE S256 with `VERIFIER`)."""
    return {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "checkups medication",
        "state": "state-1",
        "code_challenge": create_s256_code_challenge(VERIFIER),
        "code_challenge_method": "S256",
    } | override


def code_of(location: str) -> dict[str, Any]:
    """The parameters the redirect back to the insurer carries."""
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def token_form(client: RegisteredClient, code: str, verifier: str = VERIFIER) -> dict[str, str]:
    """The insurer's token request."""
    return {
        "grant_type": "authorization_code",
        "client_id": client.client_id,
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
