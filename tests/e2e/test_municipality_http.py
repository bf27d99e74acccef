"""The municipality's JSON API over real HTTP, as its own clerks call it."""

from __future__ import annotations

import httpx

from mynumber.app import System

from ..integration.municipality.helpers import register_family, salary
from ..servers import StaffLogins

API = "/api/municipality"


def test_a_clerk_assesses_decides_and_sets_fees(
    system: System, server: str, staff: StaffLogins
) -> None:
    family = register_family(system)
    head, baby = family.head.resident_code, family.children[2].resident_code
    with httpx.Client(base_url=server, headers=staff.clerk("131016")) as clerk:
        enrolled = clerk.post(f"{API}/enrolment").json()
        assert (enrolled["enrolled"], enrolled["total"]) == (5, 5)
        reports = [
            salary(family.head, 2025, 5_000_000, 750_000).model_dump(mode="json", exclude_none=True)
        ]
        assert clerk.post(f"{API}/incomes", json={"reports": reports}).json() == {"recorded": 1}
        run = clerk.post(f"{API}/assessments", json={"fiscal_year": 2026}).json()
        assert (run["assessed"], run["exempt"], run["income_levy_total"]) == (5, 4, 202_500)
        tax = clerk.get(f"{API}/residents/{head}/tax/2026").json()
        assert (tax["taxable_income"], tax["total_levy"]) == (2_050_000, 207_500)
        info = clerk.get(f"{API}/residents/{head}/local-tax-info/2026").json()
        assert (info["exempt"], info["municipal_income_levy"]) == ("0", 121_500)
        decided = clerk.post(
            f"{API}/child-allowance",
            json={"household_code": family.head.household_code, "month": "2026-11-22"},
        )
        assert decided.status_code == 201 and decided.json()["monthly_total"] == 50_000
        listed = clerk.get(f"{API}/households/{family.head.household_code}/child-allowance")
        assert [d["decision_id"] for d in listed.json()] == [decided.json()["decision_id"]]
        fee = clerk.get(f"{API}/residents/{baby}/nursery-fee", params={"month": "2026-11-01"})
        assert (fee.json()["band"], fee.json()["fee"]) == (5, 22_250)
        people = clerk.get(f"{API}/addressees", params={"limit": 10}).json()
        assert {p["my_number"] for p in people} >= {family.head.my_number}


def test_other_municipalities_roles_and_strangers_are_refused(
    system: System, server: str, staff: StaffLogins
) -> None:
    family = register_family(system)
    head = family.head.resident_code
    system.municipality.enrol_residents(municipality="131016")
    path = f"{API}/addressees/{head}"
    # Sapporo's clerk asks their own 宛名 system, which does not hold a 千代田区 resident.
    sapporo = httpx.get(f"{server}{path}", headers=staff.clerk("011002"))
    assert (sapporo.status_code, sapporo.json()["error"]) == (404, "not_an_addressee")
    wrong = httpx.get(f"{server}{path}", headers=staff.auditor())
    assert (wrong.status_code, wrong.json()["error"]) == (403, "wrong_role")
    assert httpx.get(f"{server}{path}").status_code == 401
    bad_month = httpx.get(
        f"{server}{API}/residents/{head}/nursery-fee",
        params={"month": "2026-13-01"},
        headers=staff.clerk("131016"),
    )
    assert bad_month.status_code == 422
    # Nothing was read for the refused requests.
    assert system.municipality.access_records(municipality="131016", resident_code=head) == []
