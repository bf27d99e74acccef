"""`mynumber care …`: the care platform (介護情報基盤) and the municipality's 介護保険 desk.

`status` shows a resident's 被保険者番号, 要介護認定, care plan and 負担割合; `enrol-65` insures
those reaching 65 on a day; `apply` and `certify` take an application and its decision; `burden`
decides the 負担割合証; `provider` registers a provider, `serve` its relationship with a person;
`view` shows what a provider sees when the person's card is read (no 利用登録).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.care.api import Care
from mynumber.care.data import (
    CardAuthentication,
    CardView,
    CareLevel,
    CertificationApplication,
    CertificationDecision,
    Item,
    Provider,
    ProviderKind,
    Viewer,
)
from mynumber.jpki.api import Jpki
from mynumber.kernel.cliutil import cli_actor, day_or_today, refusals, show_model

app = typer.Typer(
    help="介護情報基盤 — 介護保険被保険者, 要介護認定, ケアプラン, 負担割合証.",
    no_args_is_help=True,
)

Json = Annotated[bool, typer.Option("--json")]
Number = Annotated[str, typer.Option("--number", help="介護保険被保険者番号 (10 digits)")]
Day = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="default: today")]


def _care(ctx: typer.Context) -> Care:
    care: Care = ctx.obj["care"]()
    return care


def _jpki(ctx: typer.Context) -> Jpki:
    jpki: Jpki = ctx.obj["jpki"]()
    return jpki


@app.command("status")
def status(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option("--resident", help="住民票コード")],
    as_json: Json = False,
) -> None:
    """Show a resident's 被保険者番号, certification, care plan and 負担割合."""
    with refusals():
        found = _care(ctx).status(resident_code=resident, actor=cli_actor())
        if as_json:
            show_model(found, True)
            return
        cert, burden = found.certification, found.burden
        typer.echo(f"被保険者番号   {found.insured.insured_number} (第{found.insured.category}号)")
        level = cert.level.name if cert and cert.level else "—"
        period = f"{cert.valid_from} – {cert.valid_to}" if cert and cert.valid_from else ""
        typer.echo(
            f"要介護状態区分 {cert.level.value if cert and cert.level else '—'} {level} {period}"
        )
        plan = found.care_plan
        typer.echo(
            f"ケアプラン     {plan.office_number + ' ' + plan.care_manager if plan else '—'}"
        )
        typer.echo(f"負担割合       {str(burden.ratio) + '割' if burden else '—'}")


@app.command("enrol-65")
def enrol_65(
    ctx: typer.Context,
    municipality: Annotated[str, typer.Option(help="全国地方公共団体コード")],
    on: Day = None,
    as_json: Json = False,
) -> None:
    """Insure as 第1号 the residents who reach 65 on a day (the day before the birthday)."""
    with refusals():
        show_model(
            _care(ctx).enrol_turning_65(municipality=municipality, on=day_or_today(on)), as_json
        )


@app.command("apply")
def apply(
    ctx: typer.Context,
    number: Number,
    doctor: Annotated[str, typer.Option(help="主治医の氏名")],
    institution: Annotated[str, typer.Option(help="主治医の医療機関コード")],
    on: Day = None,
    as_json: Json = False,
) -> None:
    """Take an application for 要介護認定 (the doctor's institution is asked for an opinion)."""
    with refusals():
        application = CertificationApplication(
            insured_number=number, applied_on=day_or_today(on), doctor=doctor,
            institution=institution,
        )  # fmt: skip
        show_model(_care(ctx).apply_certification(application=application), as_json)


@app.command("certify")
def certify(
    ctx: typer.Context,
    application: Annotated[int, typer.Option(help="申請の番号")],
    level: Annotated[CareLevel, typer.Option(help="要介護状態区分コード (01, 06, 12, 13, 21–25)")],
    survey: Annotated[str, typer.Option(help="認定調査票 (概況)")] = "認定調査の結果",
    opinion: Annotated[str, typer.Option(help="主治医意見書 (所見)")] = "主治医の所見",
    on: Day = None,
    as_json: Json = False,
) -> None:
    """Record the 介護認定審査会's decision on an application."""
    with refusals():
        decision = CertificationDecision(
            application_id=application, level=level, decided_on=day_or_today(on),
            survey=survey, opinion=opinion,
        )  # fmt: skip
        show_model(_care(ctx).decide_certification(decision=decision), as_json)


@app.command("burden")
def burden(ctx: typer.Context, number: Number, on: Day = None, as_json: Json = False) -> None:
    """Decide the 負担割合証 of the period holding a day, from the 住民税 assessment."""
    with refusals():
        show_model(_care(ctx).decide_burden(insured_number=number, on=day_or_today(on)), as_json)


@app.command("provider")
def provider(
    ctx: typer.Context,
    number: Annotated[str, typer.Option(help="介護保険事業所番号, or 医療機関コード")],
    kind: Annotated[ProviderKind, typer.Option(help="care_service, care_management, medical")],
    name: Annotated[str, typer.Option(help="事業所の名称")],
    as_json: Json = False,
) -> None:
    """Register a provider with the platform."""
    with refusals():
        found = _care(ctx).register_provider(provider=Provider(number=number, kind=kind, name=name))
        show_model(found, as_json)


@app.command("serve")
def serve(
    ctx: typer.Context,
    office: Annotated[str, typer.Option(help="介護保険事業所番号")],
    number: Number,
    since: Day = None,
    as_json: Json = False,
) -> None:
    """Record that an office serves a person from a day (利用関係)."""
    with refusals():
        found = _care(ctx).start_service(
            office_number=office, insured_number=number, since=day_or_today(since)
        )
        show_model(found, as_json)


@app.command("view")
def view(
    ctx: typer.Context,
    card: Annotated[str, typer.Option("--card", help="the person's card id")],
    pin: Annotated[str, typer.Option("--pin", help="its user-authentication PIN")],
    provider: Annotated[str, typer.Option("--as", help="the provider's number")],
    items: Annotated[str, typer.Option(help="comma-separated: " + ", ".join(Item))] = "insurance",
    consent: Annotated[bool, typer.Option("--consent", help="the person consents")] = False,
    medical: Annotated[bool, typer.Option("--medical", help="--as names a 医療機関")] = False,
    as_json: Json = False,
) -> None:
    """View a person's data as a provider, by their card (its PIN signs the challenge)."""
    with refusals():
        care, jpki = _care(ctx), _jpki(ctx)
        challenge = care.new_challenge()
        authentication = CardAuthentication(
            certificate=jpki.read_certificates(card_id=card).auth,
            challenge=challenge,
            signature=jpki.sign_challenge(card_id=card, pin=pin, challenge=challenge),
        )
        request = CardView(
            authentication=authentication,
            items=tuple(Item(i.strip()) for i in items.split(",") if i.strip()),
            consent=consent,
        )
        kind = ProviderKind.MEDICAL if medical else ProviderKind.CARE_SERVICE
        viewer = Viewer(number=provider.upper(), kind=kind, operator=cli_actor())
        show_model(care.view_by_card(viewer=viewer, request=request), as_json)
