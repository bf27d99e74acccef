"""`mynumber municipality …`: the municipality's 宛名, 住民税, 児童手当 and 保育料 desks.

A command that names a resident or a household acts for the municipality that holds them
(the register's, or the 宛名 system's), unless --municipality says otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.kernel.cliutil import cli_actor, day_or_today, print_json, refusals, show_model
from mynumber.kernel.clock import SystemClock, today_in_japan
from mynumber.kernel.errors import InvalidInputError
from mynumber.municipality.api import Municipality
from mynumber.municipality.data import IncomeReport
from mynumber.registry.api import Registry

app = typer.Typer(help="市区町村 — 宛名, 住民税, 児童手当, 保育料.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json")]
Code = Annotated[str | None, typer.Option("--municipality", help="全国地方公共団体コード")]
Required = Annotated[str, typer.Option("--municipality", help="全国地方公共団体コード")]
Year = Annotated[int, typer.Option("--year", min=1990, max=2100, help="年度 (fiscal year)")]
Resident = Annotated[str, typer.Option("--resident", help="住民票コード")]
Day = Annotated[
    dt.datetime | None,
    typer.Option("--month", formats=["%Y-%m-%d", "%Y-%m"], help="the month (default: this one)"),
]


def _municipality(ctx: typer.Context) -> Municipality:
    municipality: Municipality = ctx.obj["municipality"]()
    return municipality


def _registry(ctx: typer.Context) -> Registry:
    registry: Registry = ctx.obj["registry"]()
    return registry


def _code_of(ctx: typer.Context, code: str | None, resident: str) -> str:
    return code or _registry(ctx).municipality_of(resident_code=resident)


def _month(value: dt.datetime | None) -> dt.date:
    return day_or_today(value).replace(day=1)


@app.command("enrol")
def enrol(ctx: typer.Context, municipality: Required, as_json: Json = False) -> None:
    """Take in residents from the register (住基連携): 宛名番号 for newcomers."""
    with refusals():
        report = _municipality(ctx).enrol_residents(municipality=municipality)
    show_model(report, as_json)


@app.command("addressee")
def addressee(
    ctx: typer.Context, resident: Resident, municipality: Code = None, as_json: Json = False
) -> None:
    """Show a resident's 宛名番号 and My Number."""
    with refusals():
        code = _code_of(ctx, municipality, resident)
        found = _municipality(ctx).addressee(
            municipality=code, resident_code=resident, actor=cli_actor()
        )
    show_model(found, as_json)


@app.command("income")
def income(
    ctx: typer.Context,
    resident: Resident,
    year: Annotated[int, typer.Option("--year", min=1990, max=2100, help="暦年 of the income")],
    salary: Annotated[int, typer.Option(min=0, help="給与収入")] = 0,
    pension: Annotated[int, typer.Option(min=0, help="公的年金等収入")] = 0,
    other: Annotated[int, typer.Option(min=0, help="その他の所得")] = 0,
    social_insurance: Annotated[int, typer.Option(min=0, help="社会保険料")] = 0,
    municipality: Code = None,
) -> None:
    """Record a resident's incomes of a year (as a 給与支払報告書 or 申告 would)."""
    with refusals():
        report = IncomeReport(
            resident_code=resident,
            income_year=year,
            salary_revenue=salary,
            pension_revenue=pension,
            other_income=other,
            social_insurance=social_insurance,
        )
        code = _code_of(ctx, municipality, resident)
        _municipality(ctx).record_incomes(municipality=code, reports=[report])
    typer.echo(f"recorded: {resident} {year}")


@app.command("assess")
def assess(
    ctx: typer.Context,
    year: Year,
    municipality: Required,
    as_json: Json = False,
) -> None:
    """Assess every addressee's 住民税 of a fiscal year (課税処理)."""
    with refusals():
        show_model(_municipality(ctx).assess(municipality=municipality, fiscal_year=year), as_json)


@app.command("tax")
def tax(
    ctx: typer.Context,
    resident: Resident,
    year: Year,
    municipality: Code = None,
    as_json: Json = False,
) -> None:
    """Show a resident's 住民税 of a fiscal year, with the figures behind it."""
    with refusals():
        code = _code_of(ctx, municipality, resident)
        found = _municipality(ctx).assessment(
            municipality=code, resident_code=resident, fiscal_year=year, actor=cli_actor()
        )
    show_model(found, as_json)


@app.command("child-allowance")
def child_allowance(
    ctx: typer.Context,
    household: Annotated[str, typer.Option("--household", help="世帯コード")],
    month: Day = None,
    municipality: Code = None,
    as_json: Json = False,
) -> None:
    """Decide and record a household's 児童手当 for a month (認定)."""
    with refusals():
        desk = _municipality(ctx)
        code = municipality or desk.municipality_of_household(household_code=household)
        decision = desk.decide_child_allowance(
            municipality=code, household_code=household, month=_month(month)
        )
    if as_json:
        print_json(decision.model_dump(mode="json"))
        return
    for line in decision.children:
        typer.echo(f"{line.address_number}  {line.name}  {line.birth_date}  {line.monthly:>7,}円")
    typer.echo(
        f"月額 {decision.monthly_total:,}円 — {decision.payment_month:%Y-%m} に "
        f"{decision.payment_amount:,}円を支給"
    )


@app.command("nursery-fee")
def nursery_fee(
    ctx: typer.Context,
    resident: Resident,
    month: Day = None,
    parents_levy: Annotated[
        int | None, typer.Option(min=0, help="父母の市町村民税所得割額 obtained elsewhere")
    ] = None,
    parents_exempt: Annotated[bool, typer.Option(help="the parents are 非課税")] = False,
    via_network: Annotated[
        bool, typer.Option("--via-network", help="ask the former municipality (J0002)")
    ] = False,
    former: Annotated[
        str | None, typer.Option(help="the former municipality's 全国地方公共団体コード")
    ] = None,
    municipality: Code = None,
    as_json: Json = False,
) -> None:
    """Show a child's 保育料 for a month (認可保育所の利用者負担額); with --via-network, from the
    parents' 所得割額 obtained over the network from the former municipality."""
    with refusals():
        code = _code_of(ctx, municipality, resident)
        desk = _municipality(ctx)
        if via_network:
            if former is None:
                raise InvalidInputError("--via-network needs --former", code="former_missing")
            fee = desk.nursery_fee_via_network(
                municipality=code,
                resident_code=resident,
                month=_month(month),
                actor=cli_actor(),
                former=former,
            )
        else:
            fee = desk.nursery_fee(
                municipality=code,
                resident_code=resident,
                month=_month(month),
                actor=cli_actor(),
                parents_income_levy=parents_levy,
                parents_exempt=parents_exempt,
            )
    show_model(fee, as_json)


@app.command("copies")
def copies(ctx: typer.Context, year: Year, municipality: Required, as_json: Json = False) -> None:
    """Register a fiscal year's 地方税関係情報 and 住民票関係情報 as 副本 (副本登録), obtaining the
    符号 the municipality lacks first."""
    with refusals():
        run = _municipality(ctx).register_copies(municipality=municipality, fiscal_year=year)
    show_model(run, as_json)


@app.command("synth")
def synth(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="the seed the population's lives were drawn with")] = 1,
    as_json: Json = False,
) -> None:
    """Fill every municipality with synthetic incomes and assess two fiscal years."""
    with refusals():
        report = ctx.obj["synth"]().populate_municipal(seed=seed, on=today_in_japan(SystemClock()))
    show_model(report, as_json)
