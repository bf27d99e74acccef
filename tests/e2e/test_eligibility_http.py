"""The eligibility story over real HTTP: enrol, register, verify with consent, change jobs.

A person is enrolled, registers their card, is verified at a clinic with consent, changes job
(new insurer and number) and is verified again; the old number answers "invalid with newer
coverage"; the history shows both; the access records show every read.
"""

from __future__ import annotations

import datetime as dt

import httpx

from mynumber.app import System
from mynumber.registry.data import ChangeKind
from tests.servers import OPENAPI_TIMEOUT

from ..agency_codes import code_for
from ..integration.insurers.test_enrol_and_verify import CLINIC, KUMIAI, KYOKAI_TOKYO, _setup
from ..integration.registry.helpers import person
from ..servers import StaffLogins
from ..terminals import new_terminal
from .card_flows import reader_card_auth


def _enrol(
    client: httpx.Client, staff: StaffLogins, resident_number: str, insurer: str, start: str
) -> dict:
    member = {
        "name": "髙橋 太郎",
        "name_kana": "タカハシ タロウ",
        "birth_date": "1980-04-01",
        "sex": 1,
    }
    response = client.post(
        "/api/insurers/enrolments",
        json={
            "insurer_number": insurer,
            "my_number": resident_number,
            "member": member,
            "valid_from": start,
        },
        headers=staff.insurer(insurer),
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_the_whole_story_over_http(server: str, staff: StaffLogins, system: System) -> None:
    resident = _setup(system)
    client = httpx.Client(base_url=server, timeout=30)
    terminal = new_terminal(system, CLINIC).client(server)
    first = _enrol(client, staff, resident.my_number, KYOKAI_TOKYO.number, "2024-04-01")
    assert "my_number" not in str(first)
    # The register's records of the number's resolution name the insurer's clerk who acted.
    actors = {r.payload["actor"] for r in system.registry.access_records(
        resident_code=resident.resident_code
    )}  # fmt: skip
    assert actors and all(a.endswith(f"/insurer-clerk-{KYOKAI_TOKYO.number}") for a in actors)
    issued = system.jpki.issue(resident_code=resident.resident_code)
    card_id, pin = issued.card.card_id, issued.pins.auth

    # The PIN path; the facility is the signing terminal's when the body does not name it.
    registered = terminal.post(
        "/api/eligibility/registrations",
        json={"authentication": reader_card_auth(terminal, system, card_id, pin)},
    )
    assert registered.json()["registered"] is True
    visit = {"facility_code": CLINIC, "visit_date": "2026-05-01"}
    verified = terminal.post(
        "/api/eligibility/verify/card",
        json=visit
        | {
            "authentication": reader_card_auth(terminal, system, card_id, pin),
            "consent": ["medication", "checkup"],
        },
    ).json()
    assert verified["QualificationValidity"] == "1"
    assert verified["ResultList"][0]["InsurerNumber"] == KYOKAI_TOKYO.number
    assert verified["PharmacistsInfoConsFlg"] == "1" and verified["DiagnosisInfoConsFlg"] == "0"

    loss = {"last_day": "2026-06-30", "reason": "job_change"}
    membership = f"/api/insurers/memberships/{first['membership_id']}"
    # Another insurer's clerk can neither see nor end this membership.
    for foreign in (
        client.get(membership, headers=staff.insurer(KUMIAI.number)),
        client.post(f"{membership}/loss", json=loss, headers=staff.insurer(KUMIAI.number)),
    ):
        assert foreign.status_code == 403 and foreign.json()["error"] == "other_organisation"
    # Nor can a municipality's clerk: the wrong role.
    wrong_role = client.get(membership, headers=staff.clerk())
    assert wrong_role.status_code == 403 and wrong_role.json()["error"] == "wrong_role"
    lost = client.post(f"{membership}/loss", json=loss, headers=staff.insurer(KYOKAI_TOKYO.number))
    assert lost.status_code == 200
    second = _enrol(client, staff, resident.my_number, KUMIAI.number, "2026-07-01")
    after = terminal.post(
        "/api/eligibility/verify/card",
        json=visit
        | {
            "visit_date": "2026-08-01",
            "authentication": reader_card_auth(terminal, system, card_id, pin),
        },
    ).json()
    assert after["ResultList"][0]["InsurerNumber"] == KUMIAI.number
    assert after["ResultList"][0]["InsuredIdentificationNumber"] == second["insured"]["number"]
    old = first["insured"]
    by_old_number = terminal.post(
        "/api/eligibility/verify/number",
        json={
            "facility_code": CLINIC,
            "visit_date": "2026-08-01",
            "insurer_number": old["insurer_number"],
            "symbol": old["symbol"],
            "number": old["number"],
            "branch": old["branch"],
            "birth_date": "1980-04-01",
        },
    ).json()
    assert by_old_number["QualificationValidity"] == "3"

    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    history = system.eligibility.history(subject=subject)
    assert [h.insurer_number for h in history] == [KYOKAI_TOKYO.number, KUMIAI.number]
    records = system.eligibility.access_records(subject=subject)
    assert [(r.facility_code, r.outcome) for r in records] == [
        (CLINIC, "1"),
        (CLINIC, "1"),
        (CLINIC, "3"),
    ]
    assert system.eligibility.verify_access_log(subject=subject) == []


def test_bad_requests_get_clear_errors(server: str, staff: StaffLogins, system: System) -> None:
    _setup(system)
    client = httpx.Client(base_url=server, headers=staff.insurer(KYOKAI_TOKYO.number), timeout=30)
    terminal = new_terminal(system, CLINIC).client(server)
    malformed = terminal.post("/api/eligibility/verify/number", json={"facility_code": CLINIC})
    assert malformed.status_code == 422
    no_consent = terminal.post(
        "/api/eligibility/medical",
        json={
            "facility_code": CLINIC,
            "insured": {"insurer_number": KYOKAI_TOKYO.number, "number": "1", "branch": "00"},
            "birth_date": "1980-04-01",
            "scope": "medication",
        },
    )
    assert no_consent.status_code == 404 and no_consent.json()["error"] == "no_such_insured"
    stranger = system.registry.register(
        new=person(given="次郎", given_kana="ジロウ"),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )
    unknown_insurer = client.post(
        "/api/insurers/enrolments",
        json={
            "insurer_number": "06139999",
            "my_number": stranger.my_number,
            "member": {"name": "a", "name_kana": "ア", "birth_date": "1980-04-01", "sex": 1},
            "valid_from": "2024-04-01",
        },
    )
    # A clerk enrols only into their own insurer: another (here unknown) one is refused first.
    assert unknown_insurer.status_code == 403
    assert unknown_insurer.json()["error"] == "other_organisation"
    schema = httpx.get(f"{server}/openapi.json", timeout=OPENAPI_TIMEOUT).json()
    assert "/api/eligibility/verify/card" in schema["paths"]
    assert "/api/insurers/enrolments" in schema["paths"]
