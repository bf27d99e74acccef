"""`mynumber employment …`: ハローワーク's desk (雇用保険の適用と給付).

A person is named by 被保険者番号 (`--number 1301-000001-2`) or found by the My Number their
record holds (`find --my-number`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.employment.api import Employment
from mynumber.employment.data import Hiring, Separation, SeparationReason
from mynumber.kernel.cliutil import cli_actor, day_or_today, print_json, refusals, show_model
from mynumber.kernel.clock import SystemClock, today_in_japan

app = typer.Typer(help="ハローワーク — 雇用保険被保険者番号, 資格, 基本手当.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json")]
Number = Annotated[str, typer.Option("--number", help="雇用保険被保険者番号 (4-6-1)")]
MyNumber = Annotated[str, typer.Option("--my-number", help="個人番号")]
Date = Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"])]
Day = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])]


def _employment(ctx: typer.Context) -> Employment:
    employment: Employment = ctx.obj["employment"]()
    return employment


@app.command("hire")
def hire(
    ctx: typer.Context,
    my_number: MyNumber,
    name: Annotated[str, typer.Option(help="氏名")],
    born: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="生年月日")],
    employer: Annotated[str, typer.Option(help="事業所の名称")],
    since: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="資格取得日")],
    wage: Annotated[int, typer.Option(min=0, help="賃金月額")],
    office: Annotated[str, typer.Option(help="公共職業安定所番号")] = "1301",
    as_json: Json = False,
) -> None:
    """Take in an employer's 資格取得届 naming a person by My Number."""
    with refusals():
        hiring = Hiring(
            my_number=my_number,
            name=name,
            birth_date=born.date(),
            employer=employer,
            hired_on=since.date(),
            monthly_wage=wage,
            office=office,
        )
        show_model(_employment(ctx).receive_hirings(hirings=[hiring]), as_json)


@app.command("separate")
def separate(
    ctx: typer.Context,
    my_number: MyNumber,
    last_day: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="離職日")],
    reason: Annotated[SeparationReason, typer.Option(help="離職理由")],
    as_json: Json = False,
) -> None:
    """Take in an employer's 資格喪失届 with the 離職理由."""
    with refusals():
        separation = Separation(my_number=my_number, last_day=last_day.date(), reason=reason)
        show_model(_employment(ctx).receive_separations(separations=[separation]), as_json)


@app.command("record")
def record(ctx: typer.Context, number: Number, as_json: Json = False) -> None:
    """Show a person's record: spells with employers."""
    with refusals():
        show_model(_employment(ctx).record(insured_number=number, actor=cli_actor()), as_json)


@app.command("find")
def find(ctx: typer.Context, my_number: MyNumber, as_json: Json = False) -> None:
    """Show the record that holds a My Number (名寄せ)."""
    with refusals():
        show_model(_employment(ctx).find(my_number=my_number, actor=cli_actor()), as_json)


@app.command("list")
def list_records(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Json = False,
) -> None:
    """List records in 被保険者番号 order."""
    with refusals():
        found = _employment(ctx).records(limit=limit, offset=offset)
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
        return
    for r in found:
        state = "加入中" if r.insured_now else "-"
        typer.echo(f"{r.printed_number}  {r.birth_date}  {state:<4}  {len(r.spells)} 件")


@app.command("apply")
def apply(ctx: typer.Context, number: Number, on: Day = None, as_json: Json = False) -> None:
    """Decide an application for benefits on the latest separation (受給資格の決定)."""
    with refusals():
        decision = _employment(ctx).apply(
            insured_number=number, applied_on=day_or_today(on), actor=cli_actor()
        )
    show_model(decision, as_json)


@app.command("decisions")
def decisions(ctx: typer.Context, number: Number, as_json: Json = False) -> None:
    """Show a person's decisions, oldest first."""
    with refusals():
        found = _employment(ctx).decisions(insured_number=number, actor=cli_actor())
    if as_json:
        print_json([d.model_dump(mode="json") for d in found])
        return
    for d in found:
        typer.echo(f"{d.separated_on}  {d.kind}  {d.benefit_daily:,}円 × {d.benefit_days}日")


@app.command("info")
def info(ctx: typer.Context, number: Number, on: Day = None, as_json: Json = False) -> None:
    """Show 雇用保険給付関係情報 of a person on a day (what the network is given)."""
    with refusals():
        found = _employment(ctx).benefit_info(
            insured_number=number, on=day_or_today(on), actor=cli_actor()
        )
    show_model(found, as_json)


@app.command("copies")
def copies(ctx: typer.Context, as_json: Json = False) -> None:
    """Register today's 雇用保険給付関係情報 of everyone with a decision as 副本 (副本登録),
    obtaining the 符号 ハローワーク lacks first."""
    with refusals():
        run = _employment(ctx).register_copies()
    show_model(run, as_json)


@app.command("synth")
def synth(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="the seed the population's lives were drawn with")] = 1,
    as_json: Json = False,
) -> None:
    """Fill ハローワーク from the working lives: coverage, separations, benefit decisions."""
    with refusals():
        report = ctx.obj["synth"]().populate_employment(seed=seed, on=today_in_japan(SystemClock()))
    show_model(report, as_json)
