"""The municipality, the pension service and ハローワーク each holding a 符号 for a person with
records at every source (`own_helpers.holder_with_own_data`), as they would after obtaining it."""

from __future__ import annotations

from mynumber.app import System
from mynumber.employment.data import AGENCY_ID as EMPLOYMENT
from mynumber.pension.data import AGENCY_ID as PENSION

from ...agency_codes import code_for
from .helpers import Holder
from .own_helpers import CHIYODA_CODE


def agency_numbers(system: System) -> tuple[str, str]:
    """Return the one person's 基礎年金番号 and 被保険者番号 (the agencies' unlogged listings)."""
    [pensioner] = system.pension.records()
    [insured] = system.employment.records()
    return pensioner.basic_pension_number, insured.insured_number


def link_agency_codes(system: System, holder: Holder) -> tuple[str, str]:
    """Have each agency obtain and link its 符号 for the person: the municipality by
    registering its 副本, the other two as `linked_codes` does (connect, acquire, link).
    Return the 基礎年金番号 and 被保険者番号."""
    system.municipality.register_copies(municipality=CHIYODA_CODE, fiscal_year=2026)
    pension_number, insured_number = agency_numbers(system)
    code = holder.resident.resident_code
    for agency, number in ((PENSION, pension_number), (EMPLOYMENT, insured_number)):
        key = system.agency_keys.public_key(agency)
        system.network.connect(agency_id=agency, name=agency, public_key=key)
        linked = code_for(system, agency=agency, resident_code=code)
        system.intermediate.link_code(agency=agency, address_number=number, code=linked)
    return pension_number, insured_number
