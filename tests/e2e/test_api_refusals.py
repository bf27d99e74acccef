"""Refusals over real HTTP have one body and the right status, on both backends.

Each case answered 500 or an undocumented shape before: NUL in text (PostgreSQL cannot store
it), a lone surrogate, an unbounded offset, a too-long prefecture code, no credentials (403),
a wrong method (an `Allow` header naming one method of two).
"""

from __future__ import annotations

import httpx

from mynumber.app import System

from ..servers import StaffLogins


def _is_error_body(response: httpx.Response, code: str) -> None:
    body = response.json()
    assert body["error"] == code and body["reason"], body


def test_text_with_nul_or_a_lone_surrogate_is_refused_not_a_server_error(
    system: System, server: str, staff: StaffLogins
) -> None:
    nul_in_json = httpx.post(
        f"{server}/api/eligibility/facilities",
        content=b'{"code": "1311234566", "kind": "clinic", "name": "a\\u0000b"}',
        headers=staff.operator() | {"Content-Type": "application/json"},
    )
    assert nul_in_json.status_code == 422
    _is_error_body(nul_in_json, "invalid_input")
    assert system.eligibility.facilities() == []
    lone = httpx.post(
        f"{server}/api/eligibility/facilities",
        content=b'{"code": "1311234566", "kind": "clinic", "name": "a\\ud800b"}',
        headers=staff.operator() | {"Content-Type": "application/json"},
    )
    assert lone.status_code == 422
    escaped = httpx.post(  # a backslash before u0000 is text, not NUL
        f"{server}/api/eligibility/facilities",
        content=b'{"code": "1311234566", "kind": "clinic", "name": "a\\\\u0000b"}',
        headers=staff.operator() | {"Content-Type": "application/json"},
    )
    assert escaped.status_code == 204, escaped.text
    assert [f.name for f in system.eligibility.facilities()] == ["a\\u0000b"]
    nul_in_query = httpx.get(
        f"{server}/api/registry/residents/search", params={"name": "a\x00"}, headers=staff.clerk()
    )
    assert nul_in_query.status_code == 422
    _is_error_body(nul_in_query, "invalid_input")


def test_stored_text_is_bounded_and_offsets_too(server: str, staff: StaffLogins) -> None:
    disaster = {"name": "能登", "prefecture_codes": ["170"], "starts": "2026-01-01",
                "ends": "2026-02-01"}  # fmt: skip
    refused = httpx.post(
        f"{server}/api/eligibility/disasters", json=disaster, headers=staff.operator()
    )
    assert refused.status_code == 422
    _is_error_body(refused, "invalid_input")
    accepted = httpx.post(
        f"{server}/api/eligibility/disasters",
        json=disaster | {"prefecture_codes": ["17"]},
        headers=staff.operator(),
    )
    assert accepted.status_code == 204
    far = httpx.get(
        f"{server}/api/registry/residents", params={"offset": 2**70}, headers=staff.clerk()
    )
    assert far.status_code == 422


def test_no_credentials_is_401_and_a_wrong_method_names_every_method(server: str) -> None:
    missing = httpx.get(f"{server}/api/registry/residents")
    assert missing.status_code == 401
    _is_error_body(missing, "unauthenticated")
    wrong = httpx.request("DELETE", f"{server}/api/registry/residents")
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET, POST"
    _is_error_body(wrong, "method_not_allowed")
    nowhere = httpx.get(f"{server}/api/nowhere")
    assert nowhere.status_code == 404
    _is_error_body(nowhere, "not_found")
