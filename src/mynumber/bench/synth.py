"""`mynumber bench synth`: how fast an empty instance is filled with a synthetic population."""

from __future__ import annotations

import resource
import time
from typing import Annotated

import typer

from mynumber.bench.instance import bench_instance
from mynumber.kernel.clock import today_in_japan

__all__ = ["run"]


def run(
    people: Annotated[int, typer.Option(min=1)] = 1_000_000,
    db: Annotated[
        str | None, typer.Option(help="database URL; default: SQLite in a temp dir")
    ] = None,
    reset: Annotated[bool, typer.Option(help="drop every subsystem schema of --db first")] = False,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Create a synthetic population on an empty instance and print the rate."""
    with bench_instance(db, reset=reset) as instance:
        system, url = instance.system, instance.url
        if system.registry.count():
            typer.echo("the register is not empty: pass --reset to start from scratch", err=True)
            raise typer.Exit(2)
        started = time.perf_counter()
        report = system.synth.populate(seed=seed, people=people, on=today_in_japan(system.clock))
        seconds = time.perf_counter() - started
        stored = system.registry.count()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    typer.echo(f"backend      {url.split(':')[0]}")
    typer.echo(f"residents    {stored:,} stored ({report.households:,} households)")
    typer.echo(f"time         {seconds:.1f} s  →  {stored / seconds:,.0f} residents/s")
    typer.echo(f"peak memory  {peak_mib:,.0f} MiB")
