"""`mynumber eligibility …`: verification and the records a person can see."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.eligibility.api import AGENCY
from mynumber.eligibility.cli_batch import (
    batch_results,
    batch_status,
    batch_submit,
    eligibility_of,
)
from mynumber.eligibility.data import (
    CardAuthentication,
    CardProof,
    CardQuery,
    ConsentScope,
    Disaster,
    DisasterSearch,
    EligibilityAnswer,
    InsuredRef,
    MedicalQuery,
    NumberQuery,
    Registration,
)
from mynumber.jpki.api import Jpki
from mynumber.kernel.cliutil import cli_actor, print_json, refusals
from mynumber.kernel.errors import InvalidInputError
from mynumber.network.data import new_acquisition_number
from mynumber.registry.api import Registry

app = typer.Typer(
    help="オンライン資格確認 — online eligibility verification.", no_args_is_help=True
)
_DATE = ["%Y-%m-%d"]


def _subject(ctx: typer.Context, resident: str) -> str:
    # Operator tool: the person's eligibility 符号, asked through J-LIS as an agency asks.
    registry: Registry = ctx.obj["registry"]()
    number = registry.get(resident_code=resident, actor=cli_actor()).my_number
    asked = {"acquisition_number": new_acquisition_number(), "actor": cli_actor()}
    return registry.acquire_code(agency=AGENCY, my_number=number, **asked).code


@app.command("verify-number")
def verify_number(
    ctx: typer.Context,
    insurer: Annotated[str, typer.Option()],
    number: Annotated[str, typer.Option()],
    branch: Annotated[str, typer.Option()],
    birthdate: Annotated[dt.datetime, typer.Option(formats=_DATE)],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    date: Annotated[dt.datetime, typer.Option(formats=_DATE, help="visit date")],
    symbol: Annotated[str, typer.Option()] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check coverage by the numbers on a 資格確認書 (保険証) for a visit date."""
    with refusals():
        answer = eligibility_of(ctx).verify_by_number(
            query=NumberQuery(
                facility_code=facility,
                visit_date=date.date(),
                insurer_number=insurer,
                symbol=symbol,
                number=number,
                branch=branch,
                birth_date=birthdate.date(),
            )
        )
    _show(answer, as_json=as_json)


def _reader(ctx: typer.Context, card: str, pin: str) -> CardAuthentication:
    """Act as the card reader: the card signs a fresh challenge once its PIN is verified."""
    eligibility, jpki = eligibility_of(ctx), _jpki(ctx)
    challenge = eligibility.new_challenge()
    signature = jpki.sign_challenge(card_id=card, pin=pin, challenge=challenge)
    certificate = jpki.read_certificates(card_id=card).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def _jpki(ctx: typer.Context) -> Jpki:
    jpki: Jpki = ctx.obj["jpki"]()
    return jpki


