"""Over real HTTP: the person, logged in to the portal, fetches their 介護保険 and 処方・調剤
(`GET /portal/api/me/care`, `…/me/prescriptions`), sees both on `/portal/me`, and finds the
care manager's and the pharmacy's views in the やりとり履歴, each chain intact."""

from __future__ import annotations

import httpx

from mynumber.app import System
from tests.servers import OPENAPI_TIMEOUT

from ..integration.portal.platform_helpers import care_viewed, prescribed_and_dispensed
from .card_flows import portal_log_in


def _chains(client: httpx.Client, auth: dict[str, str]) -> tuple[dict, dict]:
    shown = client.get("/portal/api/records", headers=auth).json()
    return shown, {c["source"]: c for c in shown["chains"]}


def test_care_status_and_its_views_over_http(system: System, server: str) -> None:
    scene = care_viewed(system)
    with httpx.Client(base_url=server) as client:
        auth = portal_log_in(system, client, scene.holder)
        got = client.get("/portal/api/me/care", headers=auth)
        assert got.status_code == 200, got.text
        data = got.json()
        assert data["sections"] == ["care"] and data["basic"] is None
        assert data["care"]["insured"]["insured_number"] == scene.insured_number
        assert data["care"]["certification"]["level"] == "22"  # 要介護2
        assert data["care"]["certification"]["opinion"] is None
        assert data["care"]["care_plan"]["care_manager"] == "田中 ケアマネ"
        client.cookies.set("mynumber_portal", auth["Authorization"].removeprefix("Bearer "))
        page = client.get("/portal/me")
        assert page.status_code == 200 and 'id="own-care"' in page.text
        assert "要介護2" in page.text and "田中 ケアマネ" in page.text
        shown, chains = _chains(client, auth)
        whats = [e["what"] for e in shown["entries"] if e["source"] == "care"]
        assert "ケアプランを閲覧" in whats
        assert chains["care"]["intact"]
        assert chains["care"]["source_name"] == "介護情報基盤（閲覧記録）"
        assert scene.holder.resident.my_number not in page.text


def test_prescriptions_and_their_views_over_http(system: System, server: str) -> None:
    scene = prescribed_and_dispensed(system)
    with httpx.Client(base_url=server) as client:
        auth = portal_log_in(system, client, scene.holder)
        got = client.get("/portal/api/me/prescriptions", headers=auth)
        assert got.status_code == 200, got.text
        [insured] = got.json()["prescriptions"]
        [prescription] = insured["prescriptions"]
        assert prescription["prescription_id"] == scene.issued.prescription_id
        assert prescription["status"] == "dispensed" and len(insured["dispensings"]) == 1
        client.cookies.set("mynumber_portal", auth["Authorization"].removeprefix("Bearer "))
        page = client.get("/portal/me").text
        assert 'id="prescriptions-1"' in page and "調剤済" in page and "アムロジピン錠5mg" in page
        shown, chains = _chains(client, auth)
        whats = [e["what"] for e in shown["entries"] if e["source"] == "health"]
        assert whats[:3] == ["処方箋を登録", "処方箋を取得（引換番号）", "調剤結果を登録"]
        assert chains["health"]["intact"] and chains["health"]["records"] == len(whats)
        schema = client.get("/openapi.json", timeout=OPENAPI_TIMEOUT).json()["components"][
            "schemas"
        ]
        assert {"care", "prescriptions"} <= set(schema["OwnData"]["properties"])
        assert "InsuranceMedication" in schema
