"""`mynumber eligibility batch-…`: 一括照会 from the command line (registered by `cli`)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Annotated

import typer

from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import (
    BatchLineResult,
    BatchState,
    BatchStatus,
    BatchSubmission,
    parse_batch_csv,
)
from mynumber.kernel.cliutil import print_json, refusals

__all__ = ["batch_results", "batch_status", "batch_submit", "eligibility_of"]

_DATE = ["%Y-%m-%d"]


def eligibility_of(ctx: typer.Context) -> Eligibility:
    """Return the instance's eligibility system the root command put on the context."""
    eligibility: Eligibility = ctx.obj["eligibility"]()
    return eligibility


# 一括照会 (batch inquiry).


def batch_submit(
    ctx: typer.Context,
    csv_file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV file")],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    date: Annotated[dt.datetime, typer.Option(formats=_DATE, help="受診予定日")],
    terminal: Annotated[str, typer.Option(help="shown in the access records")] = "cli",
    wait: Annotated[bool, typer.Option("--wait", help="answer it in this process")] = False,
) -> None:
    """一括照会: submit a CSV (保険者番号,記号,番号,枝番,生年月日,患者ID); print the 受付番号."""
    eligibility = eligibility_of(ctx)
    with refusals():
        submission = BatchSubmission(
            facility_code=facility,
            visit_date=date.date(),
            lines=parse_batch_csv(csv_file.read_bytes()),
        )
        status = eligibility.submit_batch(submission=submission, terminal_id=terminal)
    typer.echo(f"受付番号 {status.reception_number}  {status.total_rows:,} 件")
    if wait:
        status = _answer_in_process(eligibility, status)
        _show_batch(status)


def _answer_in_process(eligibility: Eligibility, status: BatchStatus) -> BatchStatus:
    """Answer queued inquiries in a thread of this process; show ours progressing to its end."""
    threading.Thread(target=eligibility.run_batches, daemon=True).start()
    shown = 0
    with typer.progressbar(length=status.total_rows, label="照会中") as bar:
        while status.status not in {BatchState.DONE, BatchState.FAILED}:
            time.sleep(0.2)  # if a server's worker took it, it still finishes: keep watching
            status = eligibility.batch_status(
                facility_code=status.facility_code, reception_number=status.reception_number
            )
            bar.update(status.answered_rows + status.refused_rows - shown)
            shown = status.answered_rows + status.refused_rows
    return status


def batch_status(
    ctx: typer.Context,
    reception: Annotated[str, typer.Argument(help="受付番号")],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show where a batch inquiry is and how many lines are answered."""
    with refusals():
        status = eligibility_of(ctx).batch_status(
            facility_code=facility, reception_number=reception
        )
    if as_json:
        print_json(status.model_dump(mode="json"))
    else:
        _show_batch(status)


def _show_batch(status: BatchStatus) -> None:
    typer.echo(
        f"{status.reception_number}  {status.status.value}  全 {status.total_rows:,} 件"
        f"  回答 {status.answered_rows:,}  エラー {status.refused_rows:,}"
    )
    if status.failure:
        typer.echo(f"  中断の理由: {status.failure}")


def batch_results(
    ctx: typer.Context,
    reception: Annotated[str, typer.Argument(help="受付番号")],
    facility: Annotated[str, typer.Option(help="医療機関コード")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show every line of a batch inquiry with its answer or the reason it was refused."""
    eligibility, lines, offset = eligibility_of(ctx), [], 0
    with refusals():
        while True:
            page = eligibility.batch_results(
                facility_code=facility, reception_number=reception, offset=offset, limit=10_000
            )
            lines += page.lines
            if page.next_offset is None:
                break
            offset = page.next_offset
    if as_json:
        print_json({"status": page.status.model_dump(mode="json"),
                    "lines": [line.model_dump(mode="json") for line in lines]})  # fmt: skip
        return
    _show_batch(page.status)
    for line in lines:
        typer.echo(f"{line.line:>6}  {line.arbitrary_identifier or '-'}  {_outcome(line)}")


def _outcome(line: BatchLineResult) -> str:
    if line.error_code:
        return f"エラー {line.error_code}: {line.error_reason}"
    if line.answer is None:
        return "未回答"
    answer = line.answer
    names = "、".join(f"{r.name}（{r.insured_partial_contribution_ratio}）" for r in answer.results)
    return f"QualificationValidity {answer.qualification_validity} {names}".rstrip()
