"""`mynumber facility …`: facilities, their terminals, and the card reader at reception."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.eligibility.data import ConsentScope
from mynumber.facility.api import Facilities
from mynumber.facility.data import CardPresentation, FacilityKind, ReaderMethod, Terminal
from mynumber.kernel.cliutil import print_json, refusals

app = typer.Typer(help="医療機関・薬局と資格確認端末 — facilities.", no_args_is_help=True)


def _facilities(ctx: typer.Context) -> Facilities:
    facilities: Facilities = ctx.obj["facilities"]()
    return facilities


@app.command("list")
def list_facilities(
    ctx: typer.Context,
    kind: Annotated[FacilityKind | None, typer.Option(help="only this kind")] = None,
    prefecture: Annotated[str | None, typer.Option(help="only this 都道府県番号 (13)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List facilities: 医療機関コード, kind, name."""
    prefecture_code = (
        f"{int(prefecture):02d}" if prefecture and prefecture.isdigit() else prefecture
    )
    facilities = _facilities(ctx).list_facilities(kind=kind, prefecture_code=prefecture_code)
    if as_json:
        print_json(
            [
                {"code": f.code, "kind": f.kind.value, "name": f.name, "address": f.address}
                for f in facilities
            ]
        )
        return
    for facility in facilities:
        typer.echo(f"{facility.code}  {facility.kind.value:<12} {facility.name}")


@app.command("add-terminal")
def add_terminal(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="医療機関コード")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Give a facility a new 資格確認端末 and register its public key."""
    with refusals():
        terminal = _facilities(ctx).add_terminal(facility_code=code)
    if as_json:
        print_json(_terminal_json(terminal))
    else:
        typer.echo(f"{terminal.terminal_id}  公開鍵 {terminal.public_key.hex()}")


@app.command("revoke-terminal")
def revoke_terminal(
    ctx: typer.Context,
    terminal: Annotated[str, typer.Argument(help="terminal id (1311234566-T01)")],
) -> None:
    """Revoke a 資格確認端末 (stolen, retired): its signed requests are refused from now on."""
    with refusals():
        _facilities(ctx).revoke_terminal(terminal_id=terminal)
    typer.echo(f"{terminal} revoked")


@app.command("check-card")
def check_card(
    ctx: typer.Context,
    terminal: Annotated[str, typer.Argument(help="terminal id (1311234566-T01)")],
    card: Annotated[str, typer.Option(help="card id")],
    pin: Annotated[str | None, typer.Option(help="利用者証明用 PIN; without it, the face")] = None,
    face_fails: Annotated[bool, typer.Option(help="the face does not match the photo")] = False,
    staff_confirms: Annotated[bool, typer.Option(help="staff confirm by eye (目視)")] = False,
    consent: Annotated[list[ConsentScope] | None, typer.Option(help="repeat per scope")] = None,
    date: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])] = None,
    home_visits_until: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="at the patient's home: the plan's last day"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Place a card on a terminal's reader and check eligibility (PIN or face); at the
    patient's home (居宅同意取得型), name the visit plan's last day."""
    with refusals():
        answer = _facilities(ctx).check_card(
            terminal_id=terminal,
            presentation=CardPresentation(
                card_id=card,
                method=ReaderMethod.PIN if pin else ReaderMethod.FACE,
                pin=pin,
                face_matches=not face_fails,
                staff_confirms=staff_confirms,
                consent=tuple(consent or ()),
                home_visits_until=home_visits_until.date() if home_visits_until else None,
            ),
            visit_date=date.date() if date else None,
        )
    if as_json:
        print_json(answer.model_dump(mode="json"))
    elif answer.segment_of_result == "9":
        typer.echo(f"エラー {answer.error_code}: {answer.error_message}")
    else:
        typer.echo(f"QualificationValidity {answer.qualification_validity}")
        for result in answer.results:
            typer.echo(f"  {result.name}（{result.name_kana}） {result.insurer_number}")


def _terminal_json(terminal: Terminal) -> dict[str, object]:
    return {
        "terminal_id": terminal.terminal_id,
        "facility_code": terminal.facility_code,
        "public_key": terminal.public_key.hex(),
        "created_at": terminal.created_at.isoformat(),
    }
