"""`mynumber audit extract`: a research extract of the claims and its re-identification risk."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mynumber.audit.extract_data import ExtractKind, ExtractRisk, ExtractSource, KeyScheme
from mynumber.kernel.cliutil import cli_actor, print_json, refusals

__all__ = ["extract"]


def _names(text: str | None) -> tuple[str, ...] | None:
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else None


def extract(
    ctx: typer.Context,
    kind: Annotated[ExtractKind, typer.Option(help="仮名加工 or 匿名加工")],
    key: Annotated[KeyScheme, typer.Option(help="ndb: re-keyed per release; fixed: same key")] = (
        KeyScheme.NDB
    ),
    release: Annotated[str, typer.Option(help="the release's name, in the file names")] = "1",
    out: Annotated[Path, typer.Option(help="directory of the extract")] = Path("extracts"),
    qi: Annotated[
        str | None, typer.Option(help="quasi-identifiers: col,col… (default by kind)")
    ] = (None),
    sensitive: Annotated[str | None, typer.Option(help="sensitive column")] = None,
    compare: Annotated[
        Path | None, typer.Option(help="another release's Parquet: count persons joined by key")
    ] = None,
    source: Annotated[
        ExtractSource, typer.Option(help="claims (レセプト) or care (給付実績, 要介護度)")
    ] = ExtractSource.CLAIMS,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Write <out>/<kind>-<release>.parquet and its .risk.json; exit 1, writing nothing, when an
    anonymised extract would leave k < 2."""
    # Imported here: duckdb and pyarrow load only for this command.
    from mynumber.audit.extract import ExtractRequest, make_extract, paths_of  # noqa: PLC0415

    with refusals():
        request = ExtractRequest(kind=kind, key=key, release=release, out=out,
                                 qi=_names(qi), sensitive=sensitive, compare=compare,
                                 source=source)  # fmt: skip
        if source is ExtractSource.CARE:
            records = ctx.obj["care"]().research_care_months(reader=cli_actor())
        else:
            records = ctx.obj["eligibility"]().research_claims(reader=cli_actor())
        risk = make_extract(records, request)
    if as_json:
        print_json(risk.model_dump(mode="json"))
        return
    _print(risk, paths_of(request)[0])


def _print(risk: ExtractRisk, where: Path) -> None:
    typer.echo(
        f"{risk.source.value} {risk.kind.value} release {risk.release} (key {risk.key.value}): "
        f"{where}"
    )
    typer.echo(f"records {risk.records:,}  persons {risk.persons:,}  classes {risk.classes:,}")
    typer.echo(f"quasi-identifiers {', '.join(risk.quasi_identifiers)}; sensitive {risk.sensitive}")
    typer.echo(f"k-anonymity {risk.k_anonymity} (persons), {risk.k_records} (records)")
    typer.echo(f"l-diversity {risk.l_diversity}")
    typer.echo(
        f"sample uniqueness: records {risk.unique_records:,} ({risk.record_uniqueness:.1%}), "
        f"persons {risk.unique_persons:,} ({risk.person_uniqueness:.1%})"
    )
    typer.echo(
        f"cells under 10 suppressed {risk.suppressed_cells:,} ({risk.recoded_records:,} records "
        f"recoded, {risk.dropped_records:,} dropped); rare codes → その他 {risk.rare_values:,}; "
        f"classes under 10 left {risk.classes_under_10:,}"
    )
    if risk.joined_persons is not None:
        typer.echo(
            f"joined by key with {risk.compared_with}: {risk.joined_persons:,} of "
            f"{risk.persons:,} persons"
        )
