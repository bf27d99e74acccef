"""Command-line plumbing shared by every subsystem's Typer app."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import ValidationError

from mynumber.kernel.errors import DomainError

__all__ = ["cli_actor", "print_json", "refusals"]


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


def cli_actor() -> str:
    """Name who acts from the command line in access records: the operating-system account."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        user = f"uid{os.getuid()}"
    return f"cli:{user}"
