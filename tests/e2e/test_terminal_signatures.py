"""Signed terminal requests over real HTTP: who may ask, and every way a request is refused.

Each refusal is checked to leave nothing behind: no access record is written for it.
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, FacilityRegistration
from mynumber.facility.signing import signature_headers
from mynumber.insurers.data import Membership
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from ..agency_codes import code_for
from ..servers import StaffLogins
from ..terminals import TestTerminal, new_terminal
from .test_terminal_watch import CLINIC, _enrolled

PATH = "/api/eligibility/verify/number"
OTHER_CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131765432")


def _query(membership: Membership, born: dt.date, facility: str = CLINIC) -> bytes:
    insured = membership.insured
    body = {
        "facility_code": facility,
        "visit_date": "2026-05-01",
        "insurer_number": insured.insurer_number,
        "symbol": insured.symbol,
        "number": insured.number,
        "branch": insured.branch,
        "birth_date": born.isoformat(),
    }
    return json.dumps(body).encode()


def _post(
    server: str, terminal: TestTerminal, body: bytes, *, signed_body: bytes | None = None, **kw
) -> httpx.Response:
    headers = signature_headers(
        terminal_id=terminal.terminal_id,
        sign=terminal.key.sign,
        method="POST",
        target=PATH,
        body=body if signed_body is None else signed_body,
        **({"now": terminal.now()} | kw),
    )
    headers["Content-Type"] = "application/json"
    return httpx.post(f"{server}{PATH}", content=body, headers=headers, timeout=30)


def _reads(system: System, resident_code: str) -> int:
    subject = code_for(system, agency="eligibility", resident_code=resident_code)
    return len(system.eligibility.access_records(subject=subject))


def test_a_signed_request_is_answered_once(system: System, server: str) -> None:
    resident, membership = _enrolled(system)
    terminal = new_terminal(system, CLINIC)
    body = _query(membership, resident.birth_date)
    nonce = "replayed-nonce-0001"

    first = _post(server, terminal, body, nonce=nonce)
    again = _post(server, terminal, body, nonce=nonce)

    assert first.status_code == 200 and first.json()["QualificationValidity"] == "1"
    assert again.status_code == 401 and again.json()["error"] == "request_replayed"
    assert _reads(system, resident.resident_code) == 1


def test_requests_that_do_not_prove_their_terminal_are_refused(
    system: System, server: str, staff: StaffLogins
) -> None:
    resident, membership = _enrolled(system)
    terminal = new_terminal(system, CLINIC)
    body = _query(membership, resident.birth_date)
    impostor = TestTerminal(terminal.terminal_id, Ed25519PrivateKey.generate(), terminal.now)
    unknown = TestTerminal(f"{CLINIC}-Z99", terminal.key, terminal.now)
    now = system.clock.now()
    other_body = _query(membership, dt.date(1900, 1, 1))
    refusals = {
        "request_signature_invalid": _post(server, impostor, body),
        "terminal_unknown": _post(server, unknown, body),
        "request_skew": _post(server, terminal, body, now=now - dt.timedelta(minutes=6)),
        "request_skew_ahead": _post(server, terminal, body, now=now + dt.timedelta(minutes=6)),
        "body_changed": _post(server, terminal, body, signed_body=other_body),
        "bad_nonce": _post(server, terminal, body, nonce="short"),
    }
    unsigned = httpx.post(f"{server}{PATH}", content=body, timeout=30)
    as_staff = httpx.post(
        f"{server}{PATH}",
        content=body,
        headers=staff.operator(),
        timeout=30,
    )

    errors = {name: (r.status_code, r.json()["error"]) for name, r in refusals.items()}
    assert errors == {
        "request_signature_invalid": (401, "request_signature_invalid"),
        "terminal_unknown": (401, "terminal_unknown"),
        "request_skew": (401, "request_skew"),
        "request_skew_ahead": (401, "request_skew"),
        "body_changed": (401, "request_signature_invalid"),
        "bad_nonce": (401, "request_signature_invalid"),
    }
    assert (unsigned.status_code, unsigned.json()["error"]) == (
        401,
        "terminal_signature_required",
    )
    assert as_staff.status_code == 401
    assert _reads(system, resident.resident_code) == 0


def test_a_terminal_asks_only_for_its_own_facility(system: System, server: str) -> None:
    resident, membership = _enrolled(system)
    system.eligibility.register_facility(
        facility=FacilityRegistration(
            code=OTHER_CLINIC, kind=FacilityKind.CLINIC, name="みどり眼科"
        )
    )
    other = new_terminal(system, OTHER_CLINIC)

    refused = _post(server, other, _query(membership, resident.birth_date))

    assert refused.status_code == 403 and refused.json()["error"] == "facility_mismatch"
    assert _reads(system, resident.resident_code) == 0
