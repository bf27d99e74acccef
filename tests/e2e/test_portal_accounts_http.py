"""公金受取口座 and 代理人 over HTTP with real portal sessions (card logins): a mismatched holder
refused and nothing stored, a proxy who sees the principal until removed and then is refused,
the DV flag set from the CLI withholding the address; each attempt in the principal's history."""

from __future__ import annotations

import base64
import json

import httpx

from mynumber.app import System
from tests.servers import OPENAPI_TIMEOUT

from ..integration.portal.helpers import Holder, card_holder, second_holder
from .test_portal_login_cli import mynumber

ACCOUNT = {"bank_code": "0005", "branch_code": "123", "kind": "普通", "number": "7654321"}


def login(client: httpx.Client, system: System, holder: Holder) -> dict[str, str]:
    """Log the holder in through the portal's API (the card signs over its challenge)."""
    started = client.post("/portal/api/login").json()
    code = started["code"]
    challenge = base64.b64decode(client.get(f"/portal/api/login/{code}").json()["challenge"])
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=holder.pin, challenge=challenge
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    proof = {"certificate": base64.b64encode(certificate).decode(),
             "signature": base64.b64encode(signature).decode()}  # fmt: skip
    assert client.post(f"/portal/api/login/{code}", json=proof).status_code == 204
    session = client.post(f"/portal/api/login/{code}/session", json={"waiter": started["waiter"]})
    return {"Authorization": f"Bearer {session.json()['token']}"}


def _portal_whats(client: httpx.Client, headers: dict[str, str]) -> list[str]:
    shown = client.get("/portal/api/records", headers=headers).json()
    assert shown["verdict"] == "改ざんは検出されませんでした"
    return [e["what"] for e in shown["entries"] if e["source"] == "portal"]


def test_an_account_in_someone_elses_name_is_refused_over_http(system: System, server: str) -> None:
    holder = card_holder(system)
    with httpx.Client(base_url=server) as client:
        assert client.get("/portal/api/account").status_code == 401
        me = login(client, system, holder)
        refused = client.put(
            "/portal/api/account", json={**ACCOUNT, "holder_kana": "ｻﾄｳ ﾊﾅｺ"}, headers=me
        )
        assert refused.status_code == 422 and refused.json()["error"] == "holder_mismatch"
        assert client.get("/portal/api/account", headers=me).json() is None
        done = client.put(
            "/portal/api/account", json={**ACCOUNT, "holder_kana": "ﾀｶﾊｼ ﾀﾛｳ"}, headers=me
        )
        assert done.status_code == 200 and done.json()["state"] == "active"
        whats = _portal_whats(client, me)
        assert "公金受取口座の登録を拒否" in whats and "公金受取口座を登録" in whats
        paths = client.get("/openapi.json", timeout=OPENAPI_TIMEOUT).json()["paths"]
        assert {"/portal/api/account", "/portal/api/proxies"} <= set(paths)
    code = holder.resident.resident_code
    agency = ("--agency", "municipality:131016", "--purpose", "児童手当")
    given = mynumber(system, server, "portal", "account-for", "--resident", code, *agency, "--json")
    assert given.returncode == 0, given.stderr
    assert json.loads(given.stdout)["number"] == "7654321"


def test_a_proxy_acts_until_removed_and_never_sees_a_protected_address(
    system: System, server: str
) -> None:
    principal, proxy = card_holder(system), second_holder(system)
    code = principal.resident.resident_code
    new = {"proxy_resident_code": proxy.resident.resident_code, "kind": "voluntary",
           "proof": "power_of_attorney", "scopes": ["profile", "records"],
           "valid_from": "2026-01-01", "valid_until": "2027-12-31"}  # fmt: skip
    with httpx.Client(base_url=server) as client:
        mine, theirs = login(client, system, principal), login(client, system, proxy)
        added = client.post("/portal/api/proxies", json=new, headers=mine)
        assert added.status_code == 201, added.text
        profile = f"/portal/api/proxies/principals/{code}/profile"
        seen = client.get(profile, headers=theirs).json()
        assert seen["address"] and not seen["address_not_disclosed"]
        measure = ("registry", "support-measure", code, "--on", "--requested", "2026-11-01")
        flagged = mynumber(system, server, *measure)
        assert flagged.returncode == 0, flagged.stderr
        hidden = client.get(profile, headers=theirs).json()
        assert hidden["address"] is None and hidden["address_not_disclosed"] is True
        lifted = mynumber(system, server, "registry", "support-measure", code, "--off", "--json")
        assert lifted.returncode == 0 and json.loads(lifted.stdout)["in_force"] is False
        shown = client.get(profile, headers=theirs).json()
        assert shown["address"] and not shown["address_not_disclosed"]
        records = client.get(f"/portal/api/proxies/principals/{code}/records", headers=theirs)
        assert records.status_code == 200
        gone = client.delete(f"/portal/api/proxies/{added.json()['proxy_id']}", headers=mine)
        assert gone.status_code == 200 and gone.json()["removed_at"]
        refused = client.get(profile, headers=theirs)
        assert refused.status_code == 403 and refused.json()["error"] == "proxy_removed"
        whats = _portal_whats(client, mine)
        assert "代理人による自己情報表示を拒否" in whats and "代理人を解除" in whats
    listed = mynumber(system, server, "portal", "proxies", "--resident", code, "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["removed_at"]
