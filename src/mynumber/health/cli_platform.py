"""`mynumber health vaccinate | vaccinations | pmh-register | pmh-check`: 予防接種 and PMH from
the command line, in process. The command line acts as the municipality's clerk it names, or as
the facility it names (the instance's own operator), the card signing here with its PIN."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.eligibility.api import ClinicSide
from mynumber.eligibility.data import CardAuthentication, ConsentScope
from mynumber.health.api import Health
from mynumber.health.pmh.data import (
    CheckupKind,
    CheckupRegistration,
    PmhCheck,
    SubsidyRegistration,
)
from mynumber.health.vaccinations.data import (
    Clerk,
    ImmunizationRoute,
    ImmunizationSite,
    VaccinationQuery,
    VaccinationRecord,
)
from mynumber.jpki.api import Jpki
from mynumber.kernel.cliutil import cli_actor, day_or_today, refusals, show_model

__all__ = ["pmh_check", "pmh_register", "vaccinate", "vaccinations"]

Json = Annotated[bool, typer.Option("--json")]
Day = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="default: today")]
Municipality = Annotated[str, typer.Option(help="全国地方公共団体コード (the clerk's)")]
MyNumber = Annotated[str, typer.Option("--my-number", help="個人番号")]
Card = Annotated[str, typer.Option(help="the person's card id")]
Pin = Annotated[str, typer.Option(help="the card's 利用者証明用 PIN")]


def _health(ctx: typer.Context) -> Health:
    health: Health = ctx.obj["health"]()
    return health


def _sign(ctx: typer.Context, card: str, pin: str, challenge: bytes) -> CardAuthentication:
    jpki: Jpki = ctx.obj["jpki"]()
    signature = jpki.sign_challenge(card_id=card, pin=pin, challenge=challenge)
    certificate = jpki.read_certificates(card_id=card).auth
    return CardAuthentication(certificate=certificate, challenge=challenge, signature=signature)


def _holder(ctx: typer.Context, card: str, pin: str) -> CardAuthentication:
    return _sign(ctx, card, pin, _health(ctx).vaccinations.new_challenge())


def vaccinate(
    ctx: typer.Context,
    my_number: MyNumber,
    municipality: Municipality,
    vaccine: Annotated[str, typer.Option(help="vaccine code, e.g. MR")],
    vaccine_name: Annotated[str, typer.Option(help="ワクチン名")],
    lot: Annotated[str, typer.Option(help="ロット番号")],
    facility: Annotated[str, typer.Option(help="接種医療機関コード")],
    dose: Annotated[int, typer.Option(help="接種回数 (第n回)")] = 1,
    route: Annotated[ImmunizationRoute, typer.Option()] = ImmunizationRoute.SUBCUTANEOUS,
    site: Annotated[ImmunizationSite | None, typer.Option()] = None,
    on: Day = None,
    as_json: Json = False,
) -> None:
    """Record a vaccination by My Number, as the municipality's clerk."""
    record = VaccinationRecord(
        my_number=my_number, municipality_code=municipality, vaccine_code=vaccine,
        vaccine_name=vaccine_name, lot_number=lot, occurred_on=day_or_today(on),
        dose_number=dose, facility_code=facility, route=route, site=site,
    )  # fmt: skip
    with refusals():
        done = _health(ctx).vaccinations.record(
            clerk=Clerk(municipality_code=municipality, name=cli_actor()), record=record
        )
    show_model(done, as_json)


def vaccinations(
    ctx: typer.Context,
    card: Card,
    pin: Pin,
    facility: Annotated[str | None, typer.Option(help="read at this facility (else: own)")] = None,
    consent: Annotated[bool, typer.Option(help="the patient consents at the reader")] = False,
    on: Day = None,
    as_json: Json = False,
) -> None:
    """Show a person's vaccinations: at a facility's reader (FHIR Immunization) or their own."""
    health = _health(ctx)
    with refusals():
        if facility is None:
            show_model(health.vaccinations.own(holder=_holder(ctx, card, pin)), as_json)
            return
        eligibility: ClinicSide = ctx.obj["eligibility"]()
        query = VaccinationQuery(
            facility_code=facility, visit_date=day_or_today(on),
            card=_sign(ctx, card, pin, eligibility.new_challenge()),
            holder=_holder(ctx, card, pin),
            consent=(ConsentScope.TREATMENT,) if consent else (),
        )  # fmt: skip
        show_model(health.vaccinations.view(query=query), as_json)


def pmh_register(
    ctx: typer.Context,
    my_number: MyNumber,
    municipality: Municipality,
    insurer_number: Annotated[str | None, typer.Option(help="公費負担者番号 (8)")] = None,
    recipient_number: Annotated[str | None, typer.Option(help="公費受給者番号 (7)")] = None,
    name: Annotated[str, typer.Option(help="受給者証の名称")] = "受給者証",
    valid_from: Day = None,
    valid_to: Day = None,
    limit: Annotated[int | None, typer.Option(help="自己負担上限額 (円/月)")] = None,
    checkup: Annotated[CheckupKind | None, typer.Option(help="register a 自治体検診")] = None,
    fiscal_year: Annotated[int | None, typer.Option(help="年度 of the 検診")] = None,
    resident_code: Annotated[str | None, typer.Option(help="住民票コード (支援措置)")] = None,
    not_disclosed: Annotated[bool, typer.Option(help="不開示フラグ (asked)")] = False,
    as_json: Json = False,
) -> None:
    """Register a 公費負担医療 recipient (or, with --checkup, a 自治体検診 one) by My Number."""
    clerk = Clerk(municipality_code=municipality, name=cli_actor())
    common = {
        "my_number": my_number, "municipality_code": municipality,
        "resident_code": resident_code, "is_not_disclosed": not_disclosed,
    }  # fmt: skip
    pmh = _health(ctx).pmh
    with refusals():
        if checkup is not None:
            year = fiscal_year or day_or_today(None).year
            registration = CheckupRegistration.model_validate(
                common | {"kind": checkup, "fiscal_year": year}
            )
            show_model(pmh.register_checkup(clerk=clerk, registration=registration), as_json)
            return
        subsidy = SubsidyRegistration.model_validate(
            common | {
                "insurer_number": insurer_number, "recipient_number": recipient_number,
                "certification_name": name, "valid_from": day_or_today(valid_from),
                "valid_to": day_or_today(valid_to), "max_copayment_amount": limit,
            }
        )  # fmt: skip
        show_model(pmh.register_subsidy(clerk=clerk, registration=subsidy), as_json)


def pmh_check(
    ctx: typer.Context,
    card: Card,
    pin: Pin,
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    on: Day = None,
    as_json: Json = False,
) -> None:
    """Check 公費 and 自治体検診 eligibility with the card at a facility."""
    query = PmhCheck(
        facility_code=facility, visit_date=day_or_today(on), holder=_holder(ctx, card, pin)
    )
    with refusals():
        show_model(_health(ctx).pmh.check(query=query), as_json)
