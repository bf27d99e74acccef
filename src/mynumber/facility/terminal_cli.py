"""`mynumber terminal`: the 資格確認端末's folder interface for receipt computers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mynumber.facility.watcher import WatchConfig, process_once, watch

app = typer.Typer(
    help="資格確認端末: the folder interface of receipt computers.", no_args_is_help=True
)


@app.command("watch")
def watch_folder(  # noqa: PLR0917 (Typer options are positional by nature)
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="holds req, res, done and error")],
    facility: Annotated[str, typer.Option(help="this terminal's 医療機関コード")],
    server: Annotated[str, typer.Option(help="the eligibility server")] = "http://127.0.0.1:8000",
    token: Annotated[
        str | None, typer.Option(help="staff token; the instance's if omitted")
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="answer what is there and exit")] = False,
) -> None:
    """Answer OQSsiquc01req_*.xml and OQSmuquc01req_*.xml files from FOLDER/req into FOLDER/res."""
    config = WatchConfig(
        folder=folder, facility=facility, server=server, token=token or ctx.obj["staff_token"]()
    )
    if once:
        process_once(config, echo=typer.echo)
        return
    typer.echo(f"{folder / 'req'} を監視しています（Ctrl+C で終了）")
    try:
        watch(config, echo=typer.echo)
    except KeyboardInterrupt:
        typer.echo("監視を終了しました")
