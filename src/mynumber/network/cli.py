"""`mynumber network …`: the legal table, agencies, 符号, 副本, queries, records and usage."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter

from mynumber.intermediate.api import Intermediate
from mynumber.intermediate.data import CopyRecord, ExchangeRecord
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.cliutil import print_json, refusals
from mynumber.kernel.errors import NotFoundError
from mynumber.network.api import Network
from mynumber.network.data import STATUS_DONE, ExchangeRequest, sign

app = typer.Typer(help="情報提供ネットワークシステム — the legal table, queries, records.")
AsJson = Annotated[bool, typer.Option("--json")]


def _network(ctx: typer.Context) -> Network:
    network: Network = ctx.obj["network"]()
    return network


def _agency_keys(ctx: typer.Context) -> AgencyKeyStore:
    keys: AgencyKeyStore = ctx.obj["agency_keys"]()
    return keys


def _intermediate(ctx: typer.Context) -> Intermediate:
    intermediate: Intermediate = ctx.obj["intermediate"]()
    return intermediate


@app.command("table")
def table(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Show the legal table: procedures × items × legal basis."""
    procedures, items = _network(ctx).legal_table()
    if as_json:
        print_json({"procedures": [p.model_dump(mode="json") for p in procedures],
                    "items": [i.model_dump(mode="json") for i in items]})  # fmt: skip
        return
    names = {i.code: i.name for i in items}
    for p in procedures:
        flag = " 不開示" if p.undisclosed else ""
        typer.echo(f"{p.code} {p.name}（{p.requester_kind} → {p.provider_kind}）{flag}")
        typer.echo(f"      {p.legal_basis}")
        for item in p.items:
            typer.echo(f"      {item} {names[item]}")


@app.command("agencies")
def agencies(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List the connected agencies: id, kind, name."""
    connected = _network(ctx).agencies()
    if as_json:
        print_json([a.model_dump(mode="json") for a in connected])
        return
    for agency in connected:
        typer.echo(f"{agency.agency_id:<28} {agency.kind.value:<13} {agency.name}")


@app.command("connect")
def connect(
    ctx: typer.Context,
    agency_id: Annotated[str, typer.Argument(help="KIND:CODE, e.g. municipality:131016")],
    name: Annotated[str, typer.Option(help="the agency's name")],
    renew_key: Annotated[
        bool, typer.Option("--renew-key", help="make the agency a new key and register it")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Connect an agency to the network with the public key of the key this instance keeps for
    it (made on first use); --renew-key replaces the key (a renewed certificate)."""
    keys = _agency_keys(ctx)
    with refusals():
        key = keys.renew(agency_id) if renew_key else keys.public_key(agency_id)
        agency = _network(ctx).connect(agency_id=agency_id, name=name, public_key=key)
    if as_json:
        print_json(agency.model_dump(mode="json"))
    else:
        typer.echo(f"{agency.agency_id} {agency.name} connected {agency.connected_at:%Y-%m-%d}")


def _acquire(ctx: typer.Context, agency: str, resident: str) -> str:
    """Obtain the agency's 符号 with a fresh 取得番号 (the route J-LIS carries; ⚠ here the
    command passes the resident code itself, as J-LIS would after mapping the My Number)."""
    acquisition = secrets.token_urlsafe(16)
    issued = _network(ctx).issue_code(
        agency=agency, acquisition_number=acquisition, resident_code=resident
    )
    return issued.code


@app.command("issue")
def issue(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option(help="the agency id")],
    resident: Annotated[str, typer.Option(help="住民票コード")],
    address: Annotated[str, typer.Option(help="the agency's 宛名番号 to link the 符号 to")],
) -> None:
    """Obtain an agency's 符号 for a person and link it to the agency's 宛名番号."""
    with refusals():
        code = _acquire(ctx, agency, resident)
        _intermediate(ctx).link_code(agency=agency, address_number=address, code=code)
    typer.echo(f"{agency} 宛名番号 {address}: 符号を取得しました")