@app.command("register")
def register(
    ctx: typer.Context,
    card: Annotated[str, typer.Option()],
    pin: Annotated[str, typer.Option(help="利用者証明用 PIN (4 digits)")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """利用登録: use this card as the holder's health insurance card (the card signs, PIN)."""
    with refusals():
        proof = CardProof(authentication=_reader(ctx, card, pin))
        state = eligibility_of(ctx).register_card(proof=proof)
    _show_registration(state, as_json=as_json, done="利用登録しました")


@app.command("unregister")
def unregister(
    ctx: typer.Context,
    card: Annotated[str, typer.Option()],
    pin: Annotated[str, typer.Option()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """登録解除: stop using the card as an insurance card (the number path keeps working)."""
    with refusals():
        proof = CardProof(authentication=_reader(ctx, card, pin))
        state = eligibility_of(ctx).unregister_card(proof=proof)
    _show_registration(state, as_json=as_json, done="登録を解除しました")


def _show_registration(state: Registration, *, as_json: bool, done: str) -> None:
    if as_json:
        print_json(state.model_dump(mode="json"))
    else:
        typer.echo(done)


@app.command("verify-card")
def verify_card(
    ctx: typer.Context,
    card: Annotated[str, typer.Option()],
    pin: Annotated[str, typer.Option()],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    date: Annotated[dt.datetime, typer.Option(formats=_DATE, help="visit date")],
    consent: Annotated[
        str, typer.Option(help="what the patient agrees to show: medication,checkup,treatment")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Check coverage with the card at reception (PIN path), with the patient's consent."""
    with refusals():
        answer = eligibility_of(ctx).verify_by_card(
            query=CardQuery(
                facility_code=facility,
                visit_date=date.date(),
                authentication=_reader(ctx, card, pin),
                consent=_scopes(consent),
            )
        )
    _show(answer, as_json=as_json)


def _scopes(text: str) -> tuple[ConsentScope, ...]:
    try:
        return tuple(ConsentScope(part.strip()) for part in text.split(",") if part.strip())
    except ValueError:
        raise InvalidInputError(
            "consent is a comma-separated list of medication, checkup, treatment"
        ) from None


@app.command("view")
def view(
    ctx: typer.Context,
    scope: Annotated[ConsentScope, typer.Option(help="medication, checkup or treatment")],
    insurer: Annotated[str, typer.Option()],
    number: Annotated[str, typer.Option()],
    branch: Annotated[str, typer.Option()],
    birthdate: Annotated[dt.datetime, typer.Option(formats=_DATE)],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    symbol: Annotated[str, typer.Option()] = "",
    disaster: Annotated[bool, typer.Option("--disaster", help="災害時 (oral consent)")] = False,
    oral_consent: Annotated[bool, typer.Option(help="災害時: consented orally")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show the consented medication, check-up or treatment information of a patient."""
    insured = InsuredRef(insurer_number=insurer, symbol=symbol, number=number, branch=branch)
    query = MedicalQuery(
        facility_code=facility,
        insured=insured,
        birth_date=birthdate.date(),
        scope=scope,
        disaster=disaster,
        oral_consent=oral_consent,
    )
    with refusals():
        shown = eligibility_of(ctx).medical_view(query=query)
    if as_json:
        print_json(shown.model_dump(mode="json"))
        return
    typer.echo(f"{scope.value}（閲覧可能期限 {shown.consent_valid_until or '災害時'}）")
    for day, where, medication in shown.medications:
        typer.echo(f"  {day} {where} {medication.name} {medication.quantity}{medication.unit}")
    for r in shown.checkups:
        pressure = f"{r.systolic_mmhg}/{r.diastolic_mmhg}"
        typer.echo(
            f"  {r.examined_on} 体重 {r.weight_kg}kg 血圧 {pressure} HbA1c {r.hba1c_percent}%"
        )
    for day, where, item in shown.treatments:
        typer.echo(f"  {day} {where} {item.code} {item.name}")


@app.command("disaster-activate")
def disaster_activate(
    ctx: typer.Context,
    name: Annotated[str, typer.Option()],
    prefecture: Annotated[list[str], typer.Option(help="2-digit prefecture code; repeatable")],
    starts: Annotated[dt.datetime, typer.Option(formats=_DATE)],
    ends: Annotated[dt.datetime, typer.Option(formats=_DATE)],
) -> None:
    """Activate disaster mode (災害時医療情報閲覧) for prefectures and a period."""
    disaster = Disaster(
        name=name, prefecture_codes=tuple(prefecture), starts=starts.date(), ends=ends.date()
    )
    with refusals():
        eligibility_of(ctx).activate_disaster(disaster=disaster)
    typer.echo(f"災害時モードを開始しました: {name}")


@app.command("disaster-search")
def disaster_search(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="氏名 or カナ")],
    birthdate: Annotated[dt.datetime, typer.Option(formats=_DATE)],
    sex: Annotated[int, typer.Option(help="1 male, 2 female")],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    date: Annotated[dt.datetime, typer.Option(formats=_DATE, help="visit date")],
    address: Annotated[str, typer.Option()] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find a patient without a card during an active disaster (flagged in their records)."""
    query = DisasterSearch(
        facility_code=facility,
        visit_date=date.date(),
        name=name,
        birth_date=birthdate.date(),
        sex=sex,
        address=address,
    )
    with refusals():
        answer = eligibility_of(ctx).disaster_search(query=query)
    _show(answer, as_json=as_json)


def _show(answer: EligibilityAnswer, *, as_json: bool) -> None:
    if as_json:
        print_json(answer.model_dump(mode="json"))
        return
    if answer.segment_of_result == "9":
        typer.echo(f"エラー {answer.error_code}: {answer.error_message}")
        return
    typer.echo(f"QualificationValidity {answer.qualification_validity}")
    for result in answer.results:
        ratio = result.insured_partial_contribution_ratio
        typer.echo(f"  {result.name}（{result.name_kana}） 負担割合 {ratio}")


@app.command("history")
def history(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show a person's insured-number history, oldest first."""
    with refusals():
        records = eligibility_of(ctx).history(subject=_subject(ctx, resident))
    if as_json:
        print_json([r.model_dump(mode="json") for r in records])
        return
    for r in records:
        numbers = f"{r.insurer_number} {r.symbol}・{r.number}（{r.branch}）"
        typer.echo(f"{r.valid_from} – {r.valid_to or ''}  {numbers}")


@app.command("records")
def records(
    ctx: typer.Context,
    resident: Annotated[str, typer.Option()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show every read of a person's eligibility data (the access records), oldest first."""
    with refusals():
        found = eligibility_of(ctx).access_records(subject=_subject(ctx, resident))
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
        return
    for r in found:
        where = f"{r.facility_code} {r.terminal}".strip()
        typer.echo(
            f"{r.recorded_at:%Y-%m-%d %H:%M:%S}  {where}  {r.what}  {r.purpose}  {r.outcome}"
        )


# 一括照会 (batch inquiry): the commands live in cli_batch.
app.command("batch-submit")(batch_submit)
app.command("batch-status")(batch_status)
app.command("batch-results")(batch_results)
