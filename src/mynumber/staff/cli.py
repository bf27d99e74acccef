"""`mynumber staff …`: the staff directory from the command line (accounts and API tokens)."""

from __future__ import annotations

from typing import Annotated

import typer

from mynumber.kernel.cliutil import print_json, refusals
from mynumber.kernel.staffauth import StaffRole
from mynumber.staff.api import StaffDirectory
from mynumber.staff.data import StaffAccount

app = typer.Typer(help="職員 — named staff accounts, roles and API tokens.", no_args_is_help=True)


def _directory(ctx: typer.Context) -> StaffDirectory:
    directory: StaffDirectory = ctx.obj["staff"]()
    return directory


def _line(account: StaffAccount) -> str:
    state = f"revoked {account.revoked_at:%Y-%m-%d %H:%M}" if account.revoked_at else "active"
    return f"{account.name}  {account.role}  {account.org}  {state}"


@app.command("add")
def add(
    ctx: typer.Context,
    org: Annotated[str, typer.Option(help="KIND:ID, e.g. municipality:131016, insurer:01130012")],
    role: Annotated[StaffRole, typer.Option(help="what the account may do")],
    name: Annotated[str, typer.Option(help="account name (a-z 0-9 . _ -)")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Add an account; print its password and API token (shown this once, kept nowhere)."""
    with refusals():
        made = _directory(ctx).add(name=name, org=org, role=role)
    if as_json:
        print_json(made.model_dump(mode="json"))
        return
    typer.echo(_line(made.account))
    typer.echo(f"  password:  {made.password}")
    typer.echo(f"  API token: {made.api_token}")
    typer.echo("  (shown once: keep them now)")


@app.command("list")
def list_accounts(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """List the accounts: name, role, organisation, state."""
    with refusals():
        accounts = _directory(ctx).accounts()
    if as_json:
        print_json([a.model_dump(mode="json") for a in accounts])
        return
    for account in accounts:
        typer.echo(_line(account))


@app.command("revoke")
def revoke(ctx: typer.Context, name: str) -> None:
    """Revoke an account: its password, sessions and API tokens stop working at once."""
    with refusals():
        account = _directory(ctx).revoke(name=name)
    typer.echo(_line(account))


@app.command("reset-password")
def reset_password(ctx: typer.Context, name: str) -> None:
    """Give an account a fresh password (printed once); its page sessions end."""
    with refusals():
        password = _directory(ctx).reset_password(name=name)
    typer.echo(f"{name}  password: {password}")


@app.command("token")
def token(ctx: typer.Context, name: str) -> None:
    """Issue another API token for an account (printed once)."""
    with refusals():
        issued = _directory(ctx).issue_token(name=name)
    typer.echo(f"token id {issued.token_id}: {issued.token}")


@app.command("tokens")
def tokens(
    ctx: typer.Context, name: str, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """List an account's API tokens (ids and states, never the secrets)."""
    with refusals():
        listed = _directory(ctx).tokens(name=name)
    if as_json:
        print_json([t.model_dump(mode="json") for t in listed])
        return
    for t in listed:
        state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
        typer.echo(f"{t.token_id}  {t.account}  {t.created_at:%Y-%m-%d %H:%M}  {state}")


@app.command("revoke-token")
def revoke_token(ctx: typer.Context, token_id: str) -> None:
    """Revoke one API token by its id."""
    with refusals():
        revoked = _directory(ctx).revoke_token(token_id=token_id)
    typer.echo(f"{revoked.token_id}  {revoked.account}  revoked")
