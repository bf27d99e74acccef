"""`mynumber portal account|account-for|proxies`: the 公金受取口座 and the 代理人 from the
command line (the person's view, a benefit agency's read). The DV 支援措置 that withholds a
principal's address from proxies is the register's: `mynumber registry support-measure`."""

from __future__ import annotations

from typing import Annotated

import typer

from mynumber.kernel.cliutil import print_json, refusals
from mynumber.portal.api import Portal

Resident = Annotated[str, typer.Option("--resident", help="住民票コード")]
AsJson = Annotated[bool, typer.Option("--json")]


def register(app: typer.Typer) -> None:
    """Add the commands to the `portal` group."""
    app.command("account")(account)
    app.command("account-for")(account_for)
    app.command("proxies")(proxies)


def _portal(ctx: typer.Context) -> Portal:
    portal: Portal = ctx.obj["portal"]()
    return portal


def account(ctx: typer.Context, resident: Resident, as_json: AsJson = False) -> None:
    """Print a person's 公金受取口座 (as the person sees it)."""
    with refusals():
        shown = _portal(ctx).account(resident_code=resident)
    if as_json:
        print_json(None if shown is None else shown.model_dump(mode="json"))
        return
    if shown is None:
        typer.echo("公金受取口座は登録されていません。")
        return
    state = f"状態: {shown.state.value} {shown.held_reason or ''}"
    typer.echo(f"{shown.bank_code}-{shown.branch_code} {shown.kind.value} {shown.number} "
               f"{shown.holder_kana}  {state}")  # fmt: skip


def account_for(
    ctx: typer.Context,
    resident: Resident,
    agency: Annotated[str, typer.Option("--agency", help="the paying agency's id")],
    purpose: Annotated[str, typer.Option("--purpose", help="the benefit, e.g. 児童手当")],
    as_json: AsJson = False,
) -> None:
    """A benefit agency reads the account to pay into (recorded in the person's やりとり履歴)."""
    with refusals():
        given = _portal(ctx).account_for_agency(
            agency=agency, resident_code=resident, purpose=purpose
        )
    if as_json:
        print_json(given.model_dump(mode="json"))
        return
    typer.echo(f"{given.bank_code}-{given.branch_code} {given.kind.value} {given.number} "
               f"{given.holder_kana}")  # fmt: skip


def proxies(ctx: typer.Context, resident: Resident, as_json: AsJson = False) -> None:
    """Print the proxies a person registered and the principals they act for."""
    with refusals():
        shown = _portal(ctx).proxies(resident_code=resident)
    if as_json:
        print_json([p.model_dump(mode="json") for p in shown])
        return
    for p in shown:
        state = "解除済み" if p.removed_at else "有効"
        typer.echo(f"{p.proxy_id}  本人 {p.principal}  代理人 {p.proxy}  {p.kind.value}  "
                   f"{p.valid_from}〜{p.valid_until}  {state}")  # fmt: skip
