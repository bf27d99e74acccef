"""One instance's worth of handoffs: a card holder who dies, a person to enrol, a card to cancel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.app import System
from mynumber.eligibility.data import CardAuthentication, CardProof
from mynumber.insurers.data import DocumentKind, Enrolment, IncomeCategory, LossReason, Member
from mynumber.jpki.data import CardStatus, CertificateStatus
from mynumber.registry.data import ChangeKind, Resident, Sex

from ...agency_codes import code_for
from ..insurers.test_enrol_and_verify import KUMIAI, KYOKAI_TOKYO, _enrol, _setup
from ..registry.helpers import person

DEATH_DAY = dt.date(2026, 11, 20)
START = dt.date(2026, 4, 1)


@dataclass(frozen=True)
class Scenario:
    """Who is who: the dying card holder, the person to enrol, the holder who cancels."""

    dying: str  # resident code
    dying_card: str
    enrolment: Enrolment
    enrolled_subject: str  # eligibility's code for the person enrolled
    cancelling_card: str
    cancelling_pin: str
    cancelling_membership: str


def prepare(system: System) -> Scenario:
    """Return a scenario set up on system, every earlier message delivered."""
    cancelling = _setup(system)  # insurers, a clinic, and the first resident
    earlier = _enrol(system, cancelling, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    issued = system.jpki.issue(resident_code=cancelling.resident_code)
    system.eligibility.register_card(
        proof=CardProof(authentication=authenticate(system, issued.card.card_id, issued.pins.auth))
    )
    system.insurers.lose(
        membership_id=earlier.membership_id,
        last_day=START - dt.timedelta(days=1),
        reason=LossReason.JOB_CHANGE,
    )
    kumiai_member = _enrol(system, cancelling, KUMIAI, START)  # a card user: a notice
    assert certificates_sent_for(system, kumiai_member.membership_id) == 0
    dying = _register(system, "一郎", "イチロウ", Sex.MALE)
    dying_card = system.jpki.issue(resident_code=dying.resident_code).card.card_id
    newcomer = _register(system, "花子", "ハナコ", Sex.FEMALE)
    assert system.relay.pending() == 0
    return Scenario(
        dying=dying.resident_code,
        dying_card=dying_card,
        enrolment=enrolment_of(newcomer),
        enrolled_subject=code_for(
            system, agency="eligibility", resident_code=newcomer.resident_code
        ),
        cancelling_card=issued.card.card_id,
        cancelling_pin=issued.pins.auth,
        cancelling_membership=kumiai_member.membership_id,
    )


def authenticate(system: System, card_id: str, pin: str) -> CardAuthentication:
    """Return the card's signature over a fresh challenge of the eligibility system."""
    challenge = system.eligibility.new_challenge()
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def death_took_effect(system: System, scenario: Scenario) -> bool:
    """Return whether J-LIS retired the dead resident's card and revoked its certificates."""
    card = system.jpki.card(card_id=scenario.dying_card)
    revoked = all(c.status is CertificateStatus.REVOKED for c in card.certificates)
    return card.status is CardStatus.RETIRED and revoked


def memberships_seen(system: System, scenario: Scenario) -> int:
    """Return how many memberships eligibility holds for the person enrolled."""
    return len(system.eligibility.history(subject=scenario.enrolled_subject))


def certificates_sent(system: System, scenario: Scenario) -> int:
    """Return how many 資格確認書 the cancelling holder's insurer has sent."""
    return certificates_sent_for(system, scenario.cancelling_membership)


def certificates_sent_for(system: System, membership_id: str) -> int:
    """Return how many 資格確認書 were sent for a membership."""
    documents = system.insurers.documents(membership_id=membership_id)
    return sum(d.kind is DocumentKind.CERTIFICATE for d in documents)


def _register(system: System, given: str, kana: str, sex: Sex) -> Resident:
    return system.registry.register(
        new=person(given=given, given_kana=kana, sex=sex),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )


def enrolment_of(resident: Resident) -> Enrolment:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
    )
    return Enrolment(
        insurer_number=KYOKAI_TOKYO.number,
        my_number=resident.my_number,
        member=member,
        valid_from=START,
        income=IncomeCategory.GENERAL,
    )
