"""The HTTP server end to end: health, OpenAPI, the registry API and the Japanese pages."""

from __future__ import annotations

import re

import httpx

from mynumber.app import System
from mynumber.kernel.staffauth import StaffRole
from tests.servers import OPENAPI_TIMEOUT, StaffLogins, log_in

BIRTH = {
    "resident": {
        "name": {"family": "山﨑", "given": "花子", "family_kana": "やまさき", "given_kana": "ﾊﾅｺ"},
        "birth_date": "1990-02-28",
        "sex": 2,
        "address": {
            "postal_code": "1000001",
            "local_government_code": "131016",
            "prefecture": "東京都",
            "municipality": "千代田区",
            "town": "千代田",
            "block": "1番1号",
        },
    },
    "kind": "birth",
    "on": "2026-11-01",
}


def test_health_and_openapi(server: str) -> None:
    assert httpx.get(f"{server}/healthz").json()["status"] == "ok"
    spec = httpx.get(f"{server}/openapi.json", timeout=OPENAPI_TIMEOUT).json()
    assert "/api/registry/residents/{resident_code}" in spec["paths"]
    assert "/healthz" in spec["paths"]


def test_registry_api_requires_staff_credentials(server: str) -> None:
    response = httpx.get(f"{server}/api/registry/residents")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"
    wrong = httpx.get(f"{server}/api/registry/residents", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_register_read_and_refuse_over_http(
    server: str, staff: StaffLogins, system: System
) -> None:
    clerk = staff.clerk("131016")
    created = httpx.post(f"{server}/api/registry/residents", json=BIRTH, headers=clerk)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"]["family_kana"] == "ヤマサキ" and body["name"]["given_kana"] == "ハナコ"
    code = body["resident_code"]
    again = httpx.post(f"{server}/api/registry/residents", json=BIRTH, headers=clerk)
    assert again.status_code == 409 and again.json()["error"] == "duplicate_resident"
    bad = dict(BIRTH, resident=dict(BIRTH["resident"], birth_date="1990-02-30"))
    assert (
        httpx.post(f"{server}/api/registry/residents", json=bad, headers=clerk).status_code == 422
    )
    died = httpx.post(
        f"{server}/api/registry/residents/{code}/death", json={"on": "2026-11-10"}, headers=clerk
    )
    assert died.json()["status"] == "deceased"
    move = {"address": BIRTH["resident"]["address"], "on": "2026-11-11"}
    refused = httpx.post(f"{server}/api/registry/residents/{code}/move", json=move, headers=clerk)
    assert refused.status_code == 409 and "deceased" in refused.json()["reason"]
    unknown = httpx.get(f"{server}/api/registry/residents/00000000000", headers=clerk)
    assert unknown.status_code == 404
    assert system.registry.count() == 1


def test_access_records_over_http(server: str, staff: StaffLogins) -> None:
    clerk = staff.clerk("131016")
    code = httpx.post(f"{server}/api/registry/residents", json=BIRTH, headers=clerk).json()[
        "resident_code"
    ]
    httpx.get(f"{server}/api/registry/residents/{code}", headers=clerk)
    log = httpx.get(f"{server}/api/registry/residents/{code}/access-records", headers=clerk).json()
    assert [r["payload"]["what"] for r in log["records"]] == ["resident"]
    assert log["records"][0]["payload"]["actor"] == "municipality-clerk-131016"
    assert log["problems"] == []


def test_landing_page_lists_the_subsystems_in_japanese(server: str) -> None:
    page = httpx.get(f"{server}/")
    assert page.status_code == 200
    assert '<html lang="ja">' in page.text
    for title in ("住民基本台帳", "公的個人認証サービス", "オンライン資格確認", "マイナポータル"):
        assert title in page.text


def test_staff_search_page(server: str, staff: StaffLogins) -> None:
    clerk = staff.clerk("131016")
    httpx.post(f"{server}/api/registry/residents", json=BIRTH, headers=clerk)
    locked = httpx.get(f"{server}/registry/search")
    assert locked.status_code == 401 and "パスワード" in locked.text
    with httpx.Client(base_url=server, follow_redirects=True) as browser:
        log_in(browser, staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016"))
        page = browser.get("/registry/search", params={"name": "山崎"})  # plain 崎 finds 﨑
        assert page.status_code == 200
        rows = re.findall(r"<tr>\s*<td><code>(\d{11})</code>", page.text)
        assert len(rows) == 1
        assert "山﨑\u3000花子" in page.text and "ヤマサキ\u3000ハナコ" in page.text
        empty = browser.get("/registry/search", params={"birth_date": "not-a-date"})
        assert "is not a date" in empty.text
