"""`mynumber bench eligibility`: single-process verification rates, by number and by card."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from mynumber.app import System, build_system
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    CardQuery,
    FacilityKind,
    FacilityRegistration,
    NumberQuery,
)
from mynumber.insurers.data import Enrolment, Member, Membership
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.settings import Settings
from mynumber.registry.data import Resident

CLINIC = "1311234566"
_BATCH = 500


def enrol_population(
    system: System, people: int, seed: int, members: int | None = None
) -> list[tuple[Resident, Membership]]:
    """Create `people` residents, and a 協会けんぽ membership for the first `members` of them."""
    today = today_in_japan(system.clock)
    if system.registry.count() == 0:
        system.synth.populate(seed=seed, people=people, on=today)
    system.synth.create_insurers()
    system.eligibility.register_facility(
        facility=FacilityRegistration(code=CLINIC, kind=FacilityKind.CLINIC, name="ベンチ内科")
    )
    kyokai = next(i.number for i in system.insurers.list_insurers() if i.kind == "kyokai")
    enrolled: list[tuple[Resident, Membership]] = []
    for offset in range(0, min(people, members or people), _BATCH):
        residents = system.registry.listing(limit=_BATCH, offset=offset)
        enrolments = [_enrolment(kyokai, r, today) for r in residents]
        enrolled += zip(residents, system.insurers.enrol_many(enrolments=enrolments), strict=True)
        typer.echo(f"  enrolled {len(enrolled):,}", err=True)
    return enrolled


def _enrolment(insurer: str, resident: Resident, today: dt.date) -> Enrolment:
    member = Member(
        name=resident.name.full,
        name_kana=resident.name.full_kana,
        birth_date=resident.birth_date,
        sex=int(resident.sex),
    )
    start = max(resident.birth_date, today - dt.timedelta(days=365))
    return Enrolment(
        insurer_number=insurer, my_number=resident.my_number, member=member, valid_from=start
    )


def register_cards(
    system: System, enrolled: list[tuple[Resident, Membership]], count: int
) -> list[tuple[str, str]]:
    today = today_in_japan(system.clock)
    adults = [r for r, _ in enrolled if (today - r.birth_date).days > 20 * 366][:count]
    cards = []
    for resident in adults:
        issued = system.jpki.issue(resident_code=resident.resident_code)
        card = (issued.card.card_id, issued.pins.auth)
        system.eligibility.register_card(proof=CardProof(authentication=_auth(system, *card)))
        cards.append(card)
    return cards


def _auth(system: System, card_id: str, pin: str) -> CardAuthentication:
    challenge = system.eligibility.new_challenge()
    signature = system.jpki.sign_challenge(card_id=card_id, pin=pin, challenge=challenge)
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def _measure(label: str, seconds: float, one: Callable[[], float]) -> None:
    """Run one() until time is up; one returns the seconds of the part being measured."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        latencies.append(one())
    busy = sum(latencies)
    cuts = statistics.quantiles(latencies, n=100)
    typer.echo(
        f"{label:<34} {len(latencies) / busy:>8.0f}/s  p50 {cuts[49] * 1000:6.2f} ms"
        f"  p95 {cuts[94] * 1000:6.2f} ms  p99 {cuts[98] * 1000:6.2f} ms  n={len(latencies)}"
    )


def run(
    people: Annotated[int, typer.Option(min=100)] = 100_000,
    cards: Annotated[int, typer.Option(min=1)] = 50,
    seconds: Annotated[float, typer.Option(min=1)] = 10,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Verify by number and by card in one process and print rates and latency percentiles."""
    with tempfile.TemporaryDirectory(prefix="mynumber-bench-") as tmp:
        url = db or f"sqlite:///{Path(tmp) / 'main.db'}"
        system = build_system(Settings(data_dir=Path(tmp), database_url=url))
        enrolled = enrol_population(system, people, seed)
        held = register_cards(system, enrolled, cards)
        rng = random.Random(seed)
        visit = today_in_japan(system.clock)
        typer.echo(f"{system.database.url.get_backend_name()}, {len(enrolled):,} members")

        def by_number() -> float:
            resident, membership = rng.choice(enrolled)
            numbers = membership.insured
            query = NumberQuery(
                facility_code=CLINIC,
                visit_date=visit,
                insurer_number=numbers.insurer_number,
                symbol=numbers.symbol,
                number=numbers.number,
                branch=numbers.branch,
                birth_date=resident.birth_date,
            )
            start = time.perf_counter()
            system.eligibility.verify_by_number(query=query)
            return time.perf_counter() - start

        def by_card() -> float:
            auth = _auth(system, *rng.choice(held))  # the reader's part, not timed
            query = CardQuery(facility_code=CLINIC, visit_date=visit, authentication=auth)
            start = time.perf_counter()
            system.eligibility.verify_by_card(query=query)
            return time.perf_counter() - start

        _measure("verify by number (record written)", seconds, by_number)
        _measure("verify by card (J-LIS + record)", seconds, by_card)
        system.close()
