"""`mynumber bench prescriptions`: 処方箋登録 per second, one process.

Each registration checks the HPKI certificate, the card's CMS signature with J-LIS's CA and CRL,
the patient's coverage through the eligibility api, runs the duplicate check over the patient's
period and writes the prescription and its access record. The doctor's card signs before the
clock starts (the doctor's own work at the clinic, as the PIN pad's).
"""

from __future__ import annotations

import random
import time
from typing import Annotated

import typer

from mynumber.bench.instance import bench_instance
from mynumber.bench.population import CLINIC, enrol_population
from mynumber.bench.timing import measure
from mynumber.health.data import (
    Drug,
    InsuredPatient,
    PractitionerApplication,
    PractitionerRole,
    PrescriptionContent,
    PrescriptionRequest,
)
from mynumber.kernel.clock import today_in_japan

__all__ = ["run"]

DRUGS = (
    Drug(yj_code="2171022F1020", name="アムロジピン錠5mg", quantity=1, unit="錠", days=28),
    Drug(yj_code="3969007F1024", name="メトホルミン塩酸塩錠250mg", quantity=2, unit="錠", days=28),
)


def run(
    people: Annotated[int, typer.Option(min=10)] = 2_000,
    seconds: Annotated[float, typer.Option(min=1)] = 10,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Register signed prescriptions for random covered patients; print the rate."""
    with bench_instance(db) as instance:
        system = instance.system
        enrolled = enrol_population(system, people, seed)
        rng = random.Random(seed)
        today = today_in_japan(system.clock)
        doctor, *_ = enrolled[0]
        issued = system.jpki.issue(resident_code=doctor.resident_code)
        card, pin = issued.card.card_id, issued.pins.sign
        application = PractitionerApplication(
            name=doctor.name.full, role=PractitionerRole.DOCTOR, license_number="1", signature=b"-"
        )
        signature = system.jpki.sign_document(
            card_id=card, sign_pin=pin, content=application.signed_bytes()
        )
        certificate = system.health.register_practitioner(
            application=application.model_copy(update={"signature": signature})
        ).hpki_certificate
        typer.echo(f"{system.database.url.get_backend_name()}, {len(enrolled):,} members")

        def prescribe() -> float:
            resident, membership = rng.choice(enrolled)
            numbers = membership.insured
            patient = InsuredPatient(
                insurer_number=numbers.insurer_number, symbol=numbers.symbol,
                number=numbers.number, branch=numbers.branch, birth_date=resident.birth_date,
            )  # fmt: skip
            content = PrescriptionContent(
                facility_code=CLINIC, patient=patient, issued_on=today, drugs=(rng.choice(DRUGS),)
            )
            signed = system.jpki.sign_document(
                card_id=card, sign_pin=pin, content=content.signed_bytes()
            )
            request = PrescriptionRequest(
                content=content, signature=signed, hpki_certificate=certificate
            )
            started = time.perf_counter()
            system.health.prescribe(request=request)
            return time.perf_counter() - started

        measure("prescriptions registered", seconds, prescribe)
