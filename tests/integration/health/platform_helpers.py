"""Helpers for the 予防接種 and PMH tests: the clerk of the patient's municipality, a card
signed over the platform's challenge, and a vaccination record."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.eligibility.data import CardAuthentication, CardProof, ConsentScope
from mynumber.health.vaccinations.data import (
    Clerk,
    ImmunizationRoute,
    ImmunizationSite,
    VaccinationQuery,
    VaccinationRecord,
)

from ..eligibility.test_card_path import _authenticate
from ..insurers.test_enrol_and_verify import CLINIC
from .helpers import TODAY, World


def clerk_of(w: World, *, other: bool = False) -> Clerk:
    """Return a clerk of the patient's municipality (or of another one)."""
    code = w.resident.address.local_government_code
    return Clerk(municipality_code="011002" if other else code, name="予防接種係 田中")


def holder(system: System, w: World) -> CardAuthentication:
    """Return the patient's card signed over the platform's own challenge."""
    challenge = system.health.vaccinations.new_challenge()
    signature = system.jpki.sign_challenge(card_id=w.card_id, pin=w.auth_pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=w.card_id).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def eligibility_card(system: System, w: World) -> CardAuthentication:
    """Return the patient's card signed over the eligibility system's challenge."""
    return _authenticate(system, w.card_id, w.auth_pin)


def register_card(system: System, w: World) -> None:
    """利用登録 of the patient's card (as at マイナポータル)."""
    system.eligibility.register_card(proof=CardProof(authentication=eligibility_card(system, w)))


def query(
    system: System, w: World, *, facility: str = CLINIC, consent: bool = True
) -> VaccinationQuery:
    """Return a facility's question at the reader, the patient consenting to 診療情報 or not."""
    return VaccinationQuery(
        facility_code=facility, visit_date=TODAY, card=eligibility_card(system, w),
        holder=holder(system, w), consent=(ConsentScope.TREATMENT,) if consent else (),
    )  # fmt: skip


def mr_vaccine(w: World, *, dose: int = 1, on: dt.date = dt.date(2025, 6, 1)) -> VaccinationRecord:
    """Return a record of a 麻しん風しん (MR) vaccination of the patient."""
    return VaccinationRecord(
        my_number=w.resident.my_number, municipality_code=clerk_of(w).municipality_code,
        vaccine_code="MR", vaccine_name="乾燥弱毒生麻しん風しん混合ワクチン", lot_number="Y123-A",
        occurred_on=on, dose_number=dose, facility_code=CLINIC, facility_name="さくら小児科",
        route=ImmunizationRoute.SUBCUTANEOUS, site=ImmunizationSite.LEFT_ARM,
    )  # fmt: skip
