"""A person's 符号 for an agency, as tests name people the way J-LIS does (by resident code)."""

from __future__ import annotations

from mynumber.app import System
from mynumber.insurers.data import network_agency_id
from mynumber.network.data import new_acquisition_number


def code_for(system: System, *, agency: str, resident_code: str) -> str:
    """Return the agency's 符号 for a resident, from the network with a fresh 取得番号."""
    return system.network.issue_code(
        agency=agency, acquisition_number=new_acquisition_number(), resident_code=resident_code
    ).code


def insurer_code_for(system: System, *, insurer_number: str, resident_code: str) -> str:
    """Return an insurer's 符号 for a resident, under its one agency id on the network."""
    agency = network_agency_id(insurer_number)
    return code_for(system, agency=agency, resident_code=resident_code)
