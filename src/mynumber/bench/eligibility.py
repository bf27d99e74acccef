"""`mynumber bench eligibility`: single-process verification rates, by number and by card."""

from __future__ import annotations

import random
import time
from typing import Annotated

import typer

from mynumber.bench.instance import bench_instance
from mynumber.bench.population import (
    CLINIC,
    card_authentication,
    enrol_population,
    register_cards,
)
from mynumber.bench.timing import measure
from mynumber.eligibility.data import CardQuery, NumberQuery
from mynumber.kernel.clock import today_in_japan

__all__ = ["run"]


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
    with bench_instance(db) as instance:
        system = instance.system
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
            auth = card_authentication(system, *rng.choice(held))  # the reader's part, untimed
            query = CardQuery(facility_code=CLINIC, visit_date=visit, authentication=auth)
            start = time.perf_counter()
            system.eligibility.verify_by_card(query=query)
            return time.perf_counter() - start

        measure("verify by number (record written)", seconds, by_number)
        measure("verify by card (J-LIS + record)", seconds, by_card)
