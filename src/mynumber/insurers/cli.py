"""`mynumber insurer …`: the insurers' desk (資格取得・喪失) from the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mynumber.insurers.api import Insurers
from mynumber.insurers.data import (
    Enrolment,
    IncomeCategory,
    KoukiMember,
    LossReason,
    Member,
    Membership,
)
from mynumber.kernel.cliutil import cli_actor, print_json, refusals
from mynumber.registry.api import Registry

app = typer.Typer(help="医療保険者 — health insurers.", no_args_is_help=True)


def _insurers(ctx: typer.Context) -> Insurers:
    insurers: Insurers = ctx.obj["insurers"]()
    return insurers


def _registry(ctx: typer.Context) -> Registry:
    registry: Registry = ctx.obj["registry"]()
    return registry


def membership_json(m: Membership) -> dict[str, object]:
    """Return a membership with the interface's field names for the insured number."""
    return {
        "membership_id": m.membership_id,
        "InsurerNumber": m.insured.insurer_number,
        "InsuredCardSymbol": m.insured.symbol,
        "InsuredIdentificationNumber": m.insured.number,
        "InsuredBranchNumber": m.insured.branch,
        "PersonalFamilyClassification": m.role.value,
        "valid_from": m.valid_from.isoformat(),
        "valid_to": m.valid_to.isoformat() if m.valid_to else None,
        "InsuredPartialContributionRatio": f"{m.contribution_percent:03d}",
        "LimitApplicationCertificateClassification": m.limit_classification.value,
    }


