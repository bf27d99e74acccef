"""The pension service's JSON API over real HTTP, as its own clerks call it."""

from __future__ import annotations

import random

import httpx

from mynumber.app import System
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from ..servers import StaffLogins

API = "/api/pension"


def _notice(my_number: str, since: str, kind: str | None, pay: int = 0) -> dict[str, object]:
    return {"my_number": my_number, "name": "年金 太郎", "birth_date": "1958-05-10",
            "since": since, "kind": kind, "monthly_remuneration": pay}  # fmt: skip


def test_a_clerk_records_awards_pays_and_decides(
    system: System, server: str, staff: StaffLogins
) -> None:
    mine = CODECS[IdentifierKind.MY_NUMBER].generate(random.Random(11))
    notices = [
        _notice(mine, "1978-05-09", "first"),  # 20 reached the day before the birthday
        _notice(mine, "1981-04-01", "second", 200_000),
        _notice(mine, "2018-05-09", None),  # 60 reached: no longer insured
    ]
    with httpx.Client(base_url=server, headers=staff.agency("pension:jpo")) as clerk:
        taken = clerk.post(f"{API}/notices", json={"notices": notices}).json()
        assert (taken["taken"], taken["new_numbers"]) == (3, 1)
        found = clerk.post(f"{API}/lookups", json={"my_number": mine}).json()
        number = found["basic_pension_number"]
        assert (found["printed_number"], found["contribution_months"]) == ("1000-000001", 480)
        assert (found["employee_months"], found["current_kind"]) == (445, None)
        assert clerk.get(f"{API}/people/{found['printed_number']}").json() == found
        assert clerk.post(f"{API}/awards", json={"on": "2026-11-22"}).json()["awarded"] == 1
        award = clerk.get(f"{API}/people/{number}/award").json()
        # 831,700 (born after 1956-04-01, 480 months); 200,000 × 5.481/1000 × 445 = 487,809.
        assert (award["basic_annual"], award["employees_annual"]) == (831_700, 487_809)
        assert award["first_month"] == "2023-06-01"
        paid = clerk.post(f"{API}/payments", json={"year": 2026, "month": 10}).json()
        assert (paid["paid"], paid["total"], paid["payment_month"]) == (1, 219_918, "2026-10-15")
        odd = clerk.post(f"{API}/payments", json={"year": 2026, "month": 11})
        assert odd.status_code == 422
        # Days no record can name are refused before any arithmetic leaves the calendar.
        ancient = {**_notice(mine, "1978-05-09", "first"), "birth_date": "0031-01-01"}
        assert clerk.post(f"{API}/notices", json={"notices": [ancient]}).status_code == 422
        assert clerk.post(f"{API}/awards", json={"on": "0031-06-01"}).status_code == 422
        assert clerk.post(f"{API}/awards", json={"on": "9999-12-01"}).status_code == 422
        assert [p["amount"] for p in clerk.get(f"{API}/people/{number}/payments").json()] == [
            219_918
        ]
        info = clerk.get(f"{API}/people/{number}/benefit-info/2026").json()
        assert (info["pension_income"], info["receives_old_age_basic"]) == (219_918, "1")
        assert info["pension_kind"] == "老齢基礎年金・老齢厚生年金"
        decided = clerk.get(
            f"{API}/people/{number}/support-benefit",
            params={"month": "2026-11-01", "household_exempt": "true", "pension_revenue": 700_000},
        ).json()
        assert (decided["kind"], decided["monthly"], decided["income_from"]) == (
            "full", 5_450, "given",
        )  # fmt: skip
    reads = [r.payload["what"] for r in system.pension.access_records(basic_pension_number=number)]
    assert reads == ["record by My Number", "record", "award", "payments", "benefit info 2026",
                     "support benefit"]  # fmt: skip


def test_other_agencies_roles_and_strangers_are_refused(
    system: System, server: str, staff: StaffLogins
) -> None:
    mine = CODECS[IdentifierKind.MY_NUMBER].generate(random.Random(12))
    clerk = staff.agency("pension:jpo")
    httpx.post(f"{server}{API}/notices", headers=clerk,
               json={"notices": [_notice(mine, "1978-05-09", "first")]})  # fmt: skip
    path = f"{server}{API}/people/1000-000001"
    other = httpx.get(path, headers=staff.agency("employment:mhlw"))
    assert (other.status_code, other.json()["error"]) == (403, "other_organisation")
    wrong = httpx.get(path, headers=staff.auditor())
    assert (wrong.status_code, wrong.json()["error"]) == (403, "wrong_role")
    assert httpx.get(path).status_code == 401
    missing = httpx.get(f"{server}{API}/people/1000-000099", headers=clerk)
    assert (missing.status_code, missing.json()["error"]) == (404, "unknown_pension_number")
    late = httpx.post(f"{server}{API}/notices", headers=clerk,
                      json={"notices": [_notice(mine, "1970-01-01", "second")]})  # fmt: skip
    assert (late.status_code, late.json()["error"]) == (409, "notice_out_of_order")
    # Nothing was read for the refused requests.
    assert system.pension.access_records(basic_pension_number="1000-000001") == []
