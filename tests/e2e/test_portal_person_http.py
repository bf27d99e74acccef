"""The person's side of マイナポータル over HTTP with a real logged-in session: 自己情報表示,
お知らせ read and unread, 利用登録 cancelled and registered again with the login card."""

from __future__ import annotations

import base64

import httpx

from mynumber.app import System
from tests.servers import OPENAPI_TIMEOUT

from ..integration.portal.helpers import Holder
from ..integration.portal.own_helpers import holder_with_own_data
from .card_flows import portal_log_in


def _signed(system: System, client: httpx.Client, holder: Holder, auth: dict[str, str]) -> dict:
    challenge = client.post("/portal/api/registration/challenge", headers=auth).json()["challenge"]
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=holder.pin, challenge=base64.b64decode(challenge)
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    return {
        "certificate": base64.b64encode(certificate).decode(),
        "challenge": challenge,
        "signature": base64.b64encode(signature).decode(),
    }


def test_own_data_notices_and_registration_over_http(system: System, server: str) -> None:
    holder = holder_with_own_data(system)
    with httpx.Client(base_url=server) as client:
        assert client.get("/portal/api/me").status_code == 401
        auth = portal_log_in(system, client, holder)
        me = client.get("/portal/api/me", headers=auth)
        assert me.status_code == 200, me.text
        data = me.json()
        assert data["basic"]["name"] == "髙橋\u3000太郎"
        assert [m["relationship"] for m in data["basic"]["members"]] == ["世帯主"]
        [tax] = data["tax"]  # the 副本 through the network's 自己情報提供
        assert (tax["provider"], tax["status"]) == ("municipality:131016", "provided")
        assert {f["label"]: f["text"] for f in tax["fields"]}["年度"] == "2026年度"
        employment = data["employment"]
        assert (employment["item_name"], employment["status"]) == (
            "雇用保険給付関係情報",
            "provided",
        )
        assert holder.resident.my_number not in me.text
        pension = client.get("/portal/api/me/pension", headers=auth).json()
        assert pension["sections"] == ["pension"] and pension["basic"] is None
        assert pension["pension"]["status"] == "no_copy"
        assert pension["pension"]["message"] == "提供できる副本がありません。"
        assert client.get("/portal/api/me/nothing", headers=auth).status_code == 422
        box = client.get("/portal/api/notices", headers=auth).json()
        assert box["unread"] == 1
        notice_id = box["notices"][0]["notice_id"]
        read = client.post(f"/portal/api/notices/{notice_id}/read", headers=auth)
        assert read.status_code == 200 and read.json()["unread"] is False
        assert client.get("/portal/api/notices", headers=auth).json()["unread"] == 0
        missing = client.post("/portal/api/notices/999999/read", headers=auth)
        assert missing.status_code == 404 and missing.json()["error"] == "notice_not_found"
        overview = client.get("/portal/api/registration", headers=auth).json()
        assert overview["registration"]["registered"] is True
        proof = _signed(system, client, holder, auth)
        cancelled = client.post("/portal/api/registration/cancel", json=proof, headers=auth)
        assert cancelled.status_code == 200 and cancelled.json()["registered"] is False
        replay = client.post("/portal/api/registration", json=proof, headers=auth)
        assert replay.status_code >= 400  # the challenge was spent
        again = client.post(
            "/portal/api/registration", json=_signed(system, client, holder, auth), headers=auth
        )
        assert again.status_code == 200 and again.json()["registered"] is True
        whats = [
            e["what"] for e in client.get("/portal/api/records", headers=auth).json()["entries"]
        ]
        assert "マイナポータル 自己情報表示" in whats
        assert "自己情報表示: 本人の情報を自己情報提供で取得" in whats
        assert "マイナポータルで健康保険証利用登録を解除" in whats
        schema = client.get("/openapi.json", timeout=OPENAPI_TIMEOUT).json()
        assert "/portal/api/me/{section}" in schema["paths"]
        assert "/portal/api/v1/income" in schema["paths"]
        copy = schema["components"]["schemas"]["ReceivedCopy"]
        assert {"provider_name", "item_name", "status", "fields"} <= set(copy["properties"])
        assert "/portal/api/notices/{notice_id}/read" in schema["paths"]
