"""`mynumber health …`: the electronic prescription service from the command line, in process.

The command line acts for the facility it names (the instance's own operator, as `mynumber
facility check-card` does); over HTTP a facility's terminal signs instead. Cards sign here on
the virtual card (`Jpki.sign_document`, the signing PIN), as a clinic's PIN pad would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from mynumber.eligibility.api import ClinicSide
from mynumber.eligibility.data import CardAuthentication
from mynumber.health import cli_platform, ehr_cli, lifetime_cli
from mynumber.health.api import Health
from mynumber.health.data import (
    DispensingRequest,
    Drug,
    InsuredPatient,
    PractitionerApplication,
    PractitionerRole,
    PrescriptionContent,
    PrescriptionRequest,
    RetrievalRequest,
)
from mynumber.jpki.api import Jpki
from mynumber.kernel.cliutil import day_or_today, print_json, refusals, show_model, show_models

app = typer.Typer(
    help="全国医療情報プラットフォーム — 電子処方箋.",
    no_args_is_help=True,
)

Json = Annotated[bool, typer.Option("--json")]
Insurer = Annotated[str | None, typer.Option(help="保険者番号")]
Symbol = Annotated[str, typer.Option(help="記号")]
Number = Annotated[str | None, typer.Option(help="番号")]
Branch = Annotated[str, typer.Option(help="枝番")]
Born = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="birth date")]
On = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="default: today")]
PatientCard = Annotated[str | None, typer.Option(help="the patient's card id (card path)")]
PatientPin = Annotated[str | None, typer.Option(help="the patient's 利用者証明用 PIN")]


def _get(ctx: typer.Context, name: str) -> object:
    return ctx.obj[name]()


def _patient(
    insurer: str | None, symbol: str, number: str | None, branch: str, born: dt.datetime | None
) -> InsuredPatient:
    if not (insurer and number and born):
        typer.echo("error: give --insurer, --number and --birth-date", err=True)
        raise typer.Exit(2)
    return InsuredPatient(
        insurer_number=insurer, symbol=symbol, number=number, branch=branch, birth_date=born.date()
    )


def _card(ctx: typer.Context, card: str | None, pin: str | None) -> CardAuthentication | None:
    if card is None:
        return None
    if pin is None:
        typer.echo("error: the card path needs --patient-pin", err=True)
        raise typer.Exit(2)
    eligibility: ClinicSide = ctx.obj["eligibility"]()
    jpki: Jpki = ctx.obj["jpki"]()
    challenge = eligibility.new_challenge()
    signature = jpki.sign_challenge(card_id=card, pin=pin, challenge=challenge)
    certificate = jpki.read_certificates(card_id=card).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def _drug(text: str) -> Drug:
    parts = text.split(",")
    if len(parts) not in {5, 6}:
        typer.echo(f"error: --drug {text!r}: YJ,name,quantity,unit,days[,usage]", err=True)
        raise typer.Exit(2)
    code, name, quantity, unit, days, *usage = parts
    return Drug(
        yj_code=code, name=name, quantity=float(quantity), unit=unit, days=int(days),
        usage=usage[0] if usage else "",
    )  # fmt: skip


@app.command("register-doctor")
def register_doctor(
    ctx: typer.Context,
    card: Annotated[str, typer.Argument(help="the practitioner's card id")],
    sign_pin: Annotated[str, typer.Option(help="署名用 PIN")],
    name: Annotated[str, typer.Option()],
    license_number: Annotated[str, typer.Option("--license", help="医籍登録番号")],
    role: Annotated[PractitionerRole, typer.Option()] = PractitionerRole.DOCTOR,
    out: Annotated[Path | None, typer.Option(help="write the HPKI certificate (DER) here")] = None,
    as_json: Json = False,
) -> None:
    """Issue an HPKI certificate on the key of the practitioner's card (the card signs)."""
    jpki: Jpki = ctx.obj["jpki"]()
    health: Health = ctx.obj["health"]()
    with refusals():
        unsigned = PractitionerApplication(
            name=name, role=role, license_number=license_number, signature=b"-"
        )
        signature = jpki.sign_document(
            card_id=card, sign_pin=sign_pin, content=unsigned.signed_bytes()
        )
        practitioner = health.register_practitioner(
            application=unsigned.model_copy(update={"signature": signature})
        )
    if out is not None:
        out.write_bytes(practitioner.hpki_certificate)
    shown = practitioner.model_dump(mode="json", exclude={"hpki_certificate"})
    if as_json:
        print_json(shown)
    else:
        for key, value in shown.items():
            typer.echo(f"{key:<24} {value}")


