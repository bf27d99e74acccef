"""電子処方箋 over real HTTP on loopback: a clinic's terminal registers a signed prescription,
another clinic's sees "重複あり", a pharmacy's terminal retrieves and dispenses; refusals."""

from __future__ import annotations

import base64

from mynumber.app import System
from tests.servers import OPENAPI_TIMEOUT

from ..integration.health.helpers import (
    AMLODIPINE,
    AMLODIPINE_OD,
    OTHER_CLINIC,
    PHARMACY,
    TODAY,
    content,
    doctor,
    signed,
    world,
)
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..terminals import new_terminal


def test_prescribe_check_retrieve_and_dispense_over_http(server: str, system: System) -> None:
    w = world(system)
    first, second = doctor(system), doctor(system, given="二郎")
    clinic = new_terminal(system, CLINIC).client(server)
    other = new_terminal(system, OTHER_CLINIC).client(server)
    pharmacy = new_terminal(system, PHARMACY).client(server)

    body = signed(system, first, content(w.patient)).model_dump(mode="json")
    issued = clinic.post("/api/health/prescriptions", json=body)
    assert issued.status_code == 200, issued.text
    answer = issued.json()
    assert len(answer["exchange_number"]) == 6 and answer["check"]["message"] == "重複なし"

    duplicate = signed(system, second, content(w.patient, AMLODIPINE_OD, facility=OTHER_CLINIC))
    checked = other.post("/api/health/prescriptions", json=duplicate.model_dump(mode="json"))
    assert checked.status_code == 200, checked.text
    assert checked.json()["check"]["found"] and checked.json()["check"]["findings"] == []

    # A clinic's terminal may not prescribe for another clinic, nor a pharmacy's at all.
    assert other.post("/api/health/prescriptions", json=body).json()["error"] == (
        "facility_mismatch"
    )
    tampered = dict(body, content=dict(body["content"], uses=3))
    refused = clinic.post("/api/health/prescriptions", json=tampered)
    assert (refused.status_code, refused.json()["error"]) == (403, "signature_invalid")

    retrieval = {
        "facility_code": PHARMACY, "exchange_number": answer["exchange_number"],
        "patient": w.patient.model_dump(mode="json"), "visit_date": TODAY.isoformat(),
    }  # fmt: skip
    assert clinic.post("/api/health/retrievals", json=retrieval).status_code == 403
    taken = pharmacy.post("/api/health/retrievals", json=retrieval)
    assert taken.status_code == 200, taken.text
    assert [p["prescription_id"] for p in taken.json()] == [answer["prescription_id"]]
    dispensing = {
        "facility_code": PHARMACY, "prescription_id": answer["prescription_id"],
        "dispensed_on": TODAY.isoformat(), "drugs": [AMLODIPINE.model_dump(mode="json")],
    }  # fmt: skip
    done = pharmacy.post("/api/health/dispensings", json=dispensing)
    assert done.status_code == 200, done.text and done.json()["use"] == 1
    reused = pharmacy.post("/api/health/retrievals", json=retrieval)
    assert (reused.status_code, reused.json()["error"]) == (409, "exchange_number_used")
    guessed = pharmacy.post(
        "/api/health/retrievals", json=dict(retrieval, exchange_number="000000")
    )
    assert guessed.status_code in {404, 409}

    unsigned = clinic.post("/api/health/prescriptions", json=body, auth=None)
    assert unsigned.status_code == 401
    schema = clinic.get("/openapi.json", timeout=OPENAPI_TIMEOUT).json()
    assert {
        "/api/health/prescriptions",
        "/api/health/retrievals",
        "/api/health/dispensings",
    } <= set(schema["paths"])
    assert base64.urlsafe_b64decode(body["signature"])  # the CMS travels as base64
