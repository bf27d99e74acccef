"""`mynumber health lifetime | stats`: a person's lifetime record (生涯にわたる記録) across the
platform, the online eligibility system and the care platform, and across the population how
many years and facilities each record spans. The command line reads as the operator
(`cli_actor`); every read is in the person's access logs."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mynumber.health.lifetime import Sources, lifetime_record
from mynumber.health.lifetime_data import (
    SOURCE_NAMES,
    Distribution,
    LifetimeRecord,
    LifetimeStats,
)
from mynumber.health.lifetime_population import population_stats
from mynumber.kernel.cliutil import cli_actor, print_json, refusals
from mynumber.registry.api import Registry

__all__ = ["lifetime", "stats"]

Json = Annotated[bool, typer.Option("--json")]
PROGRESS_FROM = 100  # persons: a progress bar from this many on (told a page at a time)


def _sources(ctx: typer.Context) -> Sources:
    obj = ctx.obj
    return Sources(
        registry=obj["registry"](), eligibility=obj["eligibility"](), health=obj["health"](),
        care=obj["care"]() if "care" in obj else None,
    )  # fmt: skip


def lifetime(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option("--resident", help="住民票コード")],
    as_json: Json = False,
) -> None:
    """List everything the platform holds about one person, by source, with a summary line."""
    with refusals():
        record = lifetime_record(_sources(ctx), resident_code=resident, actor=cli_actor())
    if as_json:
        print_json(_record_json(record))
        return
    for source, entries in record.by_source().items():
        typer.echo(f"{SOURCE_NAMES[source]} ({len(entries)})")
        for e in entries:
            where = "  ".join(part for part in (e.facility, e.insurer) if part)
            typer.echo(f"  {e.on}  {where:<20}  {e.description}")
    s = record.summary
    years = f"{s.first_year}–{s.last_year}" if s.first_year else "—"
    typer.echo(
        f"{s.items} items, {years} ({s.years_spanned} years), "
        f"{s.facilities} facilities, {s.insurers} insurers"
    )


def _record_json(record: LifetimeRecord) -> dict[str, object]:
    return {
        "resident_code": record.resident_code,
        "summary": record.summary.model_dump(mode="json"),
        "sources": [
            {"source": source.value, "name": SOURCE_NAMES[source],
             "items": [e.model_dump(mode="json", exclude={"source"}) for e in entries]}
            for source, entries in record.by_source().items()
        ],
    }  # fmt: skip


def stats(
    ctx: typer.Context,
    limit: Annotated[int | None, typer.Option(min=1, help="only the first N residents")] = None,
    as_json: Json = False,
) -> None:
    """Across the population: persons by years spanned and by distinct facilities (and
    insurers) of their lifetime record, with the mean, median and maximum."""
    sources = _sources(ctx)
    registry: Registry = sources.registry
    total = min(registry.count(), limit or sys.maxsize)
    with refusals():
        if total >= PROGRESS_FROM:
            with typer.progressbar(length=total, label="persons", file=sys.stderr) as bar:
                found = population_stats(sources, actor=cli_actor(), limit=limit,
                                         progress=bar.update)  # fmt: skip
        else:
            found = population_stats(sources, actor=cli_actor(), limit=limit)
    if as_json:
        print_json(found.model_dump(mode="json"))
        return
    _show_stats(found)


def _show_stats(found: LifetimeStats) -> None:
    typer.echo(f"{found.persons} persons, {found.with_records} with a record, {found.items} items")
    rows: list[tuple[str, Distribution]] = [
        ("years spanned", found.years_spanned),
        ("facilities", found.facilities),
        ("insurers", found.insurers),
    ]
    labels = [b.label for b in found.years_spanned.buckets]
    typer.echo(f"{'':<14}" + "".join(f"{label:>8}" for label in labels) + f"{'mean':>8}"
               f"{'median':>8}{'max':>6}")  # fmt: skip
    for name, d in rows:
        counts = "".join(f"{b.persons:>8}" for b in d.buckets)
        typer.echo(f"{name:<14}{counts}{d.mean:>8.2f}{d.median:>8.1f}{d.max:>6}")
