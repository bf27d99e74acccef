"""`mynumber terminal`: the 資格確認端末's folder interface for receipt computers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mynumber.facility.api import Facilities
from mynumber.facility.signing import Signer, key_file_signer
from mynumber.facility.watcher import WatchConfig, process_once, watch
from mynumber.kernel.cliutil import refusals

app = typer.Typer(
    help="資格確認端末: the folder interface of receipt computers.", no_args_is_help=True
)


@app.command("watch")
def watch_folder(  # noqa: PLR0917 (Typer options are positional by nature)
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="holds req, res, done and error")],
    facility: Annotated[str, typer.Option(help="this terminal's 医療機関コード")],
    server: Annotated[str, typer.Option(help="the eligibility server")] = "http://127.0.0.1:8000",
    terminal: Annotated[
        str | None, typer.Option(help="terminal id; the facility's first terminal if omitted")
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(help="the terminal's Ed25519 private key (hex); else this instance's"),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="answer what is there and exit")] = False,
) -> None:
    """Answer OQS…req_*.xml and EPS…req_*.xml (電子処方箋) files from FOLDER/req into FOLDER/res.

    Every request to the server is signed with the terminal's key.
    """
    with refusals():
        terminal_id, sign = _terminal(ctx, facility, terminal, key_file)
    config = WatchConfig(folder=folder, terminal_id=terminal_id, sign=sign, server=server)
    if once:
        process_once(config, echo=typer.echo)
        return
    typer.echo(f"{folder / 'req'} を監視しています（端末 {terminal_id}、Ctrl+C で終了）")
    try:
        watch(config, echo=typer.echo)
    except KeyboardInterrupt:
        typer.echo("監視を終了しました")


def _terminal(
    ctx: typer.Context, facility: str, terminal: str | None, key_file: Path | None
) -> tuple[str, Signer]:
    """Return the terminal id and its signer: from a key file, or this instance's key store."""
    if key_file is not None:
        if terminal is None:
            raise typer.BadParameter("--key-file needs --terminal", param_hint="--terminal")
        return terminal, key_file_signer(key_file)
    facilities: Facilities = ctx.obj["facilities"]()
    known = [t.terminal_id for t in facilities.terminals(facility_code=facility)]
    if not known:
        raise typer.BadParameter(
            f"facility {facility} has no terminal: mynumber facility add-terminal {facility}",
            param_hint="--facility",
        )
    chosen = terminal or known[0]
    if chosen not in known:
        raise typer.BadParameter(
            f"{chosen} is not a terminal of {facility}", param_hint="--terminal"
        )
    return chosen, lambda payload: facilities.sign(terminal_id=chosen, payload=payload)
