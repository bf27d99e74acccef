"""`mynumber portal clients | client add | client revoke | sample-client`: the operator's
register of third parties, and the sample life insurer run against the server."""

from __future__ import annotations

from typing import Annotated

import typer

from mynumber.kernel.cliutil import print_json, refusals
from mynumber.portal.oauth import sample_client
from mynumber.portal.oauth.data import SCOPE_NAMES, ApiScope, ClientRegistration
from mynumber.portal.oauth.reads import LocalSelfInformationApi

client_app = typer.Typer(help="自己情報取得API: register or revoke a third party.")
Json = Annotated[bool, typer.Option("--json")]


def _api(ctx: typer.Context) -> LocalSelfInformationApi:
    bound: LocalSelfInformationApi = ctx.obj["portal_oauth"]()
    return bound


def clients(ctx: typer.Context, as_json: Json = False) -> None:
    """List the third parties registered for the 自己情報取得API."""
    listed = _api(ctx).clients()
    if as_json:
        print_json([c.model_dump(mode="json") for c in listed])
        return
    for c in listed:
        state = "取消済" if c.revoked_at else "有効"
        scopes = "・".join(SCOPE_NAMES[s] for s in c.scopes)
        typer.echo(f"{c.client_id}  {c.name}  [{state}]  {scopes}  目的: {c.purpose}")


@client_app.command("add")
def add_client(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="the third party's name, shown to the person")],
    redirect_uri: Annotated[list[str], typer.Option(help="a registered redirect URI")],
    scopes: Annotated[str, typer.Option(help="comma-separated: medication,checkups,…")],
    purpose: Annotated[str, typer.Option(help="利用目的, shown on the consent page")],
    as_json: Json = False,
) -> None:
    """Register a third party (the operator, after vetting its purpose)."""
    with refusals():
        try:
            asked = tuple(ApiScope(s.strip()) for s in scopes.split(",") if s.strip())
        except ValueError as wrong:
            known = ", ".join(s.value for s in ApiScope)
            typer.echo(f"error (scope_unknown): {wrong}; scopes: {known}", err=True)
            raise typer.Exit(1) from None
        registration = ClientRegistration(
            name=name, purpose=purpose, redirect_uris=tuple(redirect_uri), scopes=asked
        )
        added = _api(ctx).register_client(registration=registration)
    if as_json:
        print_json(added.model_dump(mode="json"))
        return
    typer.echo(f"登録しました: {added.client_id}  {added.name}")


@client_app.command("revoke")
def revoke_client(ctx: typer.Context, client_id: str) -> None:
    """Revoke a third party: its tokens stop working at once."""
    with refusals():
        revoked = _api(ctx).revoke_client(client_id=client_id)
    typer.echo(f"取り消しました: {revoked.client_id}  {revoked.name}")


def sample_client_command(
    ctx: typer.Context,
    resident: Annotated[str | None, typer.Option("--resident", help="住民票コード")] = None,
    pin: Annotated[str | None, typer.Option(help="the card's user-authentication PIN")] = None,
    period: Annotated[bool, typer.Option("--period", help="ask for 期間連携 (90 days)")] = False,
    server: Annotated[
        str, typer.Option(envvar="MYNUMBER_PUBLIC_URL", help="the portal's server")
    ] = "http://127.0.0.1:8000",
    as_json: Json = False,
) -> None:
    """Run the sample life insurer's whole flow against the server and print what it got."""
    system_jpki = ctx.obj["jpki"]()
    with refusals():
        holder = sample_client.demo_holder(ctx.obj["registry"](), system_jpki, resident)
        if pin is not None:
            holder = sample_client.CardHolder(holder.resident_code, holder.card_id, pin)
        client = sample_client.insurer_client(_api(ctx))
        result = sample_client.run(
            server=server, client=client, jpki=system_jpki, holder=holder, period=period
        )
    if as_json:
        print_json(result)
        return
    typer.echo(
        f"住民票コード {result['resident_code']} の本人の同意で取得しました（{result['client']}）"
    )
    typer.echo(f"利用者識別子: {result['subject']}")
    for field, items in result["obtained"].items():
        typer.echo(f"  {field}: {len(items)} 件")
