"""資格確認書 and 資格情報のお知らせ, and the time lag between an insurer and eligibility."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.eligibility.data import EligibilityAnswer, NumberQuery, QualificationValidity
from mynumber.insurers.data import (
    DocumentKind,
    Enrolment,
    IncomeCategory,
    LossReason,
    Member,
    Membership,
)
from mynumber.kernel.policy import PolicyProfile
from mynumber.registry.data import Resident

from ..eligibility.test_card_path import VISIT, _authenticate, _card, _check, _proof
from .test_enrol_and_verify import CLINIC, KUMIAI, KYOKAI_TOKYO, _enrol, _setup


def test_a_member_without_a_registered_card_gets_a_certificate_for_at_most_five_years(
    system: System,
) -> None:
    resident = _setup(system)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    [certificate] = system.insurers.documents(membership_id=membership.membership_id)
    assert certificate.kind is DocumentKind.CERTIFICATE
    assert certificate.reason == "no_registered_card"
    assert certificate.issued_on == dt.date(2026, 11, 22)
    assert certificate.valid_until == dt.date(2031, 11, 21)
    assert certificate.insured == membership.insured


def test_card_users_get_a_notice_and_cancelling_registration_brings_a_certificate(
    system: System,
) -> None:
    resident = _setup(system)
    first = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    card_id, pin = _card(system, resident)
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    system.insurers.lose(
        membership_id=first.membership_id,
        last_day=dt.date(2026, 3, 31),
        reason=LossReason.JOB_CHANGE,
    )
    second = _enrol(system, resident, KUMIAI, dt.date(2026, 4, 1))
    [notice] = system.insurers.documents(membership_id=second.membership_id)
    assert notice.kind is DocumentKind.NOTICE and notice.valid_until is None
    assert system.insurers.issue_certificates(on=dt.date(2026, 11, 22)) == 0

    system.eligibility.unregister_card(proof=_proof(system, card_id, pin))
    kinds = [d.kind for d in system.insurers.documents(membership_id=second.membership_id)]
    assert kinds == [DocumentKind.NOTICE, DocumentKind.CERTIFICATE]
    # The ended membership gets nothing; a second sweep issues nothing twice.
    assert len(system.insurers.documents(membership_id=first.membership_id)) == 1
    assert system.insurers.issue_certificates(on=dt.date(2026, 11, 22)) == 0


def _deferred(system: System, resident: Resident, start: dt.date) -> str:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
    )
    return system.insurers.enrol(
        enrolment=Enrolment(
            insurer_number=KUMIAI.number,
            my_number=resident.my_number,
            member=member,
            valid_from=start,
            income=IncomeCategory.GENERAL,
            defer_report=True,
        )
    ).membership_id


def _changed_jobs_unreported(system: System) -> tuple[Resident, Membership, str, str]:
    """A card user whose old membership ended and whose new insurer has not reported yet."""
    resident = _setup(system)
    old = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    card_id, pin = _card(system, resident)
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    system.insurers.lose(
        membership_id=old.membership_id,
        last_day=dt.date(2026, 10, 31),
        reason=LossReason.JOB_CHANGE,
    )
    _deferred(system, resident, dt.date(2026, 11, 1))
    return resident, old, card_id, pin


def _by_number(system: System, resident: Resident, membership: Membership) -> EligibilityAnswer:
    return system.eligibility.verify_by_number(
        query=NumberQuery(
            facility_code=CLINIC,
            visit_date=VISIT,
            insurer_number=membership.insured.insurer_number,
            symbol=membership.insured.symbol,
            number=membership.insured.number,
            branch=membership.insured.branch,
            birth_date=resident.birth_date,
        )
    )


def _once_reported_valid(system: System, card_id: str, pin: str) -> None:
    assert system.insurers.report_pending() == 1
    after = _check(system, _authenticate(system, card_id, pin))
    assert after.qualification_validity is QualificationValidity.VALID
    assert after.results[0].insurer_number == KUMIAI.number
    assert system.insurers.report_pending() == 0


@pytest.mark.parametrize("profile", [PolicyProfile.SAFEGUARDED])
def test_under_the_safeguards_the_time_lag_answers_pending_never_a_false_invalid(
    system: System,
) -> None:
    resident, old, card_id, pin = _changed_jobs_unreported(system)
    by_old_number = _by_number(system, resident, old)
    assert by_old_number.qualification_validity is QualificationValidity.PENDING
    by_card = _check(system, _authenticate(system, card_id, pin))
    assert by_card.qualification_validity is QualificationValidity.PENDING
    # Before the new coverage began, the old number was simply valid.
    earlier = _check(system, _authenticate(system, card_id, pin), visit=dt.date(2026, 10, 15))
    assert earlier.qualification_validity is QualificationValidity.VALID
    _once_reported_valid(system, card_id, pin)


@pytest.mark.parametrize("profile", [PolicyProfile.REAL])
def test_under_the_real_rules_the_time_lag_answers_a_valid_member_invalid(
    system: System,
) -> None:
    """有効な保険証が無効（被保険者情報が迅速に反映されない） 62% (S2 L576): the new insurer's
    notice changes nothing until the numbers are reported."""
    resident, old, card_id, pin = _changed_jobs_unreported(system)
    by_old_number = _by_number(system, resident, old)
    assert by_old_number.qualification_validity is QualificationValidity.INVALID
    by_card = _check(system, _authenticate(system, card_id, pin))
    assert by_card.qualification_validity is QualificationValidity.INVALID
    assert by_card.results[0].insurer_number == KYOKAI_TOKYO.number  # the ended membership
    _once_reported_valid(system, card_id, pin)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (PolicyProfile.REAL, QualificationValidity.NONE),
        (PolicyProfile.SAFEGUARDED, QualificationValidity.PENDING),
    ],
)
def test_a_first_enrolment_not_yet_reported_reads_as_no_coverage_only_under_the_real_rules(
    system: System, expected: QualificationValidity
) -> None:
    resident = _setup(system)
    card_id, pin = _card(system, resident)
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    _deferred(system, resident, dt.date(2026, 11, 1))
    by_card = _check(system, _authenticate(system, card_id, pin))
    assert by_card.qualification_validity is expected and by_card.results == ()
