"""`mynumber audit`: the auditor's checks (監査)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from mynumber.audit import cli_linkability, cli_links
from mynumber.audit.api import AuditProgress, LocalAudit
from mynumber.audit.cli_extract import extract
from mynumber.audit.data import LogsAudit
from mynumber.kernel.cliutil import print_json, refusals

app = typer.Typer(
    help="監査 — the auditor's checks: logs, links, linkability, profiling, research extracts.",
    no_args_is_help=True,
)
app.command("extract")(extract)
app.command("linkability")(cli_linkability.linkability)
app.command("profile")(cli_linkability.profile)
app.command("links")(cli_links.links)


@app.callback()
def audit() -> None:
    # The group's own options would go here; each check is a command of its own.
    pass


@app.command("logs")
def logs(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    quiet: Annotated[bool, typer.Option(help="no progress bar")] = False,
) -> None:
    """Verify every hash chain of every organisation; exit 1 if any record was tampered with."""
    audit = LocalAudit.of(lambda name: ctx.obj[name]())
    with refusals(), _progress(quiet=quiet) as progress:
        result = audit.audit_logs(progress=progress)
    if as_json:
        body = result.model_dump(mode="json")
        findings = [f.model_dump(mode="json") for f in result.findings]
        print_json(body | {"findings": findings, "intact": result.intact})
    else:
        _print(result)
    raise typer.Exit(0 if result.intact else 1)


@contextmanager
def _progress(*, quiet: bool) -> Iterator[AuditProgress]:
    """Show a bar per organisation on stderr (stdout stays for the result)."""
    columns = (
        TextColumn("{task.description:<13}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} records"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), disable=quiet) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(subsystem: str, done: int, total: int) -> None:
            if subsystem not in tasks:
                tasks[subsystem] = bar.add_task(subsystem, total=total)
            bar.update(tasks[subsystem], completed=done, total=total)

        yield advance


def _print(result: LogsAudit) -> None:
    typer.echo(f"{'organisation':<13} {'logs':>4} {'streams':>9} {'records':>11} {'findings':>8}")
    for logs in result.subsystems:
        typer.echo(
            f"{logs.subsystem:<13} {len(logs.logs):>4} {logs.streams:>9,} {logs.records:>11,}"
            f" {len(logs.findings):>8}"
        )
    for f in result.findings:
        span = f"{f.seq}" if f.count == 1 else f"{f.seq}-{f.seq + f.count - 1}"
        typer.echo(f"{f.subsystem} {f.log} stream {f.stream} seq {span}: {f.kind} ({f.detail})")
    if result.intact:
        typer.echo("改ざんなし: every record of every log verified.")
    else:
        typer.echo(f"改ざんあり: {len(result.findings)} finding(s).")
