"""利用登録 under each policy: the real system links the card's 発行番号 to the person's
被保険者番号 (policy `registration_links_serial`); the safeguarded one keeps no serial and has
J-LIS name the holder on every check."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mynumber.app import System
from mynumber.eligibility.data import QualificationValidity
from mynumber.eligibility.models import Base, ClaimEntryRow, MembershipRow, RegistrationRow
from mynumber.jpki.data import CertificateKind
from mynumber.kernel.policy import PolicyProfile
from mynumber.registry.data import ChangeKind, Resident, Sex

from ..insurers.test_enrol_and_verify import KYOKAI_TOKYO, _enrol
from ..registry.helpers import person
from .test_card_path import _authenticate, _check, _proof
from .test_consent_and_medical import _registered_patient

BOTH = [PolicyProfile.REAL, PolicyProfile.SAFEGUARDED]


def _jlis_said(system: System, resident: Resident, what: str) -> int:
    """How many times J-LIS's provision record says it did `what` for the person."""
    records = system.jpki.provision_records(resident_code=resident.resident_code)
    return sum(1 for record in records if record.payload["what"] == what)


def _serial(system: System, resident: Resident) -> str:
    """The serial J-LIS last verified for the person (its provision record names it)."""
    records = system.jpki.provision_records(resident_code=resident.resident_code)
    verified = [r for r in records if r.payload["what"] == "verify_authentication"]
    return str(verified[-1].payload["serial"])


def _tables_holding(system: System, value: str) -> list[str]:
    """The eligibility tables with a text column holding the value, anywhere in it."""
    found = []
    with system.database.connection() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if column.type.python_type is not str:
                    continue
                query = select(column).where(column.contains(value)).limit(1)
                if conn.execute(query).first() is not None:
                    found.append(f"{table.name}.{column.name}")
    return found


@pytest.mark.parametrize("profile", BOTH)
def test_the_serial_is_kept_by_eligibility_only_under_the_real_rules(
    system: System, profile: PolicyProfile
) -> None:
    resident, _membership, card_id, pin = _registered_patient(system)
    serial = _serial(system, resident)
    kept = _tables_holding(system, serial)
    if profile is PolicyProfile.REAL:
        assert kept == ["card_registrations.serial"]
    else:
        assert kept == []
    assert _check(system, _authenticate(system, card_id, pin)).qualification_validity is (
        QualificationValidity.VALID
    )


@pytest.mark.parametrize("profile", BOTH)
def test_a_check_has_jlis_resolve_the_holder_only_under_the_safeguards(
    system: System, profile: PolicyProfile
) -> None:
    resident, _membership, card_id, pin = _registered_patient(system)
    assert _jlis_said(system, resident, "resolve_serial") == 1  # at 利用登録, under both
    for _ in range(3):
        answer = _check(system, _authenticate(system, card_id, pin))
        assert answer.qualification_validity is QualificationValidity.VALID
    # J-LIS verifies the card on every check under both: chain, revocation, the signature.
    assert _jlis_said(system, resident, "verify_authentication") == 4
    resolved = 1 if profile is PolicyProfile.REAL else 4
    assert _jlis_said(system, resident, "resolve_serial") == resolved


@pytest.mark.parametrize("profile", [PolicyProfile.REAL])
def test_under_the_real_rules_the_serial_is_a_key_into_the_medical_data(system: System) -> None:
    """被保険者番号を介して特定健診等情報と発行番号がつながっている (S1 L415-418): whoever holds
    eligibility's tables goes from a card's serial to the insured numbers and the claims."""
    resident, membership, _card_id, _pin = _registered_patient(system)
    serial = _serial(system, resident)
    with system.database.connection() as conn:
        numbers = conn.execute(
            select(MembershipRow.insurer_number, MembershipRow.number)
            .join(RegistrationRow, RegistrationRow.subject == MembershipRow.subject)
            .where(RegistrationRow.serial == serial)
        ).all()
        drugs = conn.execute(
            select(ClaimEntryRow.name)
            .join(RegistrationRow, RegistrationRow.subject == ClaimEntryRow.subject)
            .where(RegistrationRow.serial == serial, ClaimEntryRow.kind == "medication")
        ).scalars()
        assert list(drugs) == ["アムロジピン錠5mg"]
    assert [tuple(row) for row in numbers] == [
        (membership.insured.insurer_number, membership.insured.number)
    ]


@pytest.mark.parametrize("profile", BOTH)
def test_the_registration_follows_a_renewed_certificate_without_a_new_registration(
    system: System, profile: PolicyProfile
) -> None:
    resident, _membership, card_id, pin = _registered_patient(system)
    system.jpki.renew(card_id=card_id, kinds=(CertificateKind.AUTH,))
    first = _check(system, _authenticate(system, card_id, pin))
    assert first.qualification_validity is QualificationValidity.VALID
    renewed = _serial(system, resident)
    _check(system, _authenticate(system, card_id, pin))
    if profile is PolicyProfile.REAL:
        # J-LIS named the new serial's holder once, and its history showed it replaced the
        # registered one; from then on the stored serial answers alone.
        assert _jlis_said(system, resident, "serial_history") == 1
        assert _jlis_said(system, resident, "resolve_serial") == 2
        assert _tables_holding(system, renewed) == ["card_registrations.serial"]
    else:
        assert _jlis_said(system, resident, "serial_history") == 0
        assert _jlis_said(system, resident, "resolve_serial") == 3


@pytest.mark.parametrize("profile", [PolicyProfile.REAL])
def test_a_reissued_card_is_followed_and_another_persons_card_is_not_registered(
    system: System,
) -> None:
    _resident, _membership, card_id, _pin = _registered_patient(system)
    issued = system.jpki.reissue(card_id=card_id, lost=True)
    new_card, new_pin = issued.card.card_id, issued.pins.auth
    again = _check(system, _authenticate(system, new_card, new_pin))
    assert again.qualification_validity is QualificationValidity.VALID
    # Someone else's card is not this registration's successor: it is not registered.
    other = _someone_else(system)
    other_card = system.jpki.issue(resident_code=other.resident_code)
    refused = _check(system, _authenticate(system, other_card.card.card_id, other_card.pins.auth))
    assert refused.error_code == "card_not_registered"


@pytest.mark.parametrize("profile", [PolicyProfile.REAL])
def test_cancelling_the_registration_unlinks_the_serial(system: System) -> None:
    resident, _membership, card_id, pin = _registered_patient(system)
    serial = _serial(system, resident)
    system.eligibility.unregister_card(proof=_proof(system, card_id, pin))
    assert _tables_holding(system, serial) == []
    cancelled = _check(system, _authenticate(system, card_id, pin))
    assert cancelled.error_code == "card_not_registered"
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    assert _tables_holding(system, _serial(system, resident)) == ["card_registrations.serial"]


def _someone_else(system: System) -> Resident:
    new = person(given="花子", given_kana="ハナコ", born=dt.date(1985, 6, 1), sex=Sex.FEMALE)
    other = system.registry.register(new=new, kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1))
    _enrol(system, other, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    return other
