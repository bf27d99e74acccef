"""The architecture rules that import-linter alone does not state."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import mynumber

PACKAGE = Path(mynumber.__file__).parent
TOOLS = {"kernel", "bench"}  # packages that are no organisation: shared code, the benchmarks
SUBSYSTEMS = sorted(
    p.name
    for p in PACKAGE.iterdir()
    if p.is_dir() and (p / "__init__.py").exists() and p.name not in TOOLS
)
CONTRACTS = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["tool"][
    "importlinter"
]["contracts"]


def _public(subsystem: str, name: str) -> Path | None:
    """Return the file of a subsystem's public module or package, or None."""
    for path in (PACKAGE / subsystem / f"{name}.py", PACKAGE / subsystem / name / "__init__.py"):
        if path.exists():
            return path
    return None


def test_internals_are_protected_by_one_contract_for_all_subsystems() -> None:
    (contract,) = [c for c in CONTRACTS if c["type"] == "subsystem_internals"]
    # linkability: the one place a subsystem declares the identifiers it holds (for the audit).
    assert contract["root"] == "mynumber" and contract["public"] == ["api", "data", "linkability"]
    assert contract["shared"] == ["kernel"]
    assert not [c for c in CONTRACTS if c["type"] == "protected"], "a hand-kept list came back"


def test_a_linkability_declaration_imports_nothing_but_the_kernel_vocabulary() -> None:
    # The audit imports these declarations: importing a table through one would break its rule.
    for path in PACKAGE.glob("*/linkability.py"):
        if path.parent.name in {"kernel", "audit"}:  # the vocabulary, and the audit reading them
            continue
        tree = ast.parse(path.read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert imported <= {"mynumber.kernel.linkability", "__future__"}, path


def test_every_subsystem_has_the_same_shape() -> None:
    for name in SUBSYSTEMS:
        assert _public(name, "api") and _public(name, "data"), f"{name} lacks api or data"


def test_every_api_declares_its_public_surface() -> None:
    for name in SUBSYSTEMS:
        api = _public(name, "api")
        assert api is not None
        tree = ast.parse(api.read_text())
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
