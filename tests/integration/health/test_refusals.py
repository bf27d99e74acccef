"""Who may prescribe and for whom: HPKI role, card signature, J-LIS's CRL, the patient's
coverage; the consent that opens the check's details; the card path."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mynumber.app import System
from mynumber.eligibility.data import CardProof, CardQuery, ConsentScope
from mynumber.health.data import (
    PractitionerApplication,
    PractitionerRole,
    RetrievalRequest,
)
from mynumber.health.prescriptions.hpki import HpkiAuthority, role_of
from mynumber.jpki.data import CertificateKind, RevocationReason
from mynumber.kernel.errors import DomainError, ForbiddenError

from ..eligibility.test_card_path import _authenticate
from ..insurers.test_enrol_and_verify import CLINIC
from .helpers import (
    AMLODIPINE_OD,
    OTHER_CLINIC,
    PHARMACY,
    TODAY,
    content,
    doctor,
    signed,
    world,
)


def _refused(system: System, request: object) -> str:
    with pytest.raises(DomainError) as refused:
        system.health.prescribe(request=request)  # type: ignore[arg-type]
    assert refused.value.status == 403
    return refused.value.code


def test_the_hpki_certificate_names_the_role_on_the_card_key(system: System) -> None:
    first = doctor(system)
    certificate = x509.load_der_x509_certificate(first.practitioner.hpki_certificate)
    assert role_of(certificate) is PractitionerRole.DOCTOR
    card = system.jpki.read_certificates(card_id=first.card_id, sign_pin=first.sign_pin).sign
    assert card is not None
    assert certificate.public_key() == x509.load_der_x509_certificate(card).public_key()


def test_prescriber_refusals(system: System) -> None:
    w = world(system)
    first, pharmacist = (
        doctor(system),
        doctor(system, given="三郎", role=PractitionerRole.PHARMACIST),
    )
    good = signed(system, first, content(w.patient))
    changed = good.model_copy(update={"content": content(w.patient, AMLODIPINE_OD)})
    assert _refused(system, changed) == "signature_invalid"
    assert _refused(system, signed(system, pharmacist, content(w.patient))) == "not_a_prescriber"
    other_key = good.model_copy(
        update={"hpki_certificate": pharmacist.practitioner.hpki_certificate}
    )
    assert _refused(system, other_key) == "not_a_prescriber"
    second = doctor(system, given="二郎")
    swapped = good.model_copy(update={"hpki_certificate": second.practitioner.hpki_certificate})
    assert _refused(system, swapped) == "signer_mismatch"
    # A certificate of another CA, naming the role on the right key, is not HPKI here.
    forged = HpkiAuthority(b"another instance's key").issue(
        card=x509.load_der_x509_certificate(first.practitioner.hpki_certificate),
        name="佐藤一郎", role=PractitionerRole.DOCTOR, now=system.clock.now(),
    )  # fmt: skip
    forged_request = good.model_copy(update={"hpki_certificate": forged.public_bytes(Encoding.DER)})
    assert _refused(system, forged_request) == "hpki_invalid"
    system.jpki.revoke(
        card_id=first.card_id, reason=RevocationReason.KEY_COMPROMISE, kinds=(CertificateKind.SIGN,)
    )
    assert _refused(system, good) == "certificate_revoked"
    log = system.health.access_records(patient=w.patient)
    assert len(log) == 6 and all(r.outcome.startswith("refused:") for r in log)


def test_a_revoked_card_gets_no_hpki_certificate(system: System) -> None:
    first = doctor(system)
    system.jpki.revoke(
        card_id=first.card_id, reason=RevocationReason.KEY_COMPROMISE, kinds=(CertificateKind.SIGN,)
    )
    application = PractitionerApplication(
        name="佐藤一郎", role=PractitionerRole.DOCTOR, license_number="123456", signature=b"-"
    )
    with pytest.raises(DomainError):  # the card refuses to sign with a revoked certificate
        signature = system.jpki.sign_document(
            card_id=first.card_id, sign_pin=first.sign_pin, content=application.signed_bytes()
        )
        system.health.register_practitioner(
            application=application.model_copy(update={"signature": signature})
        )
    with pytest.raises(ForbiddenError) as unsigned:
        system.health.register_practitioner(application=application)
    assert unsigned.value.code == "signature_invalid"


def test_unknown_or_ineligible_patients_are_refused(system: System) -> None:
    w = world(system)
    first = doctor(system)
    unknown = w.patient.model_copy(update={"number": "99999"})
    assert _refused(system, signed(system, first, content(unknown))) == "patient_not_eligible"
    before = w.patient.model_copy(update={"birth_date": w.patient.birth_date - dt.timedelta(1)})
    assert _refused(system, signed(system, first, content(before))) == "patient_not_eligible"
    early = content(w.patient, on=dt.date(2024, 3, 1))  # before the membership began
    assert _refused(system, signed(system, first, early)) == "patient_not_eligible"
    assert system.health.access_records(patient=unknown)[0].outcome == (
        "refused:patient_not_eligible"
    )


def test_consent_at_the_reader_opens_the_details(system: System) -> None:
    w = world(system)
    first = doctor(system)
    system.eligibility.register_card(
        proof=CardProof(authentication=_authenticate(system, w.card_id, w.auth_pin))
    )
    system.health.prescribe(request=signed(system, first, content(w.patient)))
    system.eligibility.verify_by_card(
        query=CardQuery(
            facility_code=OTHER_CLINIC, visit_date=TODAY,
            authentication=_authenticate(system, w.card_id, w.auth_pin),
            consent=(ConsentScope.MEDICATION,),
        )
    )  # fmt: skip
    other = content(w.patient, AMLODIPINE_OD, facility=OTHER_CLINIC)
    answer = system.health.prescribe(request=signed(system, first, other))
    assert answer.check.details_shown and answer.check.findings[0].other_facility == CLINIC


def test_the_card_path_at_the_clinic_and_the_pharmacy(system: System) -> None:
    w = world(system)
    system.eligibility.register_card(
        proof=CardProof(authentication=_authenticate(system, w.card_id, w.auth_pin))
    )
    request = signed(system, doctor(system), content(w.patient)).model_copy(
        update={"card": _authenticate(system, w.card_id, w.auth_pin)}
    )
    issued = system.health.prescribe(request=request)
    taken = system.health.retrieve(
        request=RetrievalRequest(
            facility_code=PHARMACY, visit_date=TODAY,
            card=_authenticate(system, w.card_id, w.auth_pin),
        )
    )  # fmt: skip
    assert [p.prescription_id for p in taken] == [issued.prescription_id]
    assert taken[0].content.facility_code == CLINIC
