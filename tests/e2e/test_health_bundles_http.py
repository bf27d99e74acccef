"""電子カルテ情報共有サービス over real HTTP on loopback: a clinic's terminal uploads Bundles
(refused with every violation located when invalid), sends one again to replace it; another
clinic's terminal sees it only once the patient consented at its reader."""

from __future__ import annotations

import json
import urllib.parse

from mynumber.app import System
from mynumber.health.api import SampleKind
from tests.servers import OPENAPI_TIMEOUT

from ..integration.health.bundles import bundle, consent_at
from ..integration.health.helpers import OTHER_CLINIC, PHARMACY, world
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..terminals import new_terminal

FHIR = {"Content-Type": "application/fhir+json"}


def test_upload_replace_and_read_with_consent_over_http(server: str, system: System) -> None:
    w = world(system)
    clinic = new_terminal(system, CLINIC).client(server)
    other = new_terminal(system, OTHER_CLINIC).client(server)
    sent = bundle(w, CLINIC, SampleKind.DISCHARGE_SUMMARY)
    first = clinic.post("/api/health/bundles", content=json.dumps(sent), headers=FHIR)
    assert first.status_code == 200, first.text
    identifier = first.json()["identifier"]
    assert identifier == sent["identifier"]["value"] and first.json()["version"] == 1
    again = clinic.post("/api/health/bundles", json=sent)
    assert (again.json()["version"], again.json()["replaced"]) == (2, True)

    broken = dict(sent, type="collection", timestamp="2026-04-01")
    refused = clinic.post("/api/health/bundles", json=broken)
    assert (refused.status_code, refused.json()["error"]) == (422, "bundle_invalid")
    assert {"Bundle.timestamp"} <= {v["location"] for v in refused.json()["violations"]}

    query = {"facility_code": OTHER_CLINIC, "patient": w.patient.model_dump(mode="json")}
    path = f"/api/health/bundles/{urllib.parse.quote(identifier, safe='')}"
    assert other.post("/api/health/bundles/search", json=query).json() == {
        "consented": False, "bundles": [],
    }  # fmt: skip
    assert (other.get(path).status_code, other.get(path).json()["error"]) == (
        403,
        "consent_required",
    )
    consent_at(system, w, OTHER_CLINIC)
    seen = other.post("/api/health/bundles/search", json=query).json()
    assert seen["consented"] and [b["identifier"] for b in seen["bundles"]] == [identifier]
    one = other.get(path, params={"version": 1})
    assert one.status_code == 200, one.text
    assert (one.json()["version"], one.json()["versions"]) == (1, 2)
    assert one.json()["bundle"]["entry"][0]["resource"]["resourceType"] == "Composition"


def test_who_may_upload_over_http(server: str, system: System) -> None:
    w = world(system)
    clinic = new_terminal(system, CLINIC).client(server)
    other = new_terminal(system, OTHER_CLINIC).client(server)
    pharmacy = new_terminal(system, PHARMACY).client(server)
    sent = bundle(w, CLINIC, SampleKind.ALLERGY)
    assert other.post("/api/health/bundles", json=sent).json()["error"] == "bundle_not_yours"
    assert pharmacy.post("/api/health/bundles", json=sent).json()["error"] == (
        "facility_kind_refused"
    )
    assert clinic.post("/api/health/bundles", json=sent, auth=None).status_code == 401
    assert clinic.post("/api/health/bundles", content=b"[1, 2").status_code == 422
    query = {"facility_code": CLINIC, "patient": w.patient.model_dump(mode="json")}
    assert other.post("/api/health/bundles/search", json=query).json()["error"] == (
        "facility_mismatch"
    )
    paths = clinic.get("/openapi.json", timeout=OPENAPI_TIMEOUT).json()["paths"]
    assert {
        "/api/health/bundles",
        "/api/health/bundles/search",
        "/api/health/bundles/{identifier}",
    } <= set(paths)
    body = paths["/api/health/bundles"]["post"]["requestBody"]["content"]
    assert "application/fhir+json" in body
