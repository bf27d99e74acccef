"""`mynumber policy`: the instance's policy profile and each of its switches."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from mynumber.kernel.policy import Policy

__all__ = ["app"]

app = typer.Typer(help="政策プロファイル — the real rules or the safeguards.", no_args_is_help=True)


@app.command("show")
def show(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Print the profile this instance runs under and every switch with its setting."""
    policy = Policy.from_env()
    rows = [
        {
            "name": switch.name,
            "value": value,
            "real": switch.real,
            "safeguarded": switch.safeguarded,
            "decides": switch.decides,
            "seeds": switch.seeds,
            "acts_in": switch.acts_in,
        }
        for switch, value in policy.switches()
    ]
    if as_json:
        typer.echo(
            json.dumps({"profile": policy.profile.value, "switches": rows}, ensure_ascii=False)
        )
        return
    typer.echo(f"profile: {policy.profile.value} (MYNUMBER_POLICY)")
    for row in rows:
        mark = "on " if row["value"] else "off"
        typer.echo(
            f"  [{mark}] {row['name']}  (real {_yes(row['real'])}, "
            f"safeguarded {_yes(row['safeguarded'])}; {row['acts_in']}; {row['seeds']})"
        )
        typer.echo(f"        {row['decides']}")


def _yes(value: object) -> str:
    return "on" if value else "off"
