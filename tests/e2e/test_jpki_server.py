"""The JPKI HTTP surface end to end: counter, relying parties, repository, OpenAPI."""

from __future__ import annotations

import base64

import httpx
from cryptography import x509

from mynumber.app import System
from tests.integration.jpki.helpers import register
from tests.servers import OPENAPI_TIMEOUT, StaffLogins

from ..agency_codes import code_for


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_issue_then_authenticate_over_http(system: System, server: str, staff: StaffLogins) -> None:
    resident = register(system)
    denied = httpx.post(f"{server}/api/jpki/cards", json={"resident_code": resident.resident_code})
    assert denied.status_code == 401
    clerk = httpx.post(
        f"{server}/api/jpki/cards",
        json={"resident_code": resident.resident_code},
        headers=staff.clerk(),
    )
    assert clerk.status_code == 403 and clerk.json()["error"] == "wrong_role"
    counter = staff.jlis()
    issued = httpx.post(
        f"{server}/api/jpki/cards", json={"resident_code": resident.resident_code}, headers=counter
    )
    assert issued.status_code == 201, issued.text
    card_id, pins = issued.json()["card"]["card_id"], issued.json()["pins"]
    again = httpx.post(
        f"{server}/api/jpki/cards", json={"resident_code": resident.resident_code}, headers=counter
    )
    assert again.status_code == 409 and again.json()["error"] == "card_exists"

    registered = httpx.post(
        f"{server}/api/jpki/relying-parties",
        json={"party": "eligibility", "may_resolve": True},
        headers=counter,
    )
    party = {"Authorization": f"Bearer {registered.json()['token']}"}
    assert httpx.post(f"{server}/api/jpki/challenges").status_code == 401
    bad = httpx.post(f"{server}/api/jpki/challenges", headers={"Authorization": "Bearer x"})
    assert bad.status_code == 401 and bad.json()["error"] == "unauthenticated"

    challenge = base64.b64decode(
        httpx.post(f"{server}/api/jpki/challenges", headers=party).json()["challenge"]
    )
    # The holder's client software answers with the card; the relying party forwards it.
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pins["auth"], challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    answer = {
        "certificate": _b64(certificate),
        "challenge": _b64(challenge),
        "signature": _b64(signature),
    }
    verified = httpx.post(f"{server}/api/jpki/authentications", json=answer, headers=party)
    assert verified.status_code == 200, verified.text
    serial = verified.json()["serial"]
    assert int(serial, 16) == x509.load_der_x509_certificate(certificate).serial_number
    replay = httpx.post(f"{server}/api/jpki/authentications", json=answer, headers=party)
    assert replay.status_code == 409 and replay.json()["error"] == "challenge_refused"
    garbled = httpx.post(
        f"{server}/api/jpki/authentications", json=dict(answer, signature="***"), headers=party
    )
    assert garbled.status_code == 422

    resolved = httpx.get(f"{server}/api/jpki/certificates/{serial}/agency-code", headers=party)
    code = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    assert resolved.json()["agency_code"] == code
    link = httpx.get(f"{server}/api/jpki/certificates/{serial}/link", headers=party).json()
    assert link["auth_serial"] == serial

    suspended = httpx.post(f"{server}/api/jpki/cards/{card_id}/suspend", headers=counter)
    assert suspended.json()["status"] == "suspended"
    status = httpx.get(f"{server}/api/jpki/cards/{card_id}", headers=counter).json()
    assert {c["status"] for c in status["certificates"]} == {"on_hold"}
    unknown = httpx.get(f"{server}/api/jpki/cards/FFFFFFFFFFFFFFFF", headers=counter)
    assert unknown.status_code == 404 and unknown.json()["error"] == "card_not_found"


def test_repository_and_openapi(server: str) -> None:
    der = httpx.get(f"{server}/jpki/ca/root.cer")
    assert der.headers["content-type"] == "application/pkix-cert"
    root = x509.load_der_x509_certificate(der.content)
    pem = httpx.get(f"{server}/jpki/ca/auth.pem")
    auth_ca = x509.load_pem_x509_certificate(pem.content)
    auth_ca.verify_directly_issued_by(root)
    crl = httpx.get(f"{server}/jpki/crl/sign.crl")
    assert crl.headers["content-type"] == "application/pkix-crl"
    assert x509.load_der_x509_crl(crl.content).next_update_utc is not None
    assert httpx.get(f"{server}/jpki/ca/nope.cer").status_code == 422
    spec = httpx.get(f"{server}/openapi.json", timeout=OPENAPI_TIMEOUT).json()["paths"]
    for path in (
        "/jpki/ocsp",
        "/jpki/crl/{authority}.crl",
        "/api/jpki/cards",
        "/api/jpki/authentications",
        "/api/jpki/certificates/{serial}/agency-code",
    ):
        assert path in spec, path
    assert "application/ocsp-request" in spec["/jpki/ocsp"]["post"]["requestBody"]["content"]
    landing = httpx.get(f"{server}/").text
    assert "/jpki/ca/root.pem" in landing
