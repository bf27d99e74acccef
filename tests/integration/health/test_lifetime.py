"""The person's lifetime record: claims and a check-up under a first insurer, a job change, a
vaccination, then a prescription dispensed at a pharmacy and a Bundle under the second insurer;
the record joins them across insurers, facilities and years, and every read is logged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from typer.testing import CliRunner

from mynumber.app import System
from mynumber.eligibility.data import CheckupResult, Claim, Diagnosis, InsuredRef, Medication
from mynumber.health.api import SampleKind
from mynumber.health.cli import app
from mynumber.health.data import DispensingRequest, InsuredPatient, RetrievalRequest
from mynumber.health.lifetime import Sources, lifetime_record
from mynumber.health.lifetime_data import LifetimeSource
from mynumber.insurers.data import LossReason, Membership
from mynumber.kernel.fields import CODECS, IdentifierKind
from mynumber.portal.data import Source

from ..insurers.test_enrol_and_verify import CLINIC, KUMIAI, KYOKAI_TOKYO, _enrol
from .bundles import bundle
from .helpers import (
    AMLODIPINE,
    OTHER_CLINIC,
    PHARMACY,
    TODAY,
    World,
    content,
    doctor,
    signed,
    world,
)
from .platform_helpers import clerk_of, mr_vaccine

ACTOR = "cli:operator"


def _insured(m: Membership) -> InsuredRef:
    n = m.insured
    return InsuredRef(insurer_number=n.insurer_number, symbol=n.symbol, number=n.number,
                      branch=n.branch)  # fmt: skip


def _lived(system: System) -> World:
    """Build the person's life: 2024 under 協会けんぽ, from 2025 under a 健保組合."""
    w = world(system)
    first = w.membership
    system.eligibility.record_claims(claims=[Claim(
        insured=_insured(first), facility_code=CLINIC, service_date=dt.date(2024, 10, 1),
        diagnoses=(Diagnosis(code="I10", name="本態性高血圧症"),),
        medications=(Medication(code="2171022F1020", name="アムロジピン錠5mg", quantity=1,
                                unit="錠", days=28),),
    )])  # fmt: skip
    system.eligibility.record_checkups(results=[CheckupResult(
        insured=_insured(first), examined_on=dt.date(2024, 6, 1), height_cm=170.0,
        weight_kg=68.0, waist_cm=84.0, systolic_mmhg=128, diastolic_mmhg=82, hba1c_percent=5.6,
        ldl_mg_dl=118, hdl_mg_dl=60, triglycerides_mg_dl=102,
    )])  # fmt: skip
    system.insurers.lose(membership_id=first.membership_id, last_day=dt.date(2025, 3, 31),
                         reason=LossReason.JOB_CHANGE)  # fmt: skip
    second = _enrol(system, w.resident, KUMIAI, dt.date(2025, 4, 1))
    n = second.insured
    patient = InsuredPatient(insurer_number=n.insurer_number, symbol=n.symbol, number=n.number,
                             branch=n.branch, birth_date=w.resident.birth_date)  # fmt: skip
    later = dataclasses.replace(w, membership=second, patient=patient)
    system.health.vaccinations.record(
        clerk=clerk_of(w), record=mr_vaccine(w, on=dt.date(2025, 6, 1))
    )
    issued = system.health.prescribe(request=signed(system, doctor(system), content(patient)))
    system.health.retrieve(request=RetrievalRequest(
        facility_code=PHARMACY, exchange_number=issued.exchange_number, patient=patient,
        visit_date=TODAY,
    ))  # fmt: skip
    system.health.dispense(request=DispensingRequest(
        facility_code=PHARMACY, prescription_id=issued.prescription_id, dispensed_on=TODAY,
        drugs=(AMLODIPINE,),
    ))  # fmt: skip
    document = bundle(later, OTHER_CLINIC, SampleKind.CONDITION)
    system.health.upload_bundle(facility_code=OTHER_CLINIC, document=document)
    return later


def _sources(system: System) -> Sources:
    return Sources(registry=system.registry, eligibility=system.eligibility,
                   health=system.health, care=system.care)  # fmt: skip


