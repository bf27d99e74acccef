"""`mynumber card …` (the counter and the cardholder's tools) and `mynumber jpki …` (J-LIS)."""

from __future__ import annotations

import base64
import threading
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from mynumber.jpki.api import Jpki
from mynumber.jpki.card import DEFAULT_PORT, attach
from mynumber.jpki.data import (
    AuthorityName,
    CardInfo,
    CertificateKind,
    IssuedCard,
    PinKind,
    RevocationReason,
)
from mynumber.jpki.der import certificate_pem
from mynumber.kernel.cliutil import cli_actor, print_json, refusals
from mynumber.kernel.dates import parse_iso_date
from mynumber.kernel.errors import InvalidInputError

app = typer.Typer(
    help="マイナンバーカード — cards, their certificates and PINs.", no_args_is_help=True
)
jlis = typer.Typer(
    help="公的個人認証 (J-LIS) — CA certificates, relying parties.", no_args_is_help=True
)
Json = Annotated[bool, typer.Option("--json", help="print JSON")]
Kinds = Annotated[
    list[CertificateKind] | None, typer.Option("--kind", help="sign, auth (default: both)")
]
_ALL = (CertificateKind.SIGN, CertificateKind.AUTH)


def _jpki(ctx: typer.Context) -> Jpki:
    jpki: Jpki = ctx.obj["jpki"]()
    return jpki


def _show(card: CardInfo, as_json: bool) -> None:
    if as_json:
        print_json(card.model_dump(mode="json"))
        return
    typer.echo(f"card {card.card_id}  {card.status.value}  expires {card.expires_on}")
    for cert in card.certificates:
        extra = f"  {cert.reason.value}" if cert.reason else ""
        extra += f"  → {cert.replaced_by}" if cert.replaced_by else ""
        typer.echo(
            f"  {cert.kind.value:4}  {cert.serial}  {cert.status.value:8}  "
            f"to {cert.not_after:%Y-%m-%d}{extra}"
        )
    tries = ", ".join(f"{k.value} {n}" for k, n in card.pin_tries_left.items())
    typer.echo(f"  PIN tries left: {tries}")


def _issued(issued: IssuedCard, as_json: bool) -> None:
    if as_json:
        print_json(issued.model_dump(mode="json"))
        return
    pins = issued.pins
    typer.echo(f"card {issued.card.card_id} issued; demo PINs (shown only now):")
    typer.echo(f"  利用者証明用 (auth)            {pins.auth}")
    typer.echo(f"  署名用 (sign)                  {pins.sign}")
    typer.echo(f"  券面事項入力補助用 (input)     {pins.input_support}")
    _show(issued.card, False)


@app.command("issue")
def issue(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option(help="the applicant's resident code")],
    as_json: Json = False,
) -> None:
    """Issue a card to a resident; print the card id and the demo PINs."""
    with refusals():
        _issued(_jpki(ctx).issue(resident_code=resident, actor=cli_actor()), as_json)


@app.command("status")
def status(ctx: typer.Context, card_id: str, as_json: Json = False) -> None:
    """Show a card's status, certificates and PIN counters."""
    with refusals():
        _show(_jpki(ctx).card(card_id=card_id), as_json)


@app.command("export-certs")
def export_certs(
    ctx: typer.Context,
    card_id: str,
    out: Annotated[Path, typer.Option(help="folder to write the PEM files to")],
    sign_pin: Annotated[str | None, typer.Option(help="also read the signing certificate")] = None,
    as_json: Json = False,
) -> None:
    """Read the certificates from the card into auth.pem, ca-auth.pem, ca-sign.pem (and sign.pem).

    ca-root.pem, the root of this instance's J-LIS, is written too: with it, `openssl verify
    -CAfile ca-root.pem -untrusted ca-auth.pem auth.pem` checks the whole chain.
    """
    jpki = _jpki(ctx)
    with refusals():
        certs = jpki.read_certificates(card_id=card_id, sign_pin=sign_pin)
        root = jpki.ca_certificate(authority=AuthorityName.ROOT)
    out.mkdir(parents=True, exist_ok=True)
    files = {"auth.pem": certs.auth, "ca-auth.pem": certs.auth_ca, "ca-sign.pem": certs.sign_ca}
    files["ca-root.pem"] = root
    if certs.sign is not None:
        files["sign.pem"] = certs.sign
    for name, der in files.items():
        (out / name).write_text(certificate_pem(der))
    if as_json:
        print_json({"card_id": card_id, "files": [str(out / name) for name in files]})
    else:
        typer.echo(f"wrote {', '.join(files)} to {out}")


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    card_id: str,
    reason: Annotated[RevocationReason, typer.Option(help="RFC 5280 CRLReason")],
    kind: Kinds = None,
    as_json: Json = False,
) -> None:
    """Revoke a card's certificates (both, or those given with --kind)."""
    with refusals():
        card = _jpki(ctx).revoke(
            card_id=card_id, reason=reason, kinds=tuple(kind or _ALL), actor=cli_actor()
        )
    _show(card, as_json)


