"""ハローワーク's JSON API over real HTTP, as its own clerks call it."""

from __future__ import annotations

import random

import httpx

from mynumber.app import System
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from ..servers import StaffLogins

API = "/api/employment"


def _hiring(my_number: str, employer: str, since: str) -> dict[str, object]:
    return {"my_number": my_number, "name": "雇用 花子", "birth_date": "1980-01-15",
            "employer": employer, "hired_on": since, "monthly_wage": 300_000}  # fmt: skip


def test_a_clerk_covers_separates_and_decides(
    system: System, server: str, staff: StaffLogins
) -> None:
    rng = random.Random(21)
    left, working = (CODECS[IdentifierKind.MY_NUMBER].generate(rng) for _ in range(2))
    with httpx.Client(base_url=server, headers=staff.agency("employment:mhlw")) as clerk:
        hired = clerk.post(f"{API}/hirings", json={"hirings": [
            _hiring(left, "さくら商事", "2015-04-01"), _hiring(working, "みなと物産", "2020-10-01"),
        ]}).json()  # fmt: skip
        assert (hired["taken"], hired["new_numbers"]) == (2, 2)
        separated = clerk.post(f"{API}/separations", json={"separations": [
            {"my_number": left, "last_day": "2026-03-31", "reason": "dismissal"},
        ]}).json()  # fmt: skip
        assert separated["taken"] == 1
        record = clerk.post(f"{API}/lookups", json={"my_number": left}).json()
        # The first numbers of office 1301: 1301000001 = 7 × 185857143, check digit 0.
        assert (record["insured_number"], record["printed_number"]) == (
            "13010000010", "1301-000001-0",
        )  # fmt: skip
        assert record["insured_now"] is False and record["spells"][0]["reason"] == "dismissal"
        decision = clerk.post(
            f"{API}/people/1301-000001-0/applications", json={"applied_on": "2026-04-10"}
        ).json()
        # 特定受給資格者 aged 46 with 11 years: 270 days; 賃金日額 10,000 → 6,102円.
        assert (decision["kind"], decision["benefit_days"], decision["benefit_daily"]) == (
            "basic", 270, 6_102,
        )  # fmt: skip
        assert decision["total"] == 6_102 * 270 and decision["restriction_months"] == 0
        listed = clerk.get(f"{API}/people/13010000010/decisions").json()
        assert [d["decision_id"] for d in listed] == [decision["decision_id"]]
        info = clerk.get(f"{API}/people/13010000010/benefit-info", params={"on": "2026-05-01"})
        assert (info.json()["insured"], info.json()["receiving"]) == ("0", "1")
        again = clerk.post(f"{API}/hirings", json={"hirings": [
            _hiring(working, "ほかの会社", "2026-01-01")]})  # fmt: skip
        assert (again.status_code, again.json()["error"]) == (409, "already_insured")
        employed = clerk.post(
            f"{API}/people/13010000021/applications", json={"applied_on": "2026-04-10"}
        )
        assert (employed.status_code, employed.json()["error"]) == (409, "not_separated")
        bad = clerk.get(f"{API}/people/1301-000001-1")
        assert (bad.status_code, bad.json()["error"]) == (422, "invalid_insured_number")
    reads = [
        r.payload["what"]
        for r in system.employment.access_records(insured_number=record["insured_number"])
    ]
    assert reads == ["record by My Number", "benefit decision", "decisions",
                     "benefit info 2026-05-01"]  # fmt: skip


def test_other_agencies_and_strangers_are_refused(
    system: System, server: str, staff: StaffLogins
) -> None:
    path = f"{server}{API}/people"
    other = httpx.get(path, headers=staff.agency("pension:jpo"))
    assert (other.status_code, other.json()["error"]) == (403, "other_organisation")
    assert httpx.get(path, headers=staff.clerk("131016")).status_code == 403
    assert httpx.get(path).status_code == 401