def test_the_record_joins_insurers_facilities_and_years(system: System) -> None:
    w = _lived(system)
    record = lifetime_record(_sources(system), resident_code=w.resident.resident_code, actor=ACTOR)

    counts = {source: len(entries) for source, entries in record.by_source().items()}
    assert counts == {
        LifetimeSource.COVERAGE: 2, LifetimeSource.MEDICATION: 1, LifetimeSource.TREATMENT: 1,
        LifetimeSource.CHECKUP: 1, LifetimeSource.PRESCRIPTION: 1, LifetimeSource.DISPENSING: 1,
        LifetimeSource.BUNDLE: 1, LifetimeSource.VACCINATION: 1,
    }  # fmt: skip
    s = record.summary
    assert (s.items, s.first_year, s.last_year, s.years_spanned) == (9, 2024, 2026, 3)
    assert {e.facility for e in record.entries if e.facility} == {CLINIC, OTHER_CLINIC, PHARMACY}
    assert (s.facilities, s.insurers) == (3, 2)
    # The 2024 claim and check-up are the first insurer's, the prescription the second's.
    grouped = record.by_source()
    (medication,), (checkup,) = grouped[LifetimeSource.MEDICATION], grouped[LifetimeSource.CHECKUP]
    (prescription,) = grouped[LifetimeSource.PRESCRIPTION]
    assert (medication.insurer, checkup.insurer) == (KYOKAI_TOKYO.number, KYOKAI_TOKYO.number)
    assert prescription.insurer == KUMIAI.number
    assert "アムロジピン" in prescription.description

    # The read is in the person's platform log under each insured number and under the
    # platform's 符号 (予防接種・PMH), which the portal's やりとり履歴 shows, naming the operator.
    log = system.health.access_records(patient=w.patient)
    assert (log[-1].facility, log[-1].action, log[-1].outcome) == (
        ACTOR,
        "lifetime view",
        "shown:3",
    )
    shown = system.portal.timeline(resident_code=w.resident.resident_code).entries
    reads = [e for e in shown if e.source is Source.HEALTH and e.who == f"運用者 {ACTOR}"]
    assert len(reads) == 3 and all(e.what.startswith("生涯の記録") for e in reads)


def test_the_commands_answer_json_and_count_the_population(system: System) -> None:
    w = _lived(system)
    runner = CliRunner()
    obj = {
        "registry": lambda: system.registry, "eligibility": lambda: system.eligibility,
        "health": lambda: system.health, "care": lambda: system.care,
    }  # fmt: skip
    code = w.resident.resident_code
    done = runner.invoke(app, ["lifetime", "--resident", code, "--json"], obj=obj)
    assert done.exit_code == 0, done.output
    printed = json.loads(done.stdout)
    assert printed["summary"]["years_spanned"] == 3 and printed["summary"]["facilities"] == 3
    sources = {s["source"]: len(s["items"]) for s in printed["sources"]}
    assert sources["vaccination"] == 1 and sources["coverage"] == 2

    text = runner.invoke(app, ["lifetime", "--resident", code], obj=obj).stdout
    assert "9 items, 2024–2026 (3 years), 3 facilities, 2 insurers" in text

    # The population: the patient, and the doctor who has no record.
    stats = runner.invoke(app, ["stats", "--json"], obj=obj)
    assert stats.exit_code == 0, stats.output
    found = json.loads(stats.stdout)
    assert (found["persons"], found["with_records"], found["items"]) == (2, 1, 9)
    years = {b["label"]: b["persons"] for b in found["years_spanned"]["buckets"]}
    assert (years["0"], years["2–4"]) == (1, 1)
    facilities = found["facilities"]
    assert (facilities["max"], facilities["median"], found["insurers"]["max"]) == (3, 1.5, 2)
    table = runner.invoke(app, ["stats"], obj=obj).stdout
    assert "2 persons, 1 with a record, 9 items" in table

    nobody = CODECS[IdentifierKind.RESIDENT_CODE].complete("9999999999")
    unknown = runner.invoke(app, ["lifetime", "--resident", nobody], obj=obj)
    assert unknown.exit_code == 1 and unknown.stderr.startswith("error (")
    assert unknown.stdout == ""
