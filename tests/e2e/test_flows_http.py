"""Flows 1 and 2 over the network, driven through the JSON API over real HTTP by the clerks of
the agencies that run them: 千代田区 registers its 副本, 札幌市中央区 sets a moved family's 保育料
from them, and the 広域連合 links its members and decides their 負担割合."""

from __future__ import annotations

import httpx

from mynumber.app import System
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from ..integration.flows.helpers import FORMER, NEW, agency_id, assessed_family, move_family
from ..integration.flows.test_contribution import KOUKI, _enrol, _population
from ..servers import StaffLogins

MUNICIPALITY = "/api/municipality"
INSURERS = "/api/insurers"


def test_a_moved_familys_nursery_fee_is_asked_of_the_former_municipality(
    system: System, server: str, staff: StaffLogins
) -> None:
    family = assessed_family(system, copies=False)
    system.network.connect(
        agency_id=agency_id(FORMER),
        name="千代田区",
        public_key=system.agency_keys.public_key(agency_id(FORMER)),
    )
    move_family(system, family)
    baby = family.children[2].resident_code
    fee_path = f"{MUNICIPALITY}/residents/{baby}/nursery-fee"
    query = {"month": "2026-11-01", "former": FORMER}
    with httpx.Client(base_url=server, headers=staff.clerk(NEW)) as sapporo:
        refused = sapporo.get(fee_path, params=query)
        assert (refused.status_code, refused.json()["error"]) == (409, "provider_code_missing")
        assert "符号が未取得です" in refused.json()["reason"]
        with httpx.Client(base_url=server, headers=staff.clerk(FORMER)) as chiyoda:
            run = chiyoda.post(f"{MUNICIPALITY}/copies", json={"fiscal_year": 2026}).json()
        assert (run["agency"], run["people"], run["registered"]) == (agency_id(FORMER), 5, 10)
        fee = sapporo.get(fee_path, params=query).json()
        assert fee["income_from"] == f"network:{agency_id(FORMER)}"
        assert (fee["municipality"], fee["parents_income_levy"]) == (NEW, 121_500)
        both = sapporo.get(fee_path, params={**query, "parents_income_levy": 1})
        assert (both.status_code, both.json()["error"]) == (422, "invalid_input")


def test_a_kouki_links_its_members_and_decides_their_contributions(
    system: System, server: str, staff: StaffLogins
) -> None:
    system.insurers.add_insurer(insurer=KOUKI)
    people = _population(system)
    system.municipality.register_copies(municipality=FORMER, fiscal_year=2026)
    members = [(r, _enrol(system, r)) for r in people]
    body = {
        "members": [
            {"number": m.insured.number, "my_number": r.my_number,
             "resident_code": r.resident_code, "municipality": FORMER}
            for r, m in members
        ]
    }  # fmt: skip
    base = f"{INSURERS}/{KOUKI.number}"
    with httpx.Client(base_url=server, headers=staff.insurer(KOUKI.number)) as kouki:
        linked = kouki.post(f"{base}/members/links", json=body).json()
        assert linked == {"linked": 3, "codes_obtained": 0}  # obtained at enrolment
        run = kouki.post(f"{base}/contributions", json={}).json()
        assert (run["queries"], run["refusals"]) == (3, [])
        assert sorted(d["contribution_percent"] for d in run["decisions"]) == [10, 10, 30]
        one = kouki.post(f"{base}/contributions", json={"numbers": [members[2][1].insured.number]})
        assert [d["household_members"] for d in one.json()["decisions"]] == [1]
        unknown = kouki.post(f"{base}/contributions", json={"numbers": ["99999999"]})
        assert (unknown.status_code, unknown.json()["error"]) == (404, "unknown_member")
    other_insurer = CODECS[IdentifierKind.INSURER_NUMBER].complete("0613999")
    other = httpx.post(
        f"{server}{base}/contributions", json={}, headers=staff.insurer(other_insurer)
    )
    assert (other.status_code, other.json()["error"]) == (403, "other_organisation")
