"""Readings typed in half-width kana with voiced marks are registered and found, over HTTP."""

from __future__ import annotations

import copy

import httpx

from mynumber.app import System
from tests.servers import StaffLogins

from .test_server import BIRTH


def test_the_registry_accepts_and_finds_half_width_voiced_readings(
    server: str, staff: StaffLogins, system: System
) -> None:
    birth = copy.deepcopy(BIRTH)
    birth["resident"]["name"].update(family="山田", given="学", family_kana="ﾔﾏﾀﾞ", given_kana="ｶﾞｸ")

    created = httpx.post(f"{server}/api/registry/residents", json=birth, headers=staff.clerk())

    assert created.status_code == 201, created.text
    name = created.json()["name"]
    assert (name["family_kana"], name["given_kana"]) == ("ヤマダ", "ガク")
    for typed in ("ﾔﾏﾀﾞ ｶﾞｸ", "ヤマダ ガク", "やまだ がく"):
        found = httpx.get(
            f"{server}/api/registry/residents/search", params={"kana": typed}, headers=staff.clerk()
        )
        assert found.status_code == 200, found.text
        assert [r["resident_code"] for r in found.json()] == [created.json()["resident_code"]]
    code = created.json()["resident_code"]
    stored = httpx.get(f"{server}/api/registry/residents/{code}", headers=staff.clerk()).json()
    assert (stored["name"]["family_kana"], stored["name"]["given_kana"]) == ("ヤマダ", "ガク")
    assert system.registry.count() == 1


def test_a_semi_voiced_reading_is_stored_precomposed(server: str, staff: StaffLogins) -> None:
    birth = copy.deepcopy(BIRTH)
    birth["resident"]["name"].update(family="パク", given="ポール", family_kana="ﾊﾟｸ",
                                     given_kana="ﾎﾟｰﾙ")  # fmt: skip

    created = httpx.post(f"{server}/api/registry/residents", json=birth, headers=staff.clerk())

    assert created.status_code == 201, created.text
    name = created.json()["name"]
    assert (name["family_kana"], name["given_kana"]) == ("パク", "ポール")