@app.command("suspend")
def suspend(ctx: typer.Context, card_id: str, as_json: Json = False) -> None:
    """Suspend a card reported lost (一時停止): its certificates go on hold."""
    with refusals():
        _show(_jpki(ctx).suspend(card_id=card_id, actor=cli_actor()), as_json)


@app.command("resume")
def resume(ctx: typer.Context, card_id: str, as_json: Json = False) -> None:
    """Lift a card's suspension."""
    with refusals():
        _show(_jpki(ctx).resume(card_id=card_id, actor=cli_actor()), as_json)


@app.command("renew")
def renew(ctx: typer.Context, card_id: str, kind: Kinds = None, as_json: Json = False) -> None:
    """Put new key pairs and certificates on a card; old serials link to the new."""
    with refusals():
        _show(
            _jpki(ctx).renew(card_id=card_id, kinds=tuple(kind or _ALL), actor=cli_actor()), as_json
        )


@app.command("reissue")
def reissue(
    ctx: typer.Context,
    card_id: str,
    damaged: Annotated[bool, typer.Option(help="replaced, not lost (superseded)")] = False,
    as_json: Json = False,
) -> None:
    """Replace a card (再交付); print the new card id and its demo PINs."""
    with refusals():
        _issued(_jpki(ctx).reissue(card_id=card_id, lost=not damaged, actor=cli_actor()), as_json)


@app.command("reset-pin")
def reset_pin(
    ctx: typer.Context,
    card_id: str,
    kind: Annotated[PinKind, typer.Option()],
    resident: Annotated[str, typer.Option(help="identity check: resident code")],
    birth_date: Annotated[str, typer.Option(help="identity check: YYYY-MM-DD")],
    new_pin: Annotated[str | None, typer.Option(help="default: a random one")] = None,
    as_json: Json = False,
) -> None:
    """Reset a PIN at the counter after checking the person's identity."""
    with refusals():
        try:
            born = parse_iso_date(birth_date)
        except ValueError as refused:
            raise InvalidInputError(str(refused)) from None
        pin = _jpki(ctx).reset_pin(
            card_id=card_id,
            kind=kind,
            resident_code=resident,
            birth_date=born,
            new_pin=new_pin,
            actor=cli_actor(),
        )
    if as_json:
        print_json({"card_id": card_id, "kind": kind.value, "pin": pin})
    else:
        typer.echo(f"new {kind.value} PIN of card {card_id}: {pin}")


@app.command("sign")
def sign(
    ctx: typer.Context,
    card_id: str,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="what to sign")],
    sign_pin: Annotated[str, typer.Option(help="the signing password")],
    out: Annotated[Path, typer.Option(help="where to write the signature (CMS, DER)")],
    as_json: Json = False,
) -> None:
    """Sign FILE with the card: a detached CMS SignedData (DER) that `openssl cms` verifies."""
    with refusals():
        signature = _jpki(ctx).sign_document(
            card_id=card_id, sign_pin=sign_pin, content=file.read_bytes()
        )
    out.write_bytes(signature)
    if as_json:
        print_json({"card_id": card_id, "file": str(file), "signature": str(out)})
    else:
        typer.echo(f"wrote {len(signature)} bytes of detached CMS signature to {out}")


def _portal_answer(response: httpx.Response) -> httpx.Response:
    """Return a portal answer, or exit 1 with its refusal (an ErrorBody) on stderr."""
    if response.is_success:
        return response
    try:
        body = response.json()
        typer.echo(f"error ({body['error']}): {body['reason']}", err=True)
    except (ValueError, KeyError, TypeError):
        typer.echo(f"error (http_{response.status_code}): {response.text[:200]}", err=True)
    raise typer.Exit(1)


Server = Annotated[str, typer.Option(envvar="MYNUMBER_PUBLIC_URL", help="the portal's server")]
CardPin = Annotated[str, typer.Option(help="the user-authentication PIN (4 digits)")]
PortalCode = Annotated[str, typer.Option(help="the one-time code the portal's page shows")]


def _answer_code(
    ctx: typer.Context, card_id: str, pin: str, server: str, path: str
) -> dict[str, Any]:
    """Fetch the portal's challenge at path, have the card sign it with its user-authentication
    key, and send certificate and signature back; return the challenge's JSON."""
    with httpx.Client(base_url=server.rstrip("/"), timeout=30) as client:
        asked = _portal_answer(client.get(path)).json()
        with refusals():
            signature = _jpki(ctx).sign_challenge(
                card_id=card_id, pin=pin, challenge=base64.b64decode(asked["challenge"])
            )
            certificate = _jpki(ctx).read_certificates(card_id=card_id).auth
        proof = {
            "certificate": base64.b64encode(certificate).decode(),
            "signature": base64.b64encode(signature).decode(),
        }
        _portal_answer(client.post(path, json=proof))
    return dict(asked)


