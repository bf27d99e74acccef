"""The network and the intermediate server over real HTTP, each call by the staff role it needs."""

from __future__ import annotations

import random

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.app import System
from mynumber.insurers.data import network_agency_id
from mynumber.kernel.agencykeys import public_key_text
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import today_in_japan

from ..servers import StaffLogins

CITY, KOUKI = "municipality:131016", network_agency_id("39130018")  # 東京都後期高齢者医療広域連合
TAX = "TM00000000000001"


def _error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


def _setup(base: str, staff: StaffLogins, resident: str, today: str) -> dict[str, str]:
    """Connect both agencies, obtain their 符号 (via J-LIS), link them, register the tax 副本."""
    operator = staff.network_operator()
    for agency, name in ((CITY, "千代田区"), (KOUKI, "東京都後期高齢者医療広域連合")):
        made = httpx.post(f"{base}/api/network/agencies", headers=operator,
                          json={"agency_id": agency, "name": name})  # fmt: skip
        assert made.status_code == 201, made.text
        issued = httpx.post(f"{base}/api/network/codes", headers=staff.jlis(),
                            json={"agency": agency, "acquisition_number": "acq-http-0001",
                                  "resident_code": resident})  # fmt: skip
        assert issued.status_code == 200, issued.text
        assert issued.json()["acquisition_number"] == "acq-http-0001"
        link = {"address_number": "000000000000042", "code": issued.json()["code"]}
        linked = httpx.post(f"{base}/api/intermediate/{agency}/links",
                            headers=staff.agency(agency), json=link)  # fmt: skip
        assert linked.status_code == 201, linked.text
    copies = [
        {
            "address_number": "000000000000042",
            "item_code": TAX,
            "version": 1,
            "published_from": today,
            "values": {"taxable_income": 1_450_000, "exempt": "0"},
        }
    ]
    receipt = httpx.post(f"{base}/api/intermediate/{CITY}/copies",
                         headers=staff.agency(CITY), json=copies)  # fmt: skip
    assert receipt.json() == {"registered": 1, "refusals": []}
    return {agency: linked_code(base, staff, agency) for agency in (CITY, KOUKI)}


def linked_code(base: str, staff: StaffLogins, agency: str) -> str:
    got = httpx.get(f"{base}/api/intermediate/{agency}/links/000000000000042",
                    headers=staff.agency(agency))  # fmt: skip
    assert got.status_code == 200, got.text
    return str(got.json()["code"])


def test_query_records_usage_and_table_over_http(
    server: str, system: System, staff: StaffLogins
) -> None:
    resident = CODECS[IdentifierKind.RESIDENT_CODE].generate(random.Random(8))
    today = today_in_japan(system.clock).isoformat()
    codes = _setup(server, staff, resident, today)
    query = {"requester": KOUKI, "code": codes[KOUKI], "procedure": "J0001", "items": [TAX],
             "provider": CITY, "request_id": "http-1",
             "requested_at": "2026-11-22T03:00:00Z"}  # fmt: skip
    kouki = staff.agency(KOUKI)
    answered = httpx.post(f"{server}/api/network/queries", headers=kouki, json=query)
    assert answered.status_code == 200, answered.text
    body = answered.json()
    assert (body["status"], body["items"][0]["status"]) == ("09", "01")
    assert body["items"][0]["values"] == {"taxable_income": 1_450_000, "exempt": "0"}
    # A replay and an item the table does not permit: answered, refused, recorded.
    again = httpx.post(f"{server}/api/network/queries", headers=kouki, json=query).json()
    assert (again["status"], again["refusal"]) == ("99", "request_replayed")
    barred = {**query, "request_id": "http-2", "items": ["TM00000000000005"]}
    refused = httpx.post(f"{server}/api/network/queries", headers=kouki, json=barred).json()
    assert refused["refusal"] == "item_not_permitted"
    assert "の照会は許可されていません。" in refused["message"]
    # A clerk asks for their own agency only; the network's records are not theirs to read.
    as_city = httpx.post(f"{server}/api/network/queries", headers=kouki,
                         json={**query, "requester": CITY, "request_id": "http-3"})  # fmt: skip
    assert _error(as_city) == (403, "other_organisation")
    records_path = f"{server}/api/network/records/{resident}"
    assert _error(httpx.get(records_path, headers=kouki)) == (403, "wrong_role")
    assert _error(httpx.get(records_path)) == (401, "unauthenticated")
    at_network = httpx.get(records_path, headers=staff.auditor()).json()
    assert [(r["refusal"], r["undisclosed"]) for r in at_network] == [
        (None, False),
        ("request_replayed", False),
        ("item_not_permitted", False),
    ]
    at_city = httpx.get(f"{server}/api/intermediate/{CITY}/records/000000000000042",
                        headers=staff.agency(CITY)).json()  # fmt: skip
    assert [r["request_id"] for r in at_city] == ["http-1", "http-1", "http-2"]
    usage = httpx.get(f"{server}/api/network/usage", headers=staff.network_operator()).json()
    assert [(r["procedure"], r["provided"], r["refused"]) for r in usage["rows"]] == [
        ("J0001", 1, 2)
    ]
    assert usage["never_queried_share"] > 0.9
    table = httpx.get(f"{server}/api/network/table", headers=kouki).json()
    assert {p["code"] for p in table["procedures"]} >= {"J0001", "J0002", "J0003"}
    agencies = httpx.get(f"{server}/api/network/agencies", headers=kouki).json()
    # J-LIS and the eligibility system are connected when the instance is built.
    assert [a["agency_id"] for a in agencies] == [
        "care:kokuhoren",
        "eligibility",
        "jlis",
        KOUKI,
        CITY,
        "portal",
    ]
    other = httpx.post(f"{server}/api/intermediate/{CITY}/copies", headers=kouki, json=[])
    assert other.status_code == 422  # at least one row
    foreign = httpx.get(f"{server}/api/intermediate/{CITY}/links/000000000000042", headers=kouki)
    assert _error(foreign) == (403, "other_organisation")


