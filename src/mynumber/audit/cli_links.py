"""`mynumber audit links`: the 紐付け総点検 after the fact, every agency's links against J-LIS's
本人確認情報, with precision and recall when the synthetic population's ground truth is there."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, TaskID, TextColumn
from rich.table import Table

from mynumber.audit.api import LinksProgress, LocalAudit
from mynumber.audit.links_data import LinkCause, LinksAudit
from mynumber.audit.links_engine import StageReport
from mynumber.audit.links_truth import read_truth, score
from mynumber.kernel.cliutil import print_json, refusals
from mynumber.kernel.settings import Settings

__all__ = ["links"]

TRUTH_FILE = Path("synth-truth") / "link-errors.csv"  # under the data dir
CAUSE_LABELS = {
    LinkCause.FAMILY_NUMBER: "家族の番号",
    LinkCause.SAME_NAME_BIRTH_DATE: "同姓同名・同生年月日",
    LinkCause.THREE_ITEMS_NO_ADDRESS: "住所なし3情報",
    LinkCause.OTHER_PERSON: "別人",
    LinkCause.NO_MATCH: "該当者なし",
    LinkCause.NOT_HELD: "番号の保有者なし",
}
ITEM_LABELS = {
    "name": "氏名", "name_kana": "カナ", "birth_date": "生年月日", "sex": "性別", "address": "住所",
}  # fmt: skip


def links(
    ctx: typer.Context,
    agency: Annotated[
        str | None,
        typer.Option(help="one agency: insurer, pension, portal, municipality or insurer:N"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    truth: Annotated[
        Path | None,
        typer.Option(help="ground truth CSV; default <data dir>/synth-truth/link-errors.csv"),
    ] = None,
    quiet: Annotated[bool, typer.Option(help="no progress on stderr")] = False,
) -> None:
    """Check every link every agency holds against the registry; list the suspected wrong ones."""
    path = truth or _data_dir(ctx) / TRUTH_FILE
    audit = LocalAudit.of(lambda name: ctx.obj[name]())
    with refusals(), _progress(quiet=quiet) as (progress, on_stage):
        expected = read_truth(path) if truth is not None or path.exists() else None
        result = audit.audit_links(agency=agency, progress=progress, on_stage=on_stage)
    if expected is not None:
        chosen = {key for key in expected if _chosen(key[0], agency)}
        result = result.model_copy(update={"score": score(result.findings, chosen)})
    if as_json:
        print_json(_json(result))
    else:
        _print(result)


@contextmanager
def _progress(*, quiet: bool) -> Iterator[tuple[LinksProgress, StageReport]]:
    """Count the records read from each organisation, then time each stage, on stderr."""
    columns = (TextColumn("{task.description:<13}"), TextColumn("{task.fields[done]}"))
    with Progress(*columns, console=Console(stderr=True), disable=quiet) as bar:
        tasks: dict[str, TaskID] = {}

        def read(source: str, done: int) -> None:
            if source not in tasks:
                tasks[source] = bar.add_task(source, total=None, done="")
            bar.update(tasks[source], done=f"{done:,} records read")

        def staged(stage: str, seconds: float) -> None:
            bar.add_task(stage, total=None, done=f"{seconds:.1f} s")

        yield read, staged


def _chosen(record_agency: str, agency: str | None) -> bool:
    """Return whether the truth's row is of the agency audited (every agency when None)."""
    return agency is None or record_agency == agency or record_agency.startswith(agency + ":")


def _data_dir(ctx: typer.Context) -> Path:
    """Return the instance's data dir: the root command's --data-dir, else the environment's."""
    given = ctx.find_root().params.get("data_dir")
    return Settings.from_env(given).data_dir


def _json(result: LinksAudit) -> dict[str, object]:
    body = result.model_dump(mode="json")
    if result.score is not None:
        body["score"] |= {"precision": result.score.precision, "recall": result.score.recall}
    return body


def _print(result: LinksAudit) -> None:
    # Piped or captured output is not cut to 80 columns: the evidence stays readable.
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    summary = Table("agency", "links", "no number", "number not held", "suspected", title="紐付け")
    for a in result.agencies:
        summary.add_row(a.agency, f"{a.links:,}", f"{a.not_auditable:,}",
                        f"{a.number_not_held:,}", f"{a.suspected:,}")  # fmt: skip
    console.print(summary)
    if result.findings:
        found = Table("agency", "record", "cause", "disagree", "holder", "weight", "likely person",
                      "weight", "same 世帯", title="別人の紐付けの疑い")  # fmt: skip
        for f in result.findings:
            found.add_row(
                f.agency, f.record_id, CAUSE_LABELS[f.cause],
                "・".join(ITEM_LABELS[item] for item in f.disagreeing),
                f.holder_resident_code or "", _weight(f.holder_weight),
                f.candidate_resident_code or "", _weight(f.candidate_weight),
                {True: "yes", False: "no", None: ""}[f.same_household],
            )  # fmt: skip
        console.print(found)
    console.print(
        f"suspected {len(result.findings):,} of {sum(a.links for a in result.agencies):,} links"
    )
    if result.score is not None:
        s = result.score
        console.print(f"against the injected truth ({s.truth:,} errors): "
                      f"precision {s.precision:.3f}, recall {s.recall:.3f}")  # fmt: skip


def _weight(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
