"""`mynumber bench bundle-store`: JP-CLINS Bundles stored per second, one process.

Each upload (電子カルテ情報共有サービス) is a sample Bundle of the kinds in turn, as the bytes a
facility sends, for a random covered patient: checked by `validate_bundle`, the patient's
coverage asked of the eligibility api, then stored with its version and the access record. One
in `resend` is sent again under an identifier already stored (a replacing version).
"""

from __future__ import annotations

import itertools
import json
import random
import time
from typing import Annotated

import typer

from mynumber.bench.instance import bench_instance
from mynumber.bench.population import CLINIC, enrol_population
from mynumber.bench.timing import measure
from mynumber.health.api import SampleKind, SampleSubject, sample_bundle

__all__ = ["run"]


def run(
    people: Annotated[int, typer.Option(min=10)] = 500,
    seconds: Annotated[float, typer.Option(min=1)] = 10,
    resend: Annotated[int, typer.Option(min=2, help="one in N re-sends a stored identifier")] = 5,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Upload sample Bundles for random covered patients; print the rate."""
    with bench_instance(db) as instance:
        system = instance.system
        enrolled = enrol_population(system, people, seed)
        rng = random.Random(seed)
        kinds, counter = itertools.cycle(SampleKind), itertools.count(1)
        typer.echo(f"{system.database.url.get_backend_name()}, {len(enrolled):,} members")

        def upload() -> float:
            resident, membership = rng.choice(enrolled)
            n = next(counter)
            unique = f"B{rng.randrange(1, n)}" if n > 1 and n % resend == 0 else f"B{n}"
            numbers = membership.insured
            subject = SampleSubject(
                institution=CLINIC, insurer=numbers.insurer_number, symbol=numbers.symbol,
                number=numbers.number, branch=numbers.branch, birth_date=resident.birth_date,
            )  # fmt: skip
            document = json.dumps(
                sample_bundle(next(kinds), subject, unique=unique), ensure_ascii=False
            ).encode()
            started = time.perf_counter()
            system.health.upload_bundle(facility_code=CLINIC, document=document)
            return time.perf_counter() - started

        measure("Bundles stored", seconds, upload)
