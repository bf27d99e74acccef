"""The subsystem-internals contract, run by lint-imports on a small package made for the test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"
CONFIG = """
[importlinter]
root_package = town
contract_types =
    subsystem_internals: tests.import_contracts.SubsystemInternalsContract

[importlinter:contract:internals]
name = internals
type = subsystem_internals
root = town
public =
    api
    data
shared =
    kernel
allowed_importers =
    town.app
"""


def _town(root: Path, modules: dict[str, str]) -> None:
    """Write the package `town`: each dotted name a module with the given source."""
    for dotted, source in modules.items():
        path = root.joinpath(*dotted.split("."))
        if dotted.count(".") == 0 or dotted.endswith("__init__"):
            path = path if dotted.endswith("__init__") else path / "__init__"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_suffix(".py").write_text(source)


def _lint(tmp_path: Path, modules: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        "town": "",
        "town.kernel.__init__": "",
        "town.kernel.clock": "",
        "town.harbour.__init__": "",
        "town.harbour.api": "from town.harbour import ledger\n",
        "town.harbour.data": "",
        "town.harbour.ledger": "from town.kernel import clock\n",
        "town.harbour.forms.__init__": "",
        "town.harbour.forms.entry": "",
        "town.harbour.data_rules": "",
        "town.market.__init__": "",
        "town.market.api": "",
        "town.app": "import town.harbour.ledger\n",
    }
    _town(tmp_path, {**base, **modules})
    config = tmp_path / "importlinter.ini"
    config.write_text(CONFIG)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [str(LINT), "--config", str(config), "--no-cache"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_public_modules_shared_kernel_and_the_composition_root_are_allowed(tmp_path: Path) -> None:
    uses = "from town.harbour import api, data\nfrom town.kernel import clock\n"
    result = _lint(tmp_path, {"town.market.service": uses})
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("importer_source", "imported"),
    [
        ("from town.harbour import ledger\n", "town.harbour.ledger"),
        ("from town.harbour.forms import entry\n", "town.harbour.forms.entry"),
        # a name that merely starts like a public one is no public module
        ("import town.harbour.data_rules\n", "town.harbour.data_rules"),
    ],
)
def test_any_other_module_of_a_subsystem_is_internal(
    tmp_path: Path, importer_source: str, imported: str
) -> None:
    result = _lint(tmp_path, {"town.market.service": importer_source})
    assert result.returncode == 1
    assert f"town.market.service -> {imported}" in result.stdout
