"""`mynumber health upload-bundle` and `mynumber health bundles`: a facility's system talking to
the running server over HTTP, each request signed with one of the facility's terminal keys.

The key is this instance's (the facility subsystem's key store, `mynumber facility
add-terminal`), or a raw Ed25519 private key in a file (`--key-file`, 64 hex digits, with
`--terminal`), as `mynumber terminal watch` signs.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mynumber.facility.api import Facilities, Signer, TerminalAuth
from mynumber.health.api import Health
from mynumber.kernel.cliutil import print_json

__all__ = ["bundle", "bundles", "checkup_reports", "upload_bundle"]

Server = Annotated[str, typer.Option(help="the platform's server")]
Facility = Annotated[str, typer.Option(help="this facility's 医療機関コード")]
TerminalId = Annotated[
    str | None, typer.Option("--terminal", help="terminal id; the facility's first if omitted")
]
KeyFile = Annotated[
    Path | None,
    typer.Option(help="the terminal's Ed25519 private key (hex); else this instance's"),
]
Json = Annotated[bool, typer.Option("--json")]
DEFAULT_SERVER = "http://127.0.0.1:8000"


def upload_bundle(  # noqa: PLR0917 (Typer options are positional by nature)
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="the FHIR R4 Bundle (JSON)", exists=True)],
    facility: Facility,
    server: Server = DEFAULT_SERVER,
    terminal: TerminalId = None,
    key_file: KeyFile = None,
    as_json: Json = False,
) -> None:
    """Upload a JP-CLINS Bundle (電子カルテ情報共有サービス): prints the bundle identifier it is
    stored under, or every violation with its location (exit 1)."""
    with _client(ctx, server, facility, terminal, key_file) as client:
        answer = _send(client, "POST", "/api/health/bundles", content=file.read_bytes(),
                       headers={"Content-Type": "application/fhir+json"})  # fmt: skip
    body = _answer(answer, as_json)
    if as_json:
        print_json(body)
        return
    typer.echo(body["identifier"])
    note = f"（版 {body['version']}、前の版を置き換え）" if body["replaced"] else ""
    typer.echo(f"受け付けました: {body['category']} {body['bundle_type']}{note}")


def bundles(  # noqa: PLR0917 (Typer options are positional by nature)
    ctx: typer.Context,
    facility: Facility,
    insured: Annotated[str, typer.Option(help="保険者番号:記号:番号:枝番")],
    birth_date: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="生年月日")],
    category: Annotated[str | None, typer.Option(help="Condition, 57133-1, …")] = None,
    server: Server = DEFAULT_SERVER,
    terminal: TerminalId = None,
    key_file: KeyFile = None,
    as_json: Json = False,
) -> None:
    """List a patient's Bundles this facility may see (the others' need the patient's consent
    to show 診療情報 at this facility's reader)."""
    parts = insured.split(":")
    if len(parts) != 4:
        raise typer.BadParameter("保険者番号:記号:番号:枝番", param_hint="--insured")
    patient = dict(zip(("insurer_number", "symbol", "number", "branch"), parts, strict=True))
    query = {
        "facility_code": facility, "category": category,
        "patient": patient | {"birth_date": birth_date.date().isoformat()},
    }  # fmt: skip
    with _client(ctx, server, facility, terminal, key_file) as client:
        body = _answer(_send(client, "POST", "/api/health/bundles/search", json=query), as_json)
    if as_json:
        print_json(body)
        return
    if not body["consented"]:
        typer.echo("（同意なし: 自施設の文書・情報のみ）")
    for item in body["bundles"]:
        typer.echo(
            f"{item['identifier']}  v{item['version']}  {item['facility_code']}  "
            f"{item['category']}  {item['received_at']}"
        )


def bundle(  # noqa: PLR0917 (Typer options are positional by nature)
    ctx: typer.Context,
    identifier: Annotated[str, typer.Argument(help="the bundle identifier")],
    facility: Facility,
    version: Annotated[int | None, typer.Option(help="default: the latest")] = None,
    server: Server = DEFAULT_SERVER,
    terminal: TerminalId = None,
    key_file: KeyFile = None,
) -> None:
    """Print one stored Bundle as JSON (another facility's needs the patient's consent)."""
    path = f"/api/health/bundles/{urllib.parse.quote(identifier, safe='')}"
    params = {"version": version} if version else None
    with _client(ctx, server, facility, terminal, key_file) as client:
        print_json(_answer(_send(client, "GET", path, params=params), as_json=True))


def _client(
    ctx: typer.Context, server: str, facility: str, terminal: str | None, key_file: Path | None
) -> httpx.Client:
    terminal_id, sign = _signer(ctx, facility, terminal, key_file)
    return httpx.Client(base_url=server, auth=TerminalAuth(terminal_id, sign), timeout=60)


def _signer(
    ctx: typer.Context, facility: str, terminal: str | None, key_file: Path | None
) -> tuple[str, Signer]:
    """Return the terminal id and its signer: from a key file, or this instance's key store."""
    if key_file is not None:
        if terminal is None:
            raise typer.BadParameter("--key-file needs --terminal", param_hint="--terminal")
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(key_file.read_text().strip()))
        return terminal, key.sign
    facilities: Facilities = ctx.obj["facilities"]()
    known = [t.terminal_id for t in facilities.terminals(facility_code=facility)]
    chosen = terminal or (known[0] if known else None)
    if chosen is None or chosen not in known:
        raise typer.BadParameter(
            f"no such terminal of facility {facility} (mynumber facility add-terminal)",
            param_hint="--terminal",
        )
    return chosen, lambda payload: facilities.sign(terminal_id=chosen, payload=payload)


def _send(client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
    try:
        return client.request(method, path, **kwargs)
    except httpx.HTTPError as error:
        typer.echo(f"error (unreachable): {client.base_url}: {error}", err=True)
        raise typer.Exit(1) from None


def _answer(answer: httpx.Response, as_json: bool) -> Any:
    """Return the JSON of a success; else say the refusal (every violation, located) and exit 1."""
    try:
        body = answer.json()
    except ValueError:
        body = {"error": "unexpected_answer", "reason": answer.text[:200]}
    if answer.is_success:
        return body
    if as_json:
        print_json(body)
        raise typer.Exit(1)
    typer.echo(f"error ({body.get('error')}): {body.get('reason')}", err=True)
    for v in body.get("violations") or ():
        typer.echo(f"  {v['location']}: {v['message']} [{v['rule']}]", err=True)
    raise typer.Exit(1)


def checkup_reports(
    ctx: typer.Context,
    insurer: Annotated[str, typer.Option(help="保険者番号")],
    as_json: Json = False,
) -> None:
    """The insurer's read of its insured's 健診結果報告書 Bundles, in process (⚠ no HTTP route;
    each read is in the person's access log)."""
    health: Health = ctx.obj["health"]()
    reports = health.checkup_reports(insurer_number=insurer)
    if as_json:
        print_json([r.model_dump(mode="json") for r in reports])
        return
    for item in reports:
        typer.echo(f"{item.identifier}  v{item.version}  {item.facility_code}  {item.received_at}")
