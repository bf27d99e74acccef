"""資格確認書 and 資格情報のお知らせ, and the time lag between an insurer and eligibility."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.eligibility.data import NumberQuery, QualificationValidity
from mynumber.insurers.data import DocumentKind, Enrolment, IncomeCategory, LossReason, Member
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


def test_the_time_lag_answers_pending_never_a_false_invalid(system: System) -> None:
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
    by_old_number = system.eligibility.verify_by_number(
        query=NumberQuery(
            facility_code=CLINIC,
            visit_date=VISIT,
            insurer_number=old.insured.insurer_number,
            symbol=old.insured.symbol,
            number=old.insured.number,
            branch=old.insured.branch,
            birth_date=resident.birth_date,
        )
    )
    assert by_old_number.qualification_validity is QualificationValidity.PENDING
    by_card = _check(system, _authenticate(system, card_id, pin))
    assert by_card.qualification_validity is QualificationValidity.PENDING
    # Before the new coverage began, the old number was simply valid.
    earlier = _check(system, _authenticate(system, card_id, pin), visit=dt.date(2026, 10, 15))
    assert earlier.qualification_validity is QualificationValidity.VALID

    assert system.insurers.report_pending() == 1
    after = _check(system, _authenticate(system, card_id, pin))
    assert after.qualification_validity is QualificationValidity.VALID
    assert after.results[0].insurer_number == KUMIAI.number
    assert system.insurers.report_pending() == 0
