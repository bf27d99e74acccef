"""`mynumber audit linkability`: who can join whose data about a person (名寄せ可能性), declared
per policy profile, and measured on this instance (`--measure`)."""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated

import typer

from mynumber.audit.linkability import declared, differences, labels
from mynumber.audit.linkability_measured import Measured, measure
from mynumber.audit.profiling import PIECES, jigsaw
from mynumber.audit.profiling_measured import Degrees, PersonPieces, degrees, person_pieces
from mynumber.kernel.cliutil import print_json
from mynumber.kernel.policy import Policy, PolicyProfile


class Profiles(StrEnum):
    REAL = "real"
    SAFEGUARDED = "safeguarded"
    BOTH = "both"


def linkability(
    ctx: typer.Context,
    policy: Annotated[Profiles, typer.Option(help="which profile's joins")] = Profiles.BOTH,
    measured: Annotated[
        bool, typer.Option("--measure", help="also count joins on this instance's data")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Which party can join its data about a person with which other's, and by which path."""
    chosen = list(PolicyProfile) if policy is Profiles.BOTH else [PolicyProfile(policy)]
    tables = {p.value: declared(p) for p in chosen}
    result = measure(Policy.from_env().profile, lambda n: ctx.obj[n]()) if measured else None
    if as_json:
        body = {
            "declared": {k: [asdict(p) for p in v] for k, v in tables.items()},
            "differences": [asdict(d) for d in differences()],
            "measured": asdict(result) if result else None,
        }
        print_json(body)
        raise typer.Exit(1 if result and result.findings else 0)
    names = labels()
    for profile, pairs in tables.items():
        typer.echo(f"== {profile}: {len(pairs)} pairs can join")
        for pair in pairs:
            paths = ", ".join(j.label for j in pair.paths)
            typer.echo(f"{names[pair.a]:<24} {names[pair.b]:<24} {paths}")
    if policy is Profiles.BOTH:
        typer.echo("== real → safeguarded, switch by switch")
        for d in differences():
            sign = "-" if d.real else "+"
            typer.echo(f"{sign} {d.a}–{d.b} {d.path.label}  [{', '.join(d.switches)}]")
    if result:
        _print_measured(result)
        raise typer.Exit(1 if result.findings else 0)


def _print_measured(result: Measured) -> None:
    typer.echo(f"== measured on this instance ({result.profile})")
    typer.echo("persons per party: " + ", ".join(f"{p} {n:,}" for p, n in result.persons))
    for pair in result.pairs:
        if not pair.joined and not pair.declared:
            continue
        got = ", ".join(f"{label} {n:,}" for label, n in pair.joined) or "none"
        typer.echo(f"{pair.a}–{pair.b}: declared [{', '.join(pair.declared)}] measured [{got}]")
    for finding in result.findings:
        typer.echo(f"finding: {finding}")
    if not result.findings:
        typer.echo("measured joins agree with the declarations.")


def profile(
    ctx: typer.Context,
    resident: Annotated[
        str | None, typer.Option(help="住民票コード: this person's pieces on the instance")
    ] = None,
    population: Annotated[
        bool, typer.Option("--population", help="persons assembled to each degree")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The life insurer's jigsaw (JPKI relying party + API client) under each profile."""
    drawn = [jigsaw(p) for p in PolicyProfile]
    people = person_pieces(lambda n: ctx.obj[n]()) if resident or population else {}
    if resident and resident not in people:
        raise typer.BadParameter(f"no resident {resident} in the register", param_hint="--resident")
    person = people[resident] if resident else None
    counted = degrees(people) if population else None
    if as_json:
        print_json({
            "pieces": [asdict(p) for p in PIECES], "jigsaws": [asdict(j) for j in drawn],
            "person": asdict(person) if person else None,
            "degrees": asdict(counted) if counted else None,
        })  # fmt: skip
        return
    for j in drawn:
        typer.echo(
            f"== {j.profile}: joined by {j.key}; other holders: {', '.join(j.beyond) or '-'}"
        )
        joined = dict(person.joined)[j.profile.value] if person else None
        for piece in PIECES:
            typer.echo(f"  {_state(piece.name, j.joined, person)}  {piece.label}（{piece.how}）")
        if joined is not None:
            typer.echo(f"  {resident}: {joined} of {len(PIECES)} pieces assembled")
    if counted:
        _print_degrees(counted)


def _state(piece: str, joined: tuple[str, ...], person: PersonPieces | None) -> str:
    if person is not None and piece not in person.present:
        return "□ none for this person  "
    return "■ joined                " if piece in joined else "▨ obtained, not joined  "


def _print_degrees(counted: Degrees) -> None:
    typer.echo(f"== persons assembled to each degree (of {counted.population:,})")
    for name, histogram in counted.by_profile:
        shares = ", ".join(
            f"{degree}: {n:,} ({n / max(counted.population, 1):.0%})" for degree, n in histogram
        )
        typer.echo(f"{name:<12} {shares}")
