"""`mynumber pension …`: the pension service's desk (日本年金機構).

A person is named by 基礎年金番号 (`--number 1234-567890`) or found by the My Number their
record holds (`find --my-number`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.kernel.cliutil import (
    cli_actor,
    day_or_today,
    print_json,
    refusals,
    show_model,
    show_models,
)
from mynumber.kernel.clock import SystemClock, today_in_japan
from mynumber.kernel.errors import InvalidInputError
from mynumber.pension.api import Pension
from mynumber.pension.data import CoverageNotice, InsuredKind

app = typer.Typer(
    help="日本年金機構 — 基礎年金番号, 被保険者記録, 年金の決定と支払.", no_args_is_help=True
)

Json = Annotated[bool, typer.Option("--json")]
Number = Annotated[str, typer.Option("--number", help="基礎年金番号 (記号-番号)")]
Day = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d", "%Y-%m"])]


def _pension(ctx: typer.Context) -> Pension:
    pension: Pension = ctx.obj["pension"]()
    return pension


@app.command("notice")
def notice(
    ctx: typer.Context,
    my_number: Annotated[str, typer.Option("--my-number", help="個人番号")],
    name: Annotated[str, typer.Option(help="氏名")],
    born: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="生年月日")],
    since: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="from this day")],
    kind: Annotated[InsuredKind | None, typer.Option(help="種別 (none: 資格喪失)")] = None,
    remuneration: Annotated[int, typer.Option(min=0, help="標準報酬月額 (第2号)")] = 0,
    as_json: Json = False,
) -> None:
    """Take in a notice of 資格取得・種別変更・喪失 naming a person by My Number."""
    with refusals():
        report = _pension(ctx).receive_notices(
            notices=[
                CoverageNotice(
                    my_number=my_number,
                    name=name,
                    birth_date=born.date(),
                    since=since.date(),
                    kind=kind,
                    monthly_remuneration=remuneration,
                )
            ]
        )
    show_model(report, as_json)


@app.command("record")
def record(ctx: typer.Context, number: Number, as_json: Json = False) -> None:
    """Show a person's record: 種別 history and months."""
    with refusals():
        found = _pension(ctx).record(basic_pension_number=number, actor=cli_actor())
    show_model(found, as_json)


@app.command("find")
def find(
    ctx: typer.Context,
    my_number: Annotated[str, typer.Option("--my-number", help="個人番号")],
    as_json: Json = False,
) -> None:
    """Show the record that holds a My Number (名寄せ)."""
    with refusals():
        found = _pension(ctx).find(my_number=my_number, actor=cli_actor())
    show_model(found, as_json)


@app.command("list")
def list_records(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Json = False,
) -> None:
    """List records in 基礎年金番号 order."""
    with refusals():
        found = _pension(ctx).records(limit=limit, offset=offset)
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
        return
    for r in found:
        kind = r.current_kind.value if r.current_kind else "-"
        typer.echo(f"{r.printed_number}  {r.birth_date}  {kind:<6}  {r.contribution_months:>3}月")


@app.command("award")
def award(ctx: typer.Context, on: Day = None, as_json: Json = False) -> None:
    """Award the old-age pension to everyone payable by the day's month (年金決定)."""
    with refusals():
        show_model(_pension(ctx).award(on=day_or_today(on)), as_json)


@app.command("award-of")
def award_of(ctx: typer.Context, number: Number, as_json: Json = False) -> None:
    """Show a person's award."""
    with refusals():
        show_model(_pension(ctx).award_of(basic_pension_number=number, actor=cli_actor()), as_json)


@app.command("pay")
def pay(
    ctx: typer.Context,
    month: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d", "%Y-%m"])],
    as_json: Json = False,
) -> None:
    """Pay an even month's 定時払 (for the two months before it)."""
    with refusals():
        show_model(_pension(ctx).pay(month=month.date()), as_json)


@app.command("payments")
def payments(ctx: typer.Context, number: Number, as_json: Json = False) -> None:
    """Show a person's payments, oldest first."""
    with refusals():
        found = _pension(ctx).payments(basic_pension_number=number, actor=cli_actor())
    show_models(list(found), as_json)


@app.command("info")
def info(
    ctx: typer.Context,
    number: Number,
    year: Annotated[int, typer.Option(min=1961, max=2100, help="暦年")],
    as_json: Json = False,
) -> None:
    """Show 年金給付関係情報 of a person and year (what the network is given)."""
    with refusals():
        found = _pension(ctx).benefit_info(
            basic_pension_number=number, year=year, actor=cli_actor()
        )
    show_model(found, as_json)


@app.command("support-benefit")
def support_benefit(
    ctx: typer.Context,
    number: Number,
    household_exempt: Annotated[
        bool | None, typer.Option(help="世帯全員が市町村民税非課税 (not with --via-network)")
    ] = None,
    month: Day = None,
    other_income: Annotated[int, typer.Option(min=0, help="その他の所得")] = 0,
    pension_revenue: Annotated[
        int | None, typer.Option(min=0, help="公的年金等収入 (default: own payments)")
    ] = None,
    via_network: Annotated[
        bool, typer.Option("--via-network", help="ask the municipality (J0003)")
    ] = False,
    municipality: Annotated[
        str | None, typer.Option(help="住所地の全国地方公共団体コード (with --via-network)")
    ] = None,
    member: Annotated[
        list[str] | None, typer.Option(help="基礎年金番号 of another member of the 世帯")
    ] = None,
    as_json: Json = False,
) -> None:
    """Decide a person's 年金生活者支援給付金 of a month on the municipality's figures: given,
    or with --via-network obtained over the network from the municipality where they live."""
    with refusals():
        if via_network:
            if municipality is None:
                raise InvalidInputError(
                    "--via-network needs --municipality", code="municipality_missing"
                )
            decision = _pension(ctx).decide_support_benefit_via_network(
                basic_pension_number=number,
                month=day_or_today(month),
                actor=cli_actor(),
                municipality=municipality,
                household=member or [],
            )
        else:
            if household_exempt is None:
                raise InvalidInputError(
                    "--household-exempt or --no-household-exempt is needed",
                    code="household_exempt_missing",
                )
            decision = _pension(ctx).support_benefit(
                basic_pension_number=number,
                month=day_or_today(month),
                household_exempt=household_exempt,
                other_income=other_income,
                actor=cli_actor(),
                pension_revenue=pension_revenue,
            )
    show_model(decision, as_json)


@app.command("copies")
def copies(
    ctx: typer.Context,
    year: Annotated[int, typer.Option(min=1990, max=2100, help="暦年 of the payments")],
    as_json: Json = False,
) -> None:
    """Register a year's 年金給付関係情報 of everyone awarded as 副本 (副本登録), obtaining the
    符号 the service lacks first."""
    with refusals():
        run = _pension(ctx).register_copies(year=year)
    show_model(run, as_json)


@app.command("synth")
def synth(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="the seed the population's lives were drawn with")] = 1,
    as_json: Json = False,
) -> None:
    """Fill the service from the working lives: records, awards, a year of payments."""
    with refusals():
        report = ctx.obj["synth"]().populate_pension(seed=seed, on=today_in_japan(SystemClock()))
    show_model(report, as_json)