@app.command("prescribe")
def prescribe(
    ctx: typer.Context,
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    doctor_card: Annotated[str, typer.Option(help="the doctor's card id")],
    sign_pin: Annotated[str, typer.Option(help="the doctor's 署名用 PIN")],
    hpki: Annotated[Path, typer.Option(help="the doctor's HPKI certificate (DER file)")],
    drug: Annotated[list[str], typer.Option(help="YJ,name,quantity,unit,days[,usage]")],
    insurer: Insurer = None,
    symbol: Symbol = "",
    number: Number = None,
    branch: Branch = "00",
    birth_date: Born = None,
    uses: Annotated[int, typer.Option(min=1, max=3, help="2–3: リフィル処方箋")] = 1,
    on: On = None,
    patient_card: PatientCard = None,
    patient_pin: PatientPin = None,
    show_details: Annotated[bool, typer.Option(help="the patient consents to details")] = False,
    as_json: Json = False,
) -> None:
    """処方箋登録: sign a prescription on the doctor's card and register it."""
    jpki: Jpki = ctx.obj["jpki"]()
    health: Health = ctx.obj["health"]()
    with refusals():
        content = PrescriptionContent(
            facility_code=facility, patient=_patient(insurer, symbol, number, branch, birth_date),
            issued_on=day_or_today(on), drugs=tuple(_drug(d) for d in drug), uses=uses,
        )  # fmt: skip
        signature = jpki.sign_document(
            card_id=doctor_card, sign_pin=sign_pin, content=content.signed_bytes()
        )
        issued = health.prescribe(
            request=PrescriptionRequest(
                content=content, signature=signature, hpki_certificate=hpki.read_bytes(),
                card=_card(ctx, patient_card, patient_pin), show_details=show_details,
            )
        )  # fmt: skip
    show_model(issued, as_json)


def _retrieval(
    ctx: typer.Context,
    facility: str,
    exchange_number: str | None,
    patient: tuple[str | None, str, str | None, str, dt.datetime | None],
    card: tuple[str | None, str | None],
    on: dt.datetime | None,
) -> RetrievalRequest:
    authentication = _card(ctx, *card)
    return RetrievalRequest(
        facility_code=facility, exchange_number=exchange_number,
        patient=None if authentication else _patient(*patient), card=authentication,
        visit_date=day_or_today(on),
    )  # fmt: skip


@app.command("retrieve")
def retrieve(
    ctx: typer.Context,
    facility: Annotated[str, typer.Option(help="薬局コード")],
    exchange_number: Annotated[str | None, typer.Option(help="引換番号")] = None,
    insurer: Insurer = None,
    symbol: Symbol = "",
    number: Number = None,
    branch: Branch = "00",
    birth_date: Born = None,
    patient_card: PatientCard = None,
    patient_pin: PatientPin = None,
    on: On = None,
    as_json: Json = False,
) -> None:
    """Take prescriptions at a pharmacy: by 引換番号 and insured number, or by the card."""
    health: Health = ctx.obj["health"]()
    with refusals():
        request = _retrieval(
            ctx, facility, exchange_number, (insurer, symbol, number, branch, birth_date),
            (patient_card, patient_pin), on,
        )  # fmt: skip
        taken = health.retrieve(request=request)
    show_models(list(taken), as_json)


@app.command("dispense")
def dispense(
    ctx: typer.Context,
    facility: Annotated[str, typer.Option(help="薬局コード")],
    exchange_number: Annotated[str | None, typer.Option(help="引換番号")] = None,
    insurer: Insurer = None,
    symbol: Symbol = "",
    number: Number = None,
    branch: Branch = "00",
    birth_date: Born = None,
    patient_card: PatientCard = None,
    patient_pin: PatientPin = None,
    on: On = None,
    as_json: Json = False,
) -> None:
    """Take the prescriptions and register that they were dispensed as prescribed (調剤結果)."""
    health: Health = ctx.obj["health"]()
    with refusals():
        request = _retrieval(
            ctx, facility, exchange_number, (insurer, symbol, number, branch, birth_date),
            (patient_card, patient_pin), on,
        )  # fmt: skip
        done = [
            health.dispense(
                request=DispensingRequest(
                    facility_code=facility,
                    prescription_id=p.prescription_id,
                    dispensed_on=request.visit_date,
                    drugs=p.content.drugs,
                )
            )
            for p in health.retrieve(request=request)
        ]
    show_models(list(done), as_json)


@app.command("records")
def records(
    ctx: typer.Context,
    insurer: Insurer = None,
    symbol: Symbol = "",
    number: Number = None,
    branch: Branch = "00",
    birth_date: Born = None,
    as_json: Json = False,
) -> None:
    """Show the person's access log (every view and refusal) and whether it is intact."""
    health: Health = ctx.obj["health"]()
    patient = _patient(insurer, symbol, number, branch, birth_date)
    with refusals():
        log = health.access_records(patient=patient)
        problems = health.verify_access_log(patient=patient)
    if as_json:
        print_json({
            "records": [r.model_dump(mode="json") for r in log], "problems": problems,
        })  # fmt: skip
        return
    show_models(list(log), as_json=False)
    typer.echo("intact" if not problems else "\n".join(problems))


# 電子カルテ情報共有サービス: a facility's system over HTTP, signed by a terminal (ehr_cli).
app.command("upload-bundle")(ehr_cli.upload_bundle)
app.command("bundles")(ehr_cli.bundles)
app.command("bundle")(ehr_cli.bundle)
app.command("checkup-reports")(ehr_cli.checkup_reports)
app.command("vaccinate")(cli_platform.vaccinate)
app.command("vaccinations")(cli_platform.vaccinations)
app.command("pmh-register")(cli_platform.pmh_register)
app.command("pmh-check")(cli_platform.pmh_check)
app.command("lifetime")(lifetime_cli.lifetime)
app.command("stats")(lifetime_cli.stats)