@app.command("copies")
def copies(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option(help="the agency id")],
    file: Annotated[Path, typer.Argument(help="a JSON list of 副本 rows", exists=True)],
    as_json: AsJson = False,
) -> None:
    """Register 副本 in the agency's partition of the intermediate server (副本登録)."""
    with refusals():
        rows = TypeAdapter(list[CopyRecord]).validate_json(file.read_bytes())
        receipt = _intermediate(ctx).register_copies(agency=agency, copies=rows)
    if as_json:
        print_json(receipt.model_dump(mode="json"))
        return
    typer.echo(f"{receipt.registered} 件を登録しました")
    for refusal in receipt.refusals:
        typer.echo(f"  {refusal.row}: {refusal.message}")


def _own_code(ctx: typer.Context, agency: str, resident: str | None, address: str | None) -> str:
    """Return the agency's own 符号 for the person the clerk named."""
    if address is not None:
        code = _intermediate(ctx).code_for(agency=agency, address_number=address)
        if code is None:
            raise NotFoundError(f"宛名番号 {address} has no 符号 at {agency}", code="code_unknown")
        return code
    if resident is None:
        raise typer.BadParameter("name the person with --resident or --address")
    return _acquire(ctx, agency, resident)


@app.command("query")
def query(
    ctx: typer.Context,
    as_agency: Annotated[str, typer.Option("--as", help="the requesting agency id")],
    procedure: Annotated[str, typer.Option(help="事務 code, e.g. J0001")],
    items: Annotated[str, typer.Option(help="特定個人情報名コード, comma-separated")],
    provider: Annotated[str, typer.Option(help="the providing agency id")],
    resident: Annotated[str | None, typer.Option(help="住民票コード (for convenience)")] = None,
    address: Annotated[str | None, typer.Option(help="the requester's 宛名番号")] = None,
    request_id: Annotated[str | None, typer.Option(help="unique per requester")] = None,
    as_json: AsJson = False,
) -> None:
    """Query a provider through the network; the request carries only the agency's 符号 and is
    signed with the agency's key (this command acts as the agency's system)."""
    network = _network(ctx)
    with refusals():
        code = _own_code(ctx, as_agency, resident, address)
        request = ExchangeRequest(
            requester=as_agency,
            code=code,
            procedure=procedure,
            items=tuple(i.strip() for i in items.split(",") if i.strip()),
            provider=provider,
            request_id=request_id or secrets.token_hex(12),
            requested_at=dt.datetime.now(dt.UTC),
        )
        signed = sign(request, _agency_keys(ctx).private_key(as_agency))
        answer = network.query(request=signed)
    if as_json:
        print_json(answer.model_dump(mode="json"))
    elif answer.status == STATUS_DONE:
        typer.echo(f"照会ステータス {answer.status}（{answer.request_id}）")
        for item in answer.items:
            typer.echo(f"  {item.item_code} {item.status} {item.message}")
            for name, value in (item.values or {}).items():
                typer.echo(f"    {name}: {value}")
    if answer.refusal is not None:
        typer.echo(f"error ({answer.refusal.value}): {answer.message}", err=True)
        raise typer.Exit(1)


def _print_records(records: list[ExchangeRecord]) -> None:
    for r in records:
        flag = "［不開示］" if r.undisclosed else ""
        outcome = f"提供 {r.provided_at:%Y-%m-%d %H:%M}" if r.provided_at else f"拒否 {r.refusal}"
        typer.echo(
            f"{r.requested_at:%Y-%m-%d %H:%M} {r.requester_name or r.requester} → "
            f"{r.provider_name or r.provider} {r.procedure} {r.procedure_name} "
            f"{','.join(r.items)} {outcome}{flag}"
        )


@app.command("records")
def records(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option(help="住民票コード")],
    as_json: AsJson = False,
) -> None:
    """Show a person's 情報提供等記録 at the network, oldest first (不開示 ones flagged)."""
    with refusals():
        found = _network(ctx).records_for(resident_code=resident)
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
    else:
        _print_records(found)


@app.command("usage")
def usage(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Show queries per procedure and agency, and the procedures never queried."""
    report = _network(ctx).usage()
    if as_json:
        print_json(report.model_dump(mode="json"))
        return
    for row in report.rows:
        typer.echo(
            f"{row.procedure} {row.requester:<28} 提供 {row.provided:>6} 拒否 {row.refused:>6}"
            f"  {row.procedure_name}"
        )
    share = f"{report.never_queried_share:.1%}"
    typer.echo(f"照会のない事務: {len(report.never_queried)} / {report.procedures}（{share}）")
    for procedure in report.never_queried:
        typer.echo(f"  {procedure.code} {procedure.name}")
