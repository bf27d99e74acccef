"""A small world for the prescription tests: two clinics and a pharmacy registered with the
eligibility system, a covered patient, and doctors whose cards hold HPKI certificates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, FacilityRegistration
from mynumber.health.data import (
    Drug,
    InsuredPatient,
    Practitioner,
    PractitionerApplication,
    PractitionerRole,
    PrescriptionContent,
    PrescriptionRequest,
)
from mynumber.insurers.data import Membership
from mynumber.jpki.data import IssuedCard
from mynumber.kernel.fields import CODECS, IdentifierKind
from mynumber.registry.data import ChangeKind, Resident

from ..insurers.test_enrol_and_verify import (
    CLINIC,
    KYOKAI_TOKYO,
    _enrol,
    _setup,
    register_insurers_and_clinic,
)
from ..registry.helpers import person

OTHER_CLINIC = CODECS[IdentifierKind.FACILITY_CODE].complete("131765432")
PHARMACY = "1341234566"
TODAY = dt.date(2026, 11, 22)
AMLODIPINE = Drug(
    yj_code="2171022F1020", name="アムロジピン錠5mg", quantity=1, unit="錠", days=28,
    usage="1日1回朝食後",
)  # fmt: skip
AMLODIPINE_OD = Drug(
    yj_code="2171022F2026", name="アムロジピンOD錠5mg", quantity=1, unit="錠", days=14
)
TRIAZOLAM = Drug(
    yj_code="1124007F1021", name="トリアゾラム錠0.25mg", quantity=1, unit="錠", days=14
)
ITRACONAZOLE = Drug(
    yj_code="6290004M1024", name="イトラコナゾールカプセル50mg", quantity=2, unit="カプセル", days=7
)


@dataclass(frozen=True)
class Doctor:
    """A practitioner with the card that holds their key."""

    practitioner: Practitioner
    card_id: str
    sign_pin: str


@dataclass(frozen=True)
class World:
    """The patient and the facilities."""

    resident: Resident
    membership: Membership
    patient: InsuredPatient
    card_id: str
    auth_pin: str


def world(
    system: System, *, resident: Resident | None = None, card: IssuedCard | None = None
) -> World:
    """Register the facilities, a patient covered by 協会けんぽ with a card: a new resident, or
    the one given (with their card when it was issued already)."""
    if resident is None:
        resident = _setup(system)
    else:
        register_insurers_and_clinic(system)
    for code, kind, name in (
        (OTHER_CLINIC, FacilityKind.CLINIC, "みどり整形外科"),
        (PHARMACY, FacilityKind.PHARMACY, "ひかり薬局"),
    ):
        system.eligibility.register_facility(
            facility=FacilityRegistration(code=code, kind=kind, name=name)
        )
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    issued = card or system.jpki.issue(resident_code=resident.resident_code)
    numbers = membership.insured
    patient = InsuredPatient(
        insurer_number=numbers.insurer_number, symbol=numbers.symbol, number=numbers.number,
        branch=numbers.branch, birth_date=resident.birth_date,
    )  # fmt: skip
    return World(resident, membership, patient, issued.card.card_id, issued.pins.auth)


def doctor(
    system: System, *, given: str = "一郎", role: PractitionerRole = PractitionerRole.DOCTOR
) -> Doctor:
    """Register a resident with a card, then their HPKI certificate on the card's key."""
    resident = system.registry.register(
        new=person(family="佐藤", given=given, family_kana="サトウ", given_kana="イチロウ",
                   born=dt.date(1975, 5, 5)),
        kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1),
    )  # fmt: skip
    issued = system.jpki.issue(resident_code=resident.resident_code)
    unsigned = PractitionerApplication(
        name=f"佐藤{given}", role=role, license_number="123456", signature=b"-"
    )
    signature = system.jpki.sign_document(
        card_id=issued.card.card_id, sign_pin=issued.pins.sign, content=unsigned.signed_bytes()
    )
    practitioner = system.health.register_practitioner(
        application=unsigned.model_copy(update={"signature": signature})
    )
    return Doctor(practitioner, issued.card.card_id, issued.pins.sign)


def content(
    patient: InsuredPatient, *drugs: Drug, facility: str = CLINIC, uses: int = 1,
    on: dt.date = TODAY,
) -> PrescriptionContent:  # fmt: skip
    """Return a prescription's content."""
    return PrescriptionContent(
        facility_code=facility, patient=patient, issued_on=on, drugs=drugs or (AMLODIPINE,),
        uses=uses,
    )  # fmt: skip


def signed(
    system: System, by: Doctor, what: PrescriptionContent, *, show_details: bool = False
) -> PrescriptionRequest:
    """Return the request: the content signed on the doctor's card, with their certificate."""
    signature = system.jpki.sign_document(
        card_id=by.card_id, sign_pin=by.sign_pin, content=what.signed_bytes()
    )
    return PrescriptionRequest(
        content=what, signature=signature, hpki_certificate=by.practitioner.hpki_certificate,
        show_details=show_details,
    )  # fmt: skip