@app.command("list")
def list_insurers(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """List insurers: number, kind, name."""
    insurers = _insurers(ctx).list_insurers()
    if as_json:
        print_json([{"number": i.number, "kind": i.kind.value, "name": i.name} for i in insurers])
        return
    for insurer in insurers:
        typer.echo(f"{insurer.number:>8}  {insurer.kind.value:<14} {insurer.name}")


@app.command("enrol")
def enrol(
    ctx: typer.Context,
    insurer: Annotated[str, typer.Option(help="保険者番号")],
    resident: Annotated[str, typer.Option(help="住民票コード of the person (the employer's form)")],
    valid_from: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"])],
    dependant_of: Annotated[str | None, typer.Option(help="membership id of the insured")] = None,
    income: Annotated[IncomeCategory, typer.Option()] = IncomeCategory.GENERAL,
    defer_report: Annotated[
        bool, typer.Option("--defer-report", help="report the numbers later (`insurer report`)")
    ] = False,
    my_number: Annotated[
        str | None,
        typer.Option(help="the My Number written on the form (default: the resident's own)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Enrol a resident (資格取得届): the form carries the My Number and the four items.

    With --my-number the form carries another number than the resident's (a 誤登録): where
    links are checked (policy `links_checked_before_acceptance`) it is held for review.
    """
    with refusals():
        person = _registry(ctx).get(
            resident_code=resident, actor=f"insurer:{insurer}/{cli_actor()}"
        )
        member = Member(
            name=person.name.full,
            name_kana=person.name.full_kana,
            birth_date=person.birth_date,
            sex=int(person.sex),
            address=person.address.text,
            postal_code=person.address.postal_code,
        )
        membership = _insurers(ctx).enrol(
            enrolment=Enrolment(
                insurer_number=insurer,
                my_number=my_number or person.my_number,
                member=member,
                valid_from=valid_from.date(),
                dependant_of=dependant_of,
                income=income,
                defer_report=defer_report,
            ),
            actor=cli_actor(),
        )
    if as_json:
        print_json(membership_json(membership))
    else:
        typer.echo(
            f"{membership.membership_id}  {membership.insured.insurer_number} "
            f"{membership.insured.symbol}・{membership.insured.number}"
            f"（{membership.insured.branch}） from {membership.valid_from}"
        )


@app.command("lose")
def lose(
    ctx: typer.Context,
    membership_id: str,
    date: Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="last day of coverage")],
    reason: Annotated[LossReason, typer.Option()],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """End a membership (資格喪失); dependants lose coverage with the insured."""
    with refusals():
        ended = _insurers(ctx).lose(
            membership_id=membership_id, last_day=date.date(), reason=reason
        )
    if as_json:
        print_json([membership_json(m) for m in ended])
    else:
        for membership in ended:
            typer.echo(f"{membership.membership_id} ended {membership.valid_to}")


@app.command("report")
def report(ctx: typer.Context) -> None:
    """Send the numbers of deferred enrolments to the eligibility system."""
    with refusals():
        sent = _insurers(ctx).report_pending()
    typer.echo(f"{sent} 件の資格情報を登録しました")


@app.command("documents")
def documents(
    ctx: typer.Context,
    membership_id: str,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show the 資格確認書 and 資格情報のお知らせ sent for a membership."""
    with refusals():
        sent = _insurers(ctx).documents(membership_id=membership_id)
    if as_json:
        print_json([d.model_dump(mode="json") for d in sent])
        return
    titles = {"certificate": "資格確認書", "notice": "資格情報のお知らせ"}
    for d in sent:
        until = f" 有効期限 {d.valid_until}" if d.valid_until else ""
        typer.echo(f"{d.issued_on} {titles[d.kind.value]} {d.name}{until}（{d.reason}）")


@app.command("link-member")
def link_member(
    ctx: typer.Context,
    insurer: Annotated[str, typer.Option(help="保険者番号 of the 広域連合")],
    member: Annotated[str, typer.Option(help="被保険者番号")],
    resident: Annotated[str, typer.Option(help="住民票コード (the window's record names them)")],
    municipality: Annotated[
        str | None, typer.Option(help="住所地 (default: the register's)")
    ] = None,
) -> None:
    """Record where a 広域連合 member lives (its 符号 is the one obtained at enrolment; obtained
    now only if the 広域連合 lacks it)."""
    with refusals():
        person = _registry(ctx).get(resident_code=resident, actor=cli_actor())
        code = municipality or person.address.local_government_code
        obtained = _insurers(ctx).link_members(
            insurer_number=insurer,
            members=[
                KoukiMember(
                    number=member,
                    my_number=person.my_number,
                    resident_code=resident,
                    municipality=code,
                )
            ],
        )
    typer.echo(f"linked: {member} (住所地 {code}; 符号 {'obtained' if obtained else 'kept'})")


@app.command("contribution")
def contribution(
    ctx: typer.Context,
    insurer: Annotated[str, typer.Option(help="保険者番号 of the 広域連合")],
    member: Annotated[
        list[str] | None, typer.Option(help="被保険者番号 (repeat; none: every member)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Decide 負担割合 (1・2・3割) from the municipalities' 住民税 over the network (J0001)."""
    with refusals():
        run = _insurers(ctx).decide_contributions(insurer_number=insurer, numbers=member or None)
    if as_json:
        print_json(run.model_dump(mode="json"))
    else:
        for d in run.decisions:
            typer.echo(
                f"{d.number}  {d.previous_percent // 10}割 → {d.contribution_percent // 10}割"
                f"  {d.fiscal_year}年度  世帯の後期高齢者 {d.household_members}人  {d.reason}"
            )
        for r in run.refusals:
            typer.echo(f"{r.number}  refused ({r.code}): {r.message}")
        typer.echo(
            f"照会 {run.queries} 件、決定 {len(run.decisions)} 件、不能 {len(run.refusals)} 件"
        )
    if member and run.refusals:
        raise typer.Exit(1)


@app.command("held")
def held(
    ctx: typer.Context,
    insurer: Annotated[str, typer.Option(help="保険者番号")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List enrolments held for review: the form contradicted J-LIS's 本人確認情報."""
    with refusals():
        found = _insurers(ctx).held_links(insurer_number=insurer)
    if as_json:
        print_json([h.model_dump(mode="json") for h in found])
        return
    for h in found:
        typer.echo(
            f"{h.held_at:%Y-%m-%d %H:%M} {h.member.name}（{h.member.name_kana}） "
            f"{h.member.birth_date} 不一致: {', '.join(h.mismatched)}  {h.actor}"
        )
