"""A card holder with something at every source of the 自己情報表示: insurance, a claim and a
check-up, 住民税 assessed in 千代田区 (its 副本 registered), a pension record (no award, so no
副本) and an employment-insurance record with a benefit decision (its 副本 registered)."""

from __future__ import annotations

import base64
import datetime as dt

from mynumber.app import System
from mynumber.employment.data import Hiring, Separation, SeparationReason
from mynumber.municipality.data import IncomeReport
from mynumber.pension.data import CoverageNotice, InsuredKind
from mynumber.portal.data import PortalSession

from ..eligibility.test_consent_and_medical import _registered_patient
from .helpers import Holder, login_proof

CHIYODA_CODE = "131016"
EMPLOYER = "株式会社さくら商事"


def holder_with_own_data(system: System) -> Holder:
    """Return a registered card holder with records at every source."""
    resident, _membership, card_id, pin = _registered_patient(system)
    municipality = system.municipality
    municipality.enrol_residents(municipality=CHIYODA_CODE)
    income = IncomeReport(my_number=resident.my_number, income_year=2025, salary_revenue=4_000_000)
    municipality.record_incomes(municipality=CHIYODA_CODE, reports=[income])
    municipality.assess(municipality=CHIYODA_CODE, fiscal_year=2026)
    name, born = resident.name.full, resident.birth_date
    notice = CoverageNotice(my_number=resident.my_number, name=name, birth_date=born,
                            since=dt.date(2010, 4, 1), kind=InsuredKind.SECOND,
                            monthly_remuneration=300_000)  # fmt: skip
    system.pension.receive_notices(notices=[notice])
    hiring = Hiring(my_number=resident.my_number, name=name, birth_date=born, employer=EMPLOYER,
                    hired_on=dt.date(2010, 4, 1), monthly_wage=300_000)  # fmt: skip
    system.employment.receive_hirings(hirings=[hiring])
    left = Separation(my_number=resident.my_number, last_day=dt.date(2026, 9, 30),
                      reason=SeparationReason.DISMISSAL)  # fmt: skip
    system.employment.receive_separations(separations=[left])
    insured = system.employment.find(my_number=resident.my_number, actor="test")
    system.employment.apply(
        insured_number=insured.insured_number, applied_on=dt.date(2026, 10, 5), actor="test"
    )
    assert municipality.register_copies(municipality=CHIYODA_CODE, fiscal_year=2026).registered
    assert system.employment.register_copies().registered == 1
    return Holder(resident, card_id, pin)


def logged_in(system: System, holder: Holder) -> tuple[str, PortalSession]:
    """Log the holder in to the portal with their card; return the token and the session."""
    started = system.portal.start_login()
    system.portal.answer_login(code=started.code, proof=login_proof(system, holder, started.code))
    token = system.portal.take_session(code=started.code, waiter=started.waiter)
    assert token is not None
    return token, system.portal.session(token=token)


def registration_proof(
    system: System, holder: Holder, *, challenge: str | None = None
) -> dict[str, str]:
    """Play the app for 利用登録: the card signs a fresh challenge of the eligibility system."""
    challenge = challenge or system.portal.registration_challenge().challenge
    signature = system.jpki.sign_challenge(
        card_id=holder.card_id, pin=holder.pin, challenge=base64.b64decode(challenge)
    )
    certificate = system.jpki.read_certificates(card_id=holder.card_id).auth
    return {
        "certificate": base64.b64encode(certificate).decode(),
        "challenge": challenge,
        "signature": base64.b64encode(signature).decode(),
    }
