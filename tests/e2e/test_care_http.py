"""The care platform's provider API over real HTTP on loopback: providers see a person's data by
card (no 利用登録) as the 2025 working group allows, and an auditor reads the person's log."""

from __future__ import annotations

import httpx

from mynumber.app import System

from ..integration.care.helpers import (
    DOCTOR,
    MANAGER,
    OTHER_CLINIC,
    STRANGER_OFFICE,
    TODAY,
    certified_scene,
)
from ..servers import StaffLogins
from .card_flows import care_card_body

API = "/api/care"


def test_providers_view_by_card_over_http(system: System, server: str, staff: StaffLogins) -> None:
    scene = certified_scene(system)
    number = scene.insured.insured_number
    with httpx.Client(base_url=server, headers=staff.care_office(MANAGER)) as manager:
        asked = ["insurance", "certification_docs", "burden"]
        request = care_card_body(system, manager, scene.card, asked, consent=True)
        seen = manager.post(f"{API}/views/card", json=request)
        assert seen.status_code == 200, seen.text
        body = seen.json()
        assert body["insured"]["insured_number"] == number and body["refused"] == []
        assert body["certification"]["level"] == "22" and body["burden"]["ratio"] == 3
        assert body["certification"]["opinion"] == "脳梗塞後遺症による右片麻痺"
        replayed = manager.post(f"{API}/views/card", json=request)  # the challenge is spent
        assert replayed.status_code == 409, replayed.text
    with httpx.Client(base_url=server, headers=staff.care_office(STRANGER_OFFICE)) as stranger:
        body = care_card_body(system, stranger, scene.card, ["insurance"])
        refused = stranger.post(f"{API}/views/card", json=body)
        assert (refused.status_code, refused.json()["error"]) == (403, "no_service_relationship")
        assert "利用関係" in refused.json()["reason"]
        since = {"insured_number": number, "since": TODAY.isoformat()}
        started = stranger.post(f"{API}/relationships", json=since)
        assert started.status_code == 200 and started.json()["until"] is None
        by_number = stranger.post(f"{API}/views/number", json={"insured_number": number,
                                                               "items": ["insurance"]})  # fmt: skip
        assert (by_number.status_code, by_number.json()["error"]) == (403, "identity_not_confirmed")
    with httpx.Client(base_url=server, headers=staff.facility(DOCTOR)) as doctor:
        body = care_card_body(system, doctor, scene.card, ["certification_docs", "burden"])
        answer = doctor.post(f"{API}/views/card", json=body)
        assert answer.status_code == 200
        assert answer.json()["burden"] is None
        assert [r["code"] for r in answer.json()["refused"]] == ["not_for_medical_institution"]
    with httpx.Client(base_url=server, headers=staff.facility(OTHER_CLINIC)) as clinic:
        body = care_card_body(system, clinic, scene.card, ["insurance"])
        refused = clinic.post(f"{API}/views/card", json=body)
        assert (refused.status_code, refused.json()["error"]) == (403, "opinion_not_requested")
    log = httpx.get(f"{server}{API}/people/{number}/access-records", headers=staff.auditor())
    assert log.status_code == 200 and log.json()["problems"] == []
    outcomes = [(r["payload"]["viewer"], r["payload"]["outcome"]) for r in log.json()["records"]]
    assert (STRANGER_OFFICE, "refused:no_service_relationship") in outcomes
    assert (OTHER_CLINIC, "refused:opinion_not_requested") in outcomes
    assert (DOCTOR, "refused:not_for_medical_institution") in outcomes


def test_only_providers_and_auditors_are_let_in(
    system: System, server: str, staff: StaffLogins
) -> None:
    clerk = httpx.post(f"{server}{API}/challenges", headers=staff.clerk())
    assert (clerk.status_code, clerk.json()["error"]) == (403, "wrong_role")
    assert httpx.post(f"{server}{API}/challenges").status_code == 401
    unknown = httpx.post(f"{server}{API}/views/number", headers=staff.care_office(MANAGER),
                         json={"insured_number": "0000000001", "items": ["insurance"]})  # fmt: skip
    assert (unknown.status_code, unknown.json()["error"]) == (403, "provider_not_registered")
