"""予防接種 and PMH over real HTTP on loopback: a municipality clerk records and registers with
a staff account, a clinic's terminal reads the vaccinations (consent chosen at the reader) and
checks 公費 with the card over the platform's challenge; refusals; the OpenAPI lists them."""

from __future__ import annotations

import base64

import httpx

from mynumber.app import System
from mynumber.eligibility.data import CardAuthentication, ConsentScope
from tests.servers import OPENAPI_TIMEOUT

from ..integration.health.helpers import TODAY, World, world
from ..integration.health.platform_helpers import eligibility_card, mr_vaccine, register_card
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..servers import StaffLogins
from ..terminals import new_terminal

NANBYO = "54130018"  # 法別 54, 東京都, 実施機関 001, 検証番号 8


def _holder(system: System, w: World, terminal: httpx.Client) -> dict[str, object]:
    """Return the card signed over the platform's challenge, fetched by the terminal."""
    answer = terminal.post("/api/health/challenge")
    assert answer.status_code == 200, answer.text
    challenge = base64.b64decode(answer.json()["challenge"])
    signature = system.jpki.sign_challenge(card_id=w.card_id, pin=w.auth_pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=w.card_id).auth
    card = CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)
    return card.model_dump(mode="json")


def test_vaccinations_over_http(server: str, system: System, staff: StaffLogins) -> None:
    w = world(system)
    register_card(system, w)
    municipality = w.resident.address.local_government_code
    body = mr_vaccine(w).model_dump(mode="json")
    with httpx.Client(base_url=server, headers=staff.clerk(municipality)) as clerk:
        recorded = clerk.post("/api/health/vaccinations", json=body)
    assert recorded.status_code == 200, recorded.text
    assert "my_number" not in recorded.json()
    with httpx.Client(base_url=server, headers=staff.clerk("011002")) as other:
        wrong = other.post("/api/health/vaccinations", json=body)
    assert (wrong.status_code, wrong.json()["error"]) == (403, "wrong_clerk")

    terminal = new_terminal(system, CLINIC).client(server)
    query = {
        "facility_code": CLINIC, "visit_date": TODAY.isoformat(),
        "card": eligibility_card(system, w).model_dump(mode="json"),
        "holder": _holder(system, w, terminal), "consent": [ConsentScope.TREATMENT.value],
    }  # fmt: skip
    shown = terminal.post("/api/health/vaccinations/views", json=query)
    assert shown.status_code == 200, shown.text
    (immunization,) = shown.json()["immunizations"]
    assert immunization["resourceType"] == "Immunization"
    assert immunization["vaccineCode"]["coding"][0]["code"] == "MR"
    refused = terminal.post(
        "/api/health/vaccinations/views",
        json=dict(query, card=eligibility_card(system, w).model_dump(mode="json"),
                  holder=_holder(system, w, terminal), consent=[]),
    )  # fmt: skip
    assert (refused.status_code, refused.json()["error"]) == (403, "consent_required")
    unsigned = terminal.post("/api/health/vaccinations/views", json=query, auth=None)
    assert unsigned.status_code == 401


def test_pmh_over_http(server: str, system: System, staff: StaffLogins) -> None:
    w = world(system)
    municipality = w.resident.address.local_government_code
    registration = {
        "my_number": w.resident.my_number, "municipality_code": municipality,
        "insurer_number": NANBYO, "recipient_number": "1234566",
        "certification_name": "特定医療費（指定難病）受給者証",
        "valid_from": "2026-04-01", "valid_to": "2027-03-31", "max_copayment_amount": 5000,
    }  # fmt: skip
    with httpx.Client(base_url=server, headers=staff.clerk(municipality)) as clerk:
        stored = clerk.post("/api/health/pmh/subsidies", json=registration)
        assert stored.status_code == 200, stored.text
        wrong_digit = dict(registration, insurer_number="54130019")
        bad = clerk.post("/api/health/pmh/subsidies", json=wrong_digit)
        assert bad.status_code == 422
    terminal = new_terminal(system, CLINIC).client(server)
    check = {"facility_code": CLINIC, "visit_date": TODAY.isoformat(),
             "holder": _holder(system, w, terminal)}  # fmt: skip
    answer = terminal.post("/api/health/pmh/checks", json=check)
    assert answer.status_code == 200, answer.text
    (subsidy,) = answer.json()["subsidies"]
    assert (subsidy["recipient_number"], subsidy["max_copayment_amount"]) == ("1234566", 5000)
    assert subsidy["law_number"] == "54" and subsidy["valid_to"] == "2027-03-31"
    paths = set(terminal.get("/openapi.json", timeout=OPENAPI_TIMEOUT).json()["paths"])
    assert {
        "/api/health/challenge", "/api/health/vaccinations", "/api/health/vaccinations/views",
        "/api/health/pmh/subsidies", "/api/health/pmh/checkups", "/api/health/pmh/checks",
    } <= paths  # fmt: skip
