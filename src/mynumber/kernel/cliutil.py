"""Command-line plumbing shared by every subsystem's Typer app."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import BaseModel, ValidationError

from mynumber.kernel.clock import SystemClock, today_in_japan
from mynumber.kernel.errors import DomainError

__all__ = ["cli_actor", "day_or_today", "print_json", "refusals", "show_model", "show_models"]


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a refused operation into a message on stderr and exit code 1."""
    try:
        yield
    except DomainError as exc:
        typer.echo(f"error ({exc.code}): {exc.reason}", err=True)
        raise typer.Exit(1) from None
    except ValidationError as exc:
        for problem in exc.errors():
            where = ".".join(str(part) for part in problem["loc"])
            typer.echo(f"error (invalid_input): {where}: {problem['msg']}", err=True)
        raise typer.Exit(1) from None


def print_json(value: Any) -> None:
    """Write value as indented JSON (UTF-8, Japanese unescaped) to stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def show_model(value: BaseModel, as_json: bool) -> None:
    """Write a DTO as JSON, or as one aligned `field value` line per field."""
    if as_json:
        print_json(value.model_dump(mode="json"))
        return
    for key, item in value.model_dump(mode="json").items():
        typer.echo(f"{key:<24} {item}")


def show_models(values: list[BaseModel], as_json: bool) -> None:
    """Write DTOs as a JSON list, or one line each with their values side by side."""
    if as_json:
        print_json([v.model_dump(mode="json") for v in values])
        return
    for value in values:
        typer.echo("  ".join(str(v) for v in value.model_dump(mode="json").values()))


def day_or_today(value: dt.datetime | None) -> dt.date:
    """Return the day of a `--on`-like option, or today in Japan when it was left out."""
    return value.date() if value else today_in_japan(SystemClock())


def cli_actor() -> str:
    """Name who acts from the command line in access records: the operating-system account."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = f"uid{os.getuid()}"
    return f"cli:{user}"
