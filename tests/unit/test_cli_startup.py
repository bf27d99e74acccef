"""`mynumber` answers at once: sub-apps are imported only when they run.

Each check runs the real command in a fresh interpreter and reads which modules it imported, so a
heavy import creeping back into the root command fails here whatever the machine's speed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mynumber.cli import LAZY_COMMANDS
from mynumber.kernel.lazycli import LazyCommand, lazy_group

# What a check of an identifier or the help listing has no use for.
HEAVY = ("fastapi", "starlette", "sqlalchemy", "alembic", "cryptography", "uvicorn", "httpx")

_PROBE = textwrap.dedent(
    """
    import json, os, sys
    from mynumber.cli import main
    sys.argv = ["mynumber", *json.loads(sys.argv[1])]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump({"code": code, "modules": sorted(sys.modules)}, out)
    """
)


def _run(args: list[str], tmp_path: Path) -> tuple[int, set[str], str]:
    """Run `mynumber ARGS` in a fresh interpreter; return exit code, modules imported, stdout."""
    result_file = tmp_path / "modules.json"
    env = dict(
        os.environ,
        MYNUMBER_DATA_DIR=str(tmp_path / "data"),
        PROBE_OUT=str(result_file),
        COLUMNS="200",  # help lines unwrapped
    )
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result_file.is_file(), done.stderr
    probe = json.loads(result_file.read_text())
    return probe["code"], set(probe["modules"]), done.stdout


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m == "mynumber.app")


def test_ids_check_imports_no_database_web_or_cryptography(tmp_path: Path) -> None:
    code, modules, out = _run(["ids", "check", "my-number", "123456789018"], tmp_path)
    assert code == 0
    assert out.strip() == "123456789018: valid my-number"
    assert _heavy(modules) == []
    assert not (tmp_path / "data").exists()  # nor does it touch the instance


def test_help_lists_every_sub_app_without_importing_them(tmp_path: Path) -> None:
    code, modules, out = _run(["--help"], tmp_path)
    assert code == 0
    for name, lazy in LAZY_COMMANDS.items():
        assert name in out and lazy.help in out
    assert _heavy(modules) == []
    assert not {lazy.target.partition(":")[0] for lazy in LAZY_COMMANDS.values()} & modules


def test_a_sub_app_is_imported_when_it_runs(tmp_path: Path) -> None:
    code, modules, out = _run(["registry", "--help"], tmp_path)
    assert code == 0
    assert "show" in out and "search" in out  # the sub-app's own commands
    assert "mynumber.registry.cli" in modules
    assert "mynumber.jpki.cli" not in modules


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_registered_help_is_the_sub_apps_own(name: str) -> None:
    command = LAZY_COMMANDS[name].load(name)
    assert command.name == name
    assert (command.help or "").strip().splitlines()[0] == LAZY_COMMANDS[name].help


def test_a_lazy_function_runs_as_a_command_once_invoked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lazy_sample_commands.py").write_text(
        textwrap.dedent(
            '''
            import typer

            def greet(name: str, shout: bool = False) -> None:
                """Greet NAME."""
                typer.echo(f"こんにちは {name}{'!' if shout else ''}")
            '''
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "lazy_sample_commands", raising=False)
    root = typer.Typer(
        cls=lazy_group({"greet": LazyCommand("lazy_sample_commands:greet", "Greet NAME.")})
    )

    @root.callback()
    def _root() -> None:
        """Root."""

    runner = CliRunner()
    listing = runner.invoke(root, ["--help"])
    assert listing.exit_code == 0 and "Greet NAME." in listing.output
    assert "lazy_sample_commands" not in sys.modules
    greeted = runner.invoke(root, ["greet", "花子", "--shout"])
    assert greeted.exit_code == 0, greeted.output
    assert greeted.output.strip() == "こんにちは 花子!"
    assert "lazy_sample_commands" in sys.modules
    unknown = runner.invoke(root, ["gret"])
    assert unknown.exit_code == 2 and "greet" in unknown.output  # suggested
