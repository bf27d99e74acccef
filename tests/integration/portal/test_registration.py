"""健康保険証利用登録 on the portal: cancelled and registered again with the card the person
logged in with (another card refused), each change in the history; consents with their expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.eligibility.data import CardQuery, ConsentScope
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.errors import ForbiddenError
from mynumber.portal.person_side import RegistrationProof
from mynumber.registry.data import ChangeKind

from ..eligibility.test_card_path import VISIT
from ..insurers.test_enrol_and_verify import CLINIC
from ..registry.helpers import person
from .helpers import Holder, _authenticate, card_holder
from .own_helpers import logged_in, registration_proof


def consent_at_clinic(system: System, holder: Holder) -> None:
    """Have the person consent at the clinic's reader to medication and check-up data."""
    answer = system.eligibility.verify_by_card(
        query=CardQuery(facility_code=CLINIC, visit_date=VISIT,
                        authentication=_authenticate(system, holder),
                        consent=(ConsentScope.MEDICATION, ConsentScope.CHECKUP))
    )  # fmt: skip
    assert answer.error_code in (None, ""), answer


def test_cancel_and_register_again_with_the_own_card(system: System, clock: FixedClock) -> None:
    holder = card_holder(system)
    code = holder.resident.resident_code
    consent_at_clinic(system, holder)
    overview = system.portal.registration_overview(resident_code=code)
    assert overview.registration.registered
    [consent] = overview.consents
    assert consent.facility_code == CLINIC and consent.valid_until > overview.checked_at
    assert set(consent.scopes) == {ConsentScope.MEDICATION, ConsentScope.CHECKUP}
    _, session = logged_in(system, holder)
    proof = RegistrationProof(**registration_proof(system, holder))
    assert not system.portal.change_registration(
        person=session, proof=proof, register=False
    ).registered
    assert not system.portal.registration_overview(resident_code=code).registration.registered
    again = RegistrationProof(**registration_proof(system, holder))
    assert system.portal.change_registration(person=session, proof=again, register=True).registered
    whats = [e.what for e in system.portal.timeline(resident_code=code).entries]
    assert "マイナポータルで健康保険証利用登録を解除" in whats
    assert whats[-1] == "マイナポータルで健康保険証利用登録"


def test_another_persons_card_is_refused(system: System) -> None:
    holder = card_holder(system)
    stranger_card = system.jpki.issue(resident_code=_other_resident(system))
    _, session = logged_in(system, holder)
    stranger = Holder(holder.resident, stranger_card.card.card_id, stranger_card.pins.auth)
    proof = RegistrationProof(**registration_proof(system, stranger))
    with pytest.raises(ForbiddenError) as refused:
        system.portal.change_registration(person=session, proof=proof, register=False)
    assert refused.value.code == "not_your_card"
    assert system.portal.registration_overview(
        resident_code=holder.resident.resident_code
    ).registration.registered


def _other_resident(system: System) -> str:
    new = person(given="次郎", given_kana="ジロウ")
    registered = system.registry.register(new=new, kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1))
    return registered.resident_code
