"""`mynumber registry …`: the register from the command line (staff tools)."""

from __future__ import annotations

from typing import Annotated

import typer

from mynumber.kernel.cliutil import print_json, refusals
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident

app = typer.Typer(help="住民基本台帳 — the resident register.", no_args_is_help=True)
CLI_ACTOR = "registry-cli"


def _registry(ctx: typer.Context) -> Registry:
    registry: Registry = ctx.obj["registry"]()
    return registry


def _line(r: Resident) -> str:
    return (
        f"{r.resident_code}  {r.my_number}  {r.name.full}（{r.name.full_kana}）  "
        f"{r.birth_date}  {r.sex.name.lower()}  〒{r.address.postal_code} {r.address.text}"
    )


@app.command("list")
def list_residents(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=500, help="how many residents")] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List residents: resident code, My Number, names, birth date, sex, address."""
    with refusals():
        residents = _registry(ctx).listing(limit=limit, offset=offset)
    if as_json:
        print_json([r.model_dump(mode="json") for r in residents])
    else:
        for resident in residents:
            typer.echo(_line(resident))


@app.command("show")
def show(
    ctx: typer.Context, resident_code: str, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Show one resident and their history (the read is logged)."""
    registry = _registry(ctx)
    with refusals():
        resident = registry.get(resident_code=resident_code, actor=CLI_ACTOR)
        history = registry.history(resident_code=resident_code)
    if as_json:
        print_json(
            {
                "resident": resident.model_dump(mode="json"),
                "history": [e.model_dump(mode="json") for e in history],
            }
        )
        return
    typer.echo(_line(resident))
    for event in history:
        typer.echo(f"  {event.occurred_on}  {event.kind.value}  {event.details}")


@app.command("search")
def search(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="氏名 prefix")] = None,
    kana: Annotated[str | None, typer.Option(help="フリガナ prefix")] = None,
    birth_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search residents by name, reading or birth date."""
    with refusals():
        found = _registry(ctx).search(
            actor=CLI_ACTOR, name=name, kana=kana, birth_date=birth_date, limit=limit
        )
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
    else:
        for resident in found:
            typer.echo(_line(resident))
