"""The architecture rules that import-linter alone does not state."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import mynumber

PACKAGE = Path(mynumber.__file__).parent
SUBSYSTEMS = sorted(
    p.name
    for p in PACKAGE.iterdir()
    if p.is_dir() and (p / "__init__.py").exists() and p.name != "kernel"
)
CONTRACTS = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["tool"][
    "importlinter"
]["contracts"]


def test_every_subsystem_has_a_protection_contract_and_the_same_shape() -> None:
    protected = {c["name"].split()[0] for c in CONTRACTS if c["type"] == "protected"}
    assert set(SUBSYSTEMS) <= protected
    for name in SUBSYSTEMS:
        assert _surface(name, "api").exists() and _surface(name, "data").exists()


def _surface(subsystem: str, module: str) -> Path:
    """Return the file of a subsystem's `api` or `data`: a module, or a package's __init__."""
    package = PACKAGE / subsystem / module / "__init__.py"
    return package if package.exists() else PACKAGE / subsystem / f"{module}.py"


def test_every_api_declares_its_public_surface() -> None:
    for name in SUBSYSTEMS:
        tree = ast.parse(_surface(name, "api").read_text())
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
