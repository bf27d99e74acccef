"""`mynumber bench batch`: a 一括照会 (batch inquiry) of N lines, from JSON to the last answer."""

from __future__ import annotations

import datetime as dt
import random
import resource
import time
from typing import Annotated

import typer

from mynumber.app import System
from mynumber.bench.instance import bench_instance
from mynumber.bench.population import CLINIC, enrol_population
from mynumber.eligibility.data import BatchLine, BatchSubmission
from mynumber.insurers.data import Membership
from mynumber.kernel.clock import today_in_japan
from mynumber.registry.data import Resident

__all__ = ["run"]

# About 1 line in 100 is broken, each in one of the ways a clinic's export goes wrong.
_BREAKS: tuple[dict[str, str], ...] = (
    {"birth_date": "1980-02-30"},
    {"number": ""},
    {"branch": "1a"},
    {"insurer_number": "99999999"},
)


def _lines(enrolled: list[tuple[Resident, Membership]], rows: int, seed: int) -> list[BatchLine]:
    rng = random.Random(seed)
    lines = []
    for i in range(rows):
        resident, membership = rng.choice(enrolled)
        numbers = membership.insured
        fields = {
            "insurer_number": numbers.insurer_number,
            "symbol": numbers.symbol,
            "number": numbers.number,
            "branch": numbers.branch,
            "birth_date": f"{resident.birth_date:%Y%m%d}",
            "arbitrary_identifier": f"P{i:07d}",
        }
        if i % 100 == 50:
            fields |= _BREAKS[(i // 100) % len(_BREAKS)]
        lines.append(BatchLine.model_validate(fields))
    return lines


def _stored_outcomes(system: System, reception_number: str) -> int:
    """Read every page back and return how many lines carry an answer or a reason."""
    offset: int | None = 0
    settled = 0
    while offset is not None:
        page = system.eligibility.batch_results(
            facility_code=CLINIC, reception_number=reception_number, offset=offset, limit=10_000
        )
        settled += sum(1 for line in page.lines if line.answer is not None or line.error_code)
        offset = page.next_offset
    return settled


def run(
    rows: Annotated[int, typer.Option(min=1, max=100_000)] = 100_000,
    people: Annotated[int, typer.Option(min=100)] = 10_000,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Submit a batch inquiry as JSON, answer it with run_batches, and print the rates."""
    with bench_instance(db) as instance:
        system, url = instance.system, instance.url
        enrolled = enrol_population(system, people, seed)
        visit = today_in_japan(system.clock) + dt.timedelta(days=1)
        body = BatchSubmission(
            facility_code=CLINIC, visit_date=visit, lines=_lines(enrolled, rows, seed)
        ).model_dump_json()
        records_before = system.eligibility.access_record_count()

        started = time.perf_counter()
        submission = BatchSubmission.model_validate_json(body)  # what the HTTP route does
        parsed = time.perf_counter()
        queued = system.eligibility.submit_batch(submission=submission, terminal_id="bench")
        stored, cpu_before = time.perf_counter(), time.process_time()
        finished = system.eligibility.run_batches()
        answered, cpu_answering = time.perf_counter(), time.process_time() - cpu_before

        status = system.eligibility.batch_status(
            facility_code=CLINIC, reception_number=queued.reception_number
        )
        written = system.eligibility.access_record_count() - records_before
        settled = _stored_outcomes(system, queued.reception_number)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    typer.echo(f"backend        {url.split(':')[0]}, {len(enrolled):,} members")
    typer.echo(f"受付番号       {status.reception_number}  {status.status.value} ({finished})")
    typer.echo(f"rows           {status.total_rows:,} ({len(body) / 2**20:.1f} MiB of JSON)")
    typer.echo(f"parse JSON     {parsed - started:6.1f} s")
    typer.echo(f"store lines    {stored - parsed:6.1f} s")
    typer.echo(
        f"answer         {answered - stored:6.1f} s  →  "
        f"{status.total_rows / (answered - stored):,.0f} rows/s, {cpu_answering:.1f} s of CPU"
    )
    typer.echo(
        f"total          {answered - started:6.1f} s  →  "
        f"{status.total_rows / (answered - started):,.0f} rows/s"
    )
    typer.echo(f"answered       {status.answered_rows:,}   refused {status.refused_rows:,}")
    typer.echo(f"access records {written:,} written")
    typer.echo(f"read back      {settled:,} of {status.total_rows:,} lines answered or refused")
    typer.echo(f"peak memory    {peak:,.0f} MiB")
