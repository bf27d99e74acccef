"""予防接種: a municipality records by My Number; a facility reads with the patient's consent at
the reader (FHIR Immunization, JP Core shape) and is refused without; the person reads theirs;
every view and refusal is in the person's access log."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.immunization import Immunization
from sqlalchemy import select

from mynumber.app import System
from mynumber.health.models import SCHEMA, VaccinationRow
from mynumber.health.vaccinations.fhir import JP_IMMUNIZATION
from mynumber.kernel.errors import ForbiddenError, NotFoundError

from ..insurers.test_enrol_and_verify import CLINIC
from .helpers import OTHER_CLINIC, world
from .platform_helpers import clerk_of, holder, mr_vaccine, query, register_card


def test_recorded_then_seen_with_consent_and_refused_without(system: System) -> None:
    w = world(system)
    recorded = system.health.vaccinations.record(clerk=clerk_of(w), record=mr_vaccine(w))
    system.health.vaccinations.record(clerk=clerk_of(w), record=mr_vaccine(w, dose=2))
    assert recorded.dose_number == 1 and recorded.vaccine_code == "MR"
    register_card(system, w)

    view = system.health.vaccinations.view(query=query(system, w))
    assert [i["protocolApplied"][0]["doseNumberPositiveInt"] for i in view.immunizations] == [1, 2]
    first = view.immunizations[0]
    assert first["meta"]["profile"] == [JP_IMMUNIZATION] and first["lotNumber"] == "Y123-A"
    assert (
        first["route"]["coding"][0]["code"] == "SQ" and first["site"]["coding"][0]["code"] == "LA"
    )
    assert first["performer"][0]["actor"]["identifier"]["value"] == CLINIC
    parsed = Immunization.model_validate(first)  # structurally a FHIR Immunization
    assert parsed.occurrenceDateTime is not None and parsed.status == "completed"

    with pytest.raises(ForbiddenError) as refused:  # no consent chosen at the other clinic
        system.health.vaccinations.view(
            query=query(system, w, facility=OTHER_CLINIC, consent=False)
        )
    assert refused.value.code == "consent_required" and "同意" in refused.value.reason

    log = system.health.vaccinations.access_records_of(holder=holder(system, w))
    assert [(r.facility, r.outcome) for r in log if r.action == "vaccinations"] == [
        (CLINIC, "shown"), (OTHER_CLINIC, "refused:consent_required"),
    ]  # fmt: skip
    assert sum(r.action == "vaccination recorded" for r in log) == 2


def test_the_person_reads_their_own_and_no_my_number_is_kept(system: System) -> None:
    w = world(system)
    system.health.vaccinations.record(clerk=clerk_of(w), record=mr_vaccine(w))
    own = system.health.vaccinations.own(holder=holder(system, w))
    assert [v.vaccine_code for v in own.vaccinations] == ["MR"]
    with system.database.scoped(SCHEMA).unit_of_work() as uow:
        (row,) = uow.session.scalars(select(VaccinationRow)).all()
        kept = " ".join(str(v) for v in vars(row).values())
    assert w.resident.my_number not in kept and len(row.person_key) == 64
    log = system.health.vaccinations.access_records_of(holder=holder(system, w))
    assert log[-1].action == "own vaccinations" and log[-1].facility == "本人"


def test_wrong_clerk_and_unknown_person_are_refused(system: System) -> None:
    w = world(system)
    with pytest.raises(ForbiddenError) as wrong:
        system.health.vaccinations.record(clerk=clerk_of(w, other=True), record=mr_vaccine(w))
    assert wrong.value.code == "wrong_clerk" and "職員" in wrong.value.reason
    stranger = mr_vaccine(w).model_copy(update={"my_number": "123456789018"})
    with pytest.raises(NotFoundError) as unknown:
        system.health.vaccinations.record(clerk=clerk_of(w), record=stranger)
    assert unknown.value.code == "unknown_person"
