"""Run `mynumber` commands in the test process, as the console script would run them.

A new interpreter per command cost most of the CLI tests' time (imports, then the instance built
again); here each command is one invocation of the same Typer app through Click's test runner,
with the process's environment for that command (`MYNUMBER_DATA_DIR`, and
`MYNUMBER_DATABASE_URL` only for a test's own instance), its exit code, stdout and stderr apart.
The instance a command built is closed after it, as the process's end would, so the next command
builds its own. One test,
`test_cli.test_the_installed_command_runs_in_its_own_process`, still runs the real process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from mynumber import cli
from mynumber.kernel.errors import DomainError
from mynumber.kernel.policy import POLICY_ENV
from mynumber.kernel.settings import Settings


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `mynumber ARGS` on the instance in `data_dir`; return what the process would."""
    return _invoke(args, data_dir=data_dir, database_url=None)


def run_on(
    settings: Settings, *args: str, public_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mynumber ARGS` on a test's own instance: its data directory and its database (and,
    for commands that call the running server, its URL as MYNUMBER_PUBLIC_URL)."""
    return _invoke(
        args, data_dir=settings.data_dir, database_url=settings.database_url, public_url=public_url
    )


def _invoke(
    args: tuple[str, ...], *, data_dir: Path, database_url: str | None,
    public_url: str | None = None,
) -> subprocess.CompletedProcess[str]:  # fmt: skip
    env = {
        "MYNUMBER_DATA_DIR": str(data_dir),
        "MYNUMBER_DATABASE_URL": database_url,
        "MYNUMBER_PUBLIC_URL": public_url or os.environ.get("MYNUMBER_PUBLIC_URL"),
        # `demo --policy` sets it for the servers it starts: put back what it was after.
        POLICY_ENV: os.environ.get(POLICY_ENV),
    }
    try:
        result = CliRunner().invoke(cli.app, list(args), env=env, prog_name="mynumber")
    finally:
        _close_instance()
    stderr = result.stderr
    exception = result.exception
    if isinstance(exception, DomainError):  # what `cli.main` says before the process exits 1
        stderr += f"error ({exception.code}): {exception.reason}\n"
    elif exception is not None and not isinstance(exception, SystemExit):
        raise exception
    return subprocess.CompletedProcess(
        [sys.executable, "-m", "mynumber", *args], result.exit_code, result.stdout, stderr
    )


def _close_instance() -> None:
    """Close the instance the command built and forget it and its settings (a process ends)."""
    built = cli._system
    cli._system, cli._settings = None, None
    if built is not None:
        built.close()
