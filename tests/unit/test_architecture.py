"""The architecture rules that import-linter alone does not state."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import mynumber

PACKAGE = Path(mynumber.__file__).parent
# Packages that are no organisation: shared infrastructure, and measurements the CLI runs.
NOT_SUBSYSTEMS = {"kernel", "bench"}
SUBSYSTEMS = sorted(
    p.name
    for p in PACKAGE.iterdir()
    if p.is_dir() and (p / "__init__.py").exists() and p.name not in NOT_SUBSYSTEMS
)
CONTRACTS = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["tool"][
    "importlinter"
]["contracts"]


def test_every_subsystem_has_a_protection_contract_and_the_same_shape() -> None:
    protected = {c["name"].split()[0] for c in CONTRACTS if c["type"] == "protected"}
    assert set(SUBSYSTEMS) <= protected
    for name in SUBSYSTEMS:
        assert (PACKAGE / name / "api.py").exists() and (PACKAGE / name / "data.py").exists()


def test_every_api_declares_its_public_surface() -> None:
    for name in SUBSYSTEMS:
        tree = ast.parse((PACKAGE / name / "api.py").read_text())
        exported = [
            n
            for n in tree.body
            if isinstance(n, ast.Assign)
            and any(getattr(t, "id", "") == "__all__" for t in n.targets)
        ]
        assert exported, f"{name}/api.py has no __all__"


def test_modules_stay_short() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 400 and "migrations" not in p.parts
    }
    assert long == {}
