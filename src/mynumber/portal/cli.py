"""`mynumber portal …`: マイナポータル from the command line (the person's own view)."""

from __future__ import annotations

from typing import Annotated

import typer

from mynumber.kernel.cliutil import print_json, refusals
from mynumber.portal import account_cli
from mynumber.portal.api import Portal
from mynumber.portal.oauth import cli as oauth_cli

app = typer.Typer(help="マイナポータル — the person's やりとり履歴.", no_args_is_help=True)


@app.callback()
def portal() -> None:
    """マイナポータル — the person's own view (more commands arrive with issue 12)."""


def _portal(ctx: typer.Context) -> Portal:
    portal: Portal = ctx.obj["portal"]()
    return portal


@app.command("records")
def records(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option("--resident", help="住民票コード")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print a person's やりとり履歴, oldest first, with the check of each source's chain."""
    with refusals():
        shown = _portal(ctx).timeline(resident_code=resident)
    if as_json:
        print_json(shown.model_dump(mode="json"))
        return
    for entry in shown.entries:
        typer.echo(
            f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.source.value:<11}  {entry.who}  "
            f"{entry.what}  {entry.detail}"
        )
    for chain in shown.chains:
        state = "改ざんは検出されませんでした" if chain.intact else "; ".join(chain.problems)
        typer.echo(f"{chain.source_name}: {chain.records} 件, {state}")
    if shown.withheld:
        typer.echo(f"不開示: {shown.withheld} 件")
    typer.echo(shown.verdict)


account_cli.register(app)
# The 自己情報取得API (portal.oauth.cli).
app.command("clients")(oauth_cli.clients)
app.add_typer(oauth_cli.client_app, name="client")
app.command("sample-client")(oauth_cli.sample_client_command)