def test_the_route_signs_as_the_clerks_agency_with_the_key_the_network_holds(
    server: str, system: System, staff: StaffLogins
) -> None:
    resident = CODECS[IdentifierKind.RESIDENT_CODE].generate(random.Random(9))
    codes = _setup(server, staff, resident, today_in_japan(system.clock).isoformat())
    operator, kouki = staff.network_operator(), staff.agency(KOUKI)
    agencies = httpx.get(f"{server}/api/network/agencies", headers=operator).json()
    assert {a["agency_id"]: a["public_key"] for a in agencies}[KOUKI] == (
        system.agency_keys.public_key(KOUKI)
    )  # connected with the key this instance keeps for the agency
    # The operator registers another key for the 広域連合 (a certificate it does not hold).
    foreign = public_key_text(Ed25519PrivateKey.generate())
    renewed = httpx.post(f"{server}/api/network/agencies", headers=operator,
                         json={"agency_id": KOUKI, "name": "x", "public_key": foreign})  # fmt: skip
    assert renewed.status_code == 201 and renewed.json()["public_key"] == foreign
    query = {"requester": KOUKI, "code": codes[KOUKI], "procedure": "J0001", "items": [TAX],
             "provider": CITY, "request_id": "http-9", "requested_at": "2026-11-22T03:00:00Z",
             "signature": "A" * 86}  # fmt: skip
    refused = httpx.post(f"{server}/api/network/queries", headers=kouki, json=query).json()
    assert (refused["status"], refused["refusal"]) == ("99", "request_altered")
    assert refused["message"] == "照会依頼番号「ｈｔｔｐ－９」の署名を検証できません。"
    back = httpx.post(f"{server}/api/network/agencies", headers=operator,
                      json={"agency_id": KOUKI, "name": "x"})  # fmt: skip
    assert back.json()["public_key"] == system.agency_keys.public_key(KOUKI)
    # Signed again by the route (the body's signature is replaced); the id was not used up.
    answered = httpx.post(f"{server}/api/network/queries", headers=kouki, json=query).json()
    assert (answered["status"], answered["refusal"]) == ("09", None)
    bad = httpx.post(f"{server}/api/network/agencies", headers=operator,
                     json={"agency_id": KOUKI, "name": "x", "public_key": "short"})  # fmt: skip
    assert bad.status_code == 422
    at_network = httpx.get(f"{server}/api/network/records/{resident}",
                           headers=staff.auditor()).json()  # fmt: skip
    assert [r["refusal"] for r in at_network] == ["request_altered", None]
