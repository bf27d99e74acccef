"""Clerks of the municipality, the pension service and ハローワーク read a person's record over
their own HTTP APIs; the person, logged in to the portal, finds each read in the やりとり履歴."""

from __future__ import annotations

import httpx

from mynumber.app import System

from ..integration.portal.agency_read_helpers import link_agency_codes
from ..integration.portal.own_helpers import CHIYODA_CODE, holder_with_own_data
from ..servers import StaffLogins
from .card_flows import portal_log_in


def test_clerks_reads_over_http_show_in_the_persons_records(
    system: System, server: str, staff: StaffLogins
) -> None:
    holder = holder_with_own_data(system)
    pension_number, insured_number = link_agency_codes(system, holder)
    resident = holder.resident.resident_code
    with httpx.Client(base_url=server) as client:
        tax = f"/api/municipality/residents/{resident}/tax/2026"
        assert client.get(tax, headers=staff.clerk(CHIYODA_CODE)).status_code == 200
        record = f"/api/pension/people/{pension_number}"
        assert client.get(record, headers=staff.agency("pension:jpo")).status_code == 200
        decisions = f"/api/employment/people/{insured_number}/decisions"
        assert client.get(decisions, headers=staff.agency("employment:mhlw")).status_code == 200
        auth = portal_log_in(system, client, holder)
        shown = client.get("/portal/api/records", headers=auth).json()
        assert shown["verdict"] == "改ざんは検出されませんでした"
        by_source = {}
        for entry in shown["entries"]:
            by_source.setdefault(entry["source"], []).append((entry["who"], entry["what"]))
        assert ("職員 municipality-clerk-131016", "住民税の課税情報を閲覧（FY2026）") in by_source[
            "municipality"
        ]
        assert by_source["pension"] == [("職員 agency-clerk-pension-jpo", "年金記録を閲覧")]
        # after the set-up's own reads there (the benefit decision, its 副本 registered)
        clerk = ("職員 agency-clerk-employment-mhlw", "受給資格の決定を閲覧")
        assert by_source["employment"][-1] == clerk
        chains = {c["source"]: c for c in shown["chains"]}
        assert chains["pension"]["source_name"] == "日本年金機構（閲覧記録）"
        assert all(chains[s]["intact"] for s in ("municipality", "pension", "employment"))
        assert holder.resident.my_number not in client.get("/portal/api/records", headers=auth).text
