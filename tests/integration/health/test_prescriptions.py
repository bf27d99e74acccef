"""電子処方箋: a prescription signed on a doctor's card, checked against another clinic's,
retrieved and dispensed by a pharmacy; refills; the access log."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from mynumber.app import System
from mynumber.eligibility.data import FacilityKind, FacilityRegistration
from mynumber.health.data import (
    DispensingRequest,
    FindingKind,
    PrescriptionStatus,
    RetrievalRequest,
)
from mynumber.health.models import access_records
from mynumber.kernel.errors import ConflictError, ForbiddenError, NotFoundError
from mynumber.kernel.fields import CODECS, IdentifierKind

from ..insurers.test_enrol_and_verify import CLINIC
from .helpers import (
    AMLODIPINE,
    AMLODIPINE_OD,
    ITRACONAZOLE,
    OTHER_CLINIC,
    PHARMACY,
    TODAY,
    TRIAZOLAM,
    content,
    doctor,
    signed,
    world,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _by_number(exchange_number: str, patient: object) -> RetrievalRequest:
    return RetrievalRequest.model_validate({
        "facility_code": PHARMACY, "exchange_number": exchange_number,
        "patient": patient, "visit_date": TODAY,
    })  # fmt: skip


def test_written_checked_against_another_clinic_and_dispensed(system: System) -> None:
    w = world(system)
    first, second = doctor(system), doctor(system, given="二郎")

    issued = system.health.prescribe(request=signed(system, first, content(w.patient)))
    assert UUID.match(issued.prescription_id)
    assert re.fullmatch(r"\d{6}", issued.exchange_number)
    assert not issued.check.found and issued.check.message == "重複なし"

    # Another clinic prescribes the same ingredient (another form) within the 28 days.
    other = content(w.patient, AMLODIPINE_OD, facility=OTHER_CLINIC)
    hidden = system.health.prescribe(request=signed(system, second, other))
    assert hidden.check.found and hidden.check.count == 1
    assert not hidden.check.details_shown and hidden.check.findings == ()
    assert hidden.check.message.startswith("重複あり")
    shown = system.health.prescribe(request=signed(system, second, other, show_details=True))
    # The first clinic's prescription is found (beside this clinic's own earlier one: the
    # findings of one day come in no particular order).
    (finding,) = [f for f in shown.check.findings if f.other_facility == CLINIC]
    assert (finding.kind, finding.source) == (FindingKind.DUPLICATE, "prescription")
    assert finding.other_drug == AMLODIPINE.yj_code

    taken = system.health.retrieve(request=_by_number(issued.exchange_number, w.patient))
    assert [p.prescription_id for p in taken] == [issued.prescription_id]
    assert taken[0].prescriber == "佐藤一郎" and taken[0].status is PrescriptionStatus.RECEIVED
    done = system.health.dispense(
        request=DispensingRequest(
            facility_code=PHARMACY, prescription_id=issued.prescription_id,
            dispensed_on=TODAY, drugs=(AMLODIPINE,),
        )
    )  # fmt: skip
    assert done.use == 1
    with pytest.raises(ConflictError) as reused:
        system.health.retrieve(request=_by_number(issued.exchange_number, w.patient))
    assert reused.value.code == "exchange_number_used"

    own = system.health.prescriptions_of(patient=w.patient, reader="portal")
    assert len(own.prescriptions) == 3 and [d.prescription_id for d in own.dispensings] == [
        issued.prescription_id
    ]
    log = system.health.access_records(patient=w.patient)
    actions = [(r.action, r.outcome.split(":")[0]) for r in log]
    assert ("dispense", "recorded") in actions and ("retrieve", "refused") in actions
    assert actions[-1] == ("own view", "shown")
    assert system.health.verify_access_log(patient=w.patient) == []


def test_contraindicated_pair_across_clinics(system: System) -> None:
    w = world(system)
    first, second = doctor(system), doctor(system, given="二郎")
    system.health.prescribe(request=signed(system, first, content(w.patient, TRIAZOLAM)))
    answer = system.health.prescribe(
        request=signed(
            system, second, content(w.patient, ITRACONAZOLE, facility=OTHER_CLINIC),
            show_details=True,
        )
    )  # fmt: skip
    assert [(f.kind, f.other_name, f.other_facility) for f in answer.check.findings] == [
        (FindingKind.CONTRAINDICATED, "トリアゾラム錠0.25mg", CLINIC)
    ]


def test_a_refill_is_dispensed_up_to_its_uses(system: System) -> None:
    w = world(system)
    issued = system.health.prescribe(
        request=signed(system, doctor(system), content(w.patient, uses=2))
    )
    dispensing = DispensingRequest(
        facility_code=PHARMACY, prescription_id=issued.prescription_id, dispensed_on=TODAY,
        drugs=(AMLODIPINE,),
    )  # fmt: skip
    for use in (1, 2):
        (taken,) = system.health.retrieve(request=_by_number(issued.exchange_number, w.patient))
        assert taken.uses_left == 3 - use
        assert system.health.dispense(request=dispensing).use == use
    with pytest.raises(ForbiddenError) as again:
        system.health.dispense(request=dispensing)
    assert again.value.code == "not_received"
    with pytest.raises(ConflictError):
        system.health.retrieve(request=_by_number(issued.exchange_number, w.patient))


def test_guessed_exchange_numbers_lock_retrieval(system: System) -> None:
    w = world(system)
    issued = system.health.prescribe(request=signed(system, doctor(system), content(w.patient)))
    wrong = f"{(int(issued.exchange_number) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(NotFoundError) as missed:
            system.health.retrieve(request=_by_number(wrong, w.patient))
        assert missed.value.code == "prescription_not_found"
    with pytest.raises(ForbiddenError) as locked:
        system.health.retrieve(request=_by_number(issued.exchange_number, w.patient))
    assert locked.value.code == "retrieval_locked"
    refused = [r for r in system.health.access_records(patient=w.patient) if "refused" in r.outcome]
    assert len(refused) == 6


def test_dispensing_needs_a_received_prescription(system: System) -> None:
    w = world(system)
    issued = system.health.prescribe(request=signed(system, doctor(system), content(w.patient)))
    request = DispensingRequest(
        facility_code=PHARMACY, prescription_id="00000000-0000-4000-8000-000000000000",
        dispensed_on=TODAY, drugs=(AMLODIPINE,),
    )  # fmt: skip
    with pytest.raises(NotFoundError) as none:
        system.health.dispense(request=request)
    assert none.value.code == "prescription_not_found"
    with pytest.raises(ForbiddenError) as not_taken:
        system.health.dispense(
            request=request.model_copy(update={"prescription_id": issued.prescription_id})
        )
    assert not_taken.value.code == "not_received"


def test_another_pharmacy_cannot_take_a_received_prescription(system: System) -> None:
    w = world(system)
    second = CODECS[IdentifierKind.FACILITY_CODE].complete("134765432")
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=second, kind=FacilityKind.PHARMACY, name="つばさ薬局")
    )
    issued = system.health.prescribe(request=signed(system, doctor(system), content(w.patient)))
    system.health.retrieve(request=_by_number(issued.exchange_number, w.patient))
    elsewhere = _by_number(issued.exchange_number, w.patient).model_copy(
        update={"facility_code": second}
    )
    with pytest.raises(ConflictError) as taken:
        system.health.retrieve(request=elsewhere)
    assert taken.value.code == "prescription_taken"


def test_an_edited_access_record_is_detected(system: System) -> None:
    w = world(system)
    system.health.prescribe(request=signed(system, doctor(system), content(w.patient)))
    with system.database.scoped("health").connection() as conn:
        conn.execute(
            update(access_records).values(payload='{"facility":"x","action":"y","outcome":"z"}')
        )
    assert system.health.verify_access_log(patient=w.patient) != []
