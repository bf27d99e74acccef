"""`mynumber bench audit --links N`: the link audit's engine on N synthetic links, timed.

The registry and the links are generated in DuckDB (`audit_links_data`), with errors injected at
`--error-rate` (default the 総点検's 0.010 %: 8,351 of 82.08 M); the same engine as
`mynumber audit links` checks them; the table gives seconds per stage, precision, recall and the
process's peak resident memory.
"""

from __future__ import annotations

import resource
import tempfile
import time
from typing import Annotated

import duckdb
import typer

from mynumber.audit.api import audit_link_tables, score_links
from mynumber.bench.audit_links_data import generate

__all__ = ["run"]

SOUTENKEN_RATE = 8351 / 82_080_000  # the 2023 総点検: wrong-person links among those checked


def run(
    links: Annotated[int, typer.Option("--links", min=10, help="how many links (= residents)")] = (
        1_000_000
    ),
    error_rate: Annotated[
        float, typer.Option("--error-rate", min=0.0, max=0.5, help="share of wrong links")
    ] = SOUTENKEN_RATE,
    seed: Annotated[int, typer.Option()] = 1,
    memory: Annotated[str, typer.Option(help="DuckDB memory_limit (spills beyond it)")] = "8GB",
    threads: Annotated[int | None, typer.Option(help="DuckDB threads; default: all cores")] = None,
) -> None:
    """Generate N links with injected errors, audit them, print seconds, precision, recall."""
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as spill:
        con = duckdb.connect(config={"temp_directory": spill, "memory_limit": memory})
        con.execute("SET preserve_insertion_order = false")
        if threads:
            con.execute(f"SET threads = {threads}")
        started = time.perf_counter()
        generate(con, people=links, rate=error_rate, seed=seed)
        generated = time.perf_counter() - started
        cpu = [_cpu()]  # CPU seconds at each stage's end: the machine may be shared
        typer.echo(f"generated    {generated:8.1f} s", err=True)

        def stage_done(stage: str, seconds: float) -> None:
            cpu.append(_cpu())
            typer.echo(f"{stage:<12} {seconds:8.1f} s  cpu {cpu[-1] - cpu[-2]:8.1f} s", err=True)

        truth = {(a, r) for a, r in con.execute("SELECT agency, record_id FROM truth").fetchall()}
        residents = con.execute("SELECT count(*) FROM identities").fetchall()[0][0]
        audit = audit_link_tables(con, on_stage=stage_done)
        con.close()
    result = score_links(audit.findings, truth)
    total = sum(stage.seconds for stage in audit.stages)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    typer.echo(f"links        {links:,} ({residents:,} residents, {len(truth):,} errors injected)")
    typer.echo(f"generate     {generated:8.1f} s  (not part of the audit)")
    for stage, before, after in zip(audit.stages, cpu[:-1], cpu[1:], strict=True):
        typer.echo(f"{stage.stage:<12} {stage.seconds:8.1f} s  cpu {after - before:8.1f} s")
    used = cpu[-1] - cpu[0]
    typer.echo(f"audit total  {total:8.1f} s  cpu {used:8.1f} s  →  {links / total:,.0f} links/s")
    typer.echo(f"found        {result.found:,} ({result.true_positives:,} injected)")
    typer.echo(f"precision    {result.precision:.3f}")
    typer.echo(f"recall       {result.recall:.3f}")
    typer.echo(f"peak memory  {peak_mib:,.0f} MiB")
    causes: dict[str, int] = {}
    for finding in audit.findings:
        causes[finding.cause.value] = causes.get(finding.cause.value, 0) + 1
    typer.echo("causes       " + ", ".join(f"{c} {n:,}" for c, n in sorted(causes.items())))


def _cpu() -> float:
    """Return the CPU seconds this process has used (user + system, every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