@app.command("login")
def portal_login(
    ctx: typer.Context,
    card_id: str,
    pin: CardPin,
    code: PortalCode,
    server: Server = "http://127.0.0.1:8000",
) -> None:
    """Log in to マイナポータル as its smartphone app does: fetch the challenge for CODE, have
    the card sign it with its user-authentication key, and send certificate and signature."""
    _answer_code(ctx, card_id, pin, server, f"/portal/api/login/{code}")
    typer.echo("ログインしました。マイナポータルの画面に戻ってください。")


@app.command("registration")
def portal_registration(
    ctx: typer.Context,
    card_id: str,
    pin: CardPin,
    code: PortalCode,
    server: Server = "http://127.0.0.1:8000",
) -> None:
    """Confirm on マイナポータル, with the card, the 健康保険証利用登録 (or its cancellation)
    the page asked for: the page shows CODE and the result."""
    asked = _answer_code(ctx, card_id, pin, server, f"/portal/api/registration/codes/{code}")
    done = "利用登録しました" if asked["action"] == "register" else "利用登録を解除しました"
    typer.echo(f"{done}。マイナポータルの画面に戻ってください。")


@app.command("attach")
def attach_card(
    ctx: typer.Context,
    card_id: str,
    host: Annotated[str, typer.Option(help="vpcd's address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="vpcd's port (reader 0)")] = DEFAULT_PORT,
    as_json: Json = False,
) -> None:
    """Put the card into pcscd's vpcd virtual reader until Ctrl-C (OpenSC then sees it)."""
    stop = threading.Event()
    with refusals(), _jpki(ctx).open_card(card_id=card_id) as reader:
        event: dict[str, Any] = {"card_id": card_id, "reader": f"{host}:{port}"}
        if as_json:
            print_json(event | {"attached": True})
        else:
            typer.echo(f"card {card_id} is in the virtual reader at {host}:{port}; Ctrl-C ends")
        try:
            attach(reader.transmit, host=host, port=port, stop=stop, reset=reader.reset)
        except KeyboardInterrupt:
            stop.set()
        except OSError as error:
            typer.echo(f"error (no_reader): cannot reach vpcd at {host}:{port}: {error}", err=True)
            raise typer.Exit(1) from None
    if as_json:
        print_json(event | {"attached": False})
    else:
        typer.echo(f"card {card_id} taken out of the reader")


@jlis.command("ca")
def ca(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="folder to write root.pem, sign.pem, auth.pem")],
    as_json: Json = False,
) -> None:
    """Write this instance's CA certificates (PEM)."""
    jpki = _jpki(ctx)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for authority in AuthorityName:
        path = out / f"{authority.value}.pem"
        path.write_text(certificate_pem(jpki.ca_certificate(authority=authority)))
        written.append(str(path))
    if as_json:
        print_json({"files": written})
    else:
        typer.echo("wrote " + ", ".join(written))


@jlis.command("revoke-party")
def revoke_party(
    ctx: typer.Context,
    party: Annotated[str, typer.Argument(help="agency id, e.g. eligibility")],
) -> None:
    """Revoke a relying party: its bearer token is refused from now on."""
    with refusals():
        _jpki(ctx).revoke_relying_party(party=party)
    typer.echo(f"{party} revoked")


@jlis.command("relying-party")
def relying_party(
    ctx: typer.Context,
    party: Annotated[str, typer.Argument(help="agency id, e.g. eligibility")],
    may_resolve: Annotated[
        bool, typer.Option(help="may resolve auth serials to its own agency code")
    ] = False,
    as_json: Json = False,
) -> None:
    """Register a relying party and print its bearer token (shown once)."""
    with refusals():
        token = _jpki(ctx).register_relying_party(party=party, may_resolve=may_resolve)
    if as_json:
        print_json({"party": party, "may_resolve": may_resolve, "token": token})
    else:
        typer.echo(f"{party} registered; bearer token: {token}")


@jlis.command("expiry-notices")
def expiry_notices(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option(min=0, help="days ahead: certificates expiring within them (⚠ 90)")
    ] = 90,
    as_json: Json = False,
) -> None:
    """Send 有効期限通知 (お知らせ on マイナポータル) for certificates expiring soon, once each."""
    run = _jpki(ctx).send_expiry_notices(within_days=within)
    if as_json:
        print_json(run.model_dump(mode="json"))
        return
    typer.echo(
        f"{run.notices} notice(s) sent for {run.certificates} certificate(s) "
        f"expiring within {run.within_days} days"
    )
