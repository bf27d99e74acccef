"""No My Number in an error or a log line: the network's routes refuse bad input carrying a
resident's My Number (where a 符号, a resident code or a 取得番号 belongs) without saying it
back, and no log record of the server, at DEBUG for every `mynumber` logger, holds it."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from mynumber.app import System
from mynumber.insurers.data import network_agency_id

from ..logscan import logged_text, logging_everything
from ..servers import StaffLogins

CITY, KOUKI = "municipality:131016", network_agency_id("39130018")


def test_bad_input_to_the_network_is_refused_without_the_my_number(
    server: str, system: System, staff: StaffLogins, caplog: pytest.LogCaptureFixture
) -> None:
    system.synth.populate(seed=3, people=5, on=dt.date(2024, 1, 1))
    number = system.registry.listing(limit=1)[0].my_number
    query = {"requester": KOUKI, "code": number, "procedure": "J0001",
             "items": ["TM00000000000001"], "provider": CITY, "request_id": "bad-1",
             "requested_at": "2026-11-22T03:00:00Z"}  # fmt: skip
    asked = {"agency": KOUKI, "acquisition_number": number, "resident_code": number}
    with logging_everything(caplog):
        refused = [
            httpx.post(f"{server}/api/network/queries", json=query, headers=staff.agency(KOUKI)),
            httpx.post(f"{server}/api/network/codes", json=asked, headers=staff.jlis()),
            httpx.get(f"{server}/api/network/records/{number}", headers=staff.network_operator()),
            httpx.post(
                f"{server}/api/network/queries",
                content=f'{{"code": "{number}", ',  # not JSON: cut short
                headers={**staff.agency(KOUKI), "content-type": "application/json"},
            ),
        ]
    for response in refused:
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "invalid_input"
        assert number not in response.text
    assert number not in logged_text(caplog.records)
