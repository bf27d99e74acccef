"""The lock files scripts/setup installs from: exact, hashed, complete, and with no address.

A dependency added to pyproject.toml or package.json without re-running scripts/lock fails here
(and scripts/setup would not install it); so does a lock that names an index or a download URL.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
_HASH = re.compile(r"^--hash=sha256:[0-9a-f]{64}(\s*\\)?$")


def _pins(lock: str) -> dict[str, Version]:
    """Read a pip-compile lock: every entry a name==version with its SHA-256 hashes."""
    pins: dict[str, Version] = {}
    name = None
    hashes: dict[str, int] = {}
    for raw in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if pin := _PIN.match(line):
            name = canonicalize_name(pin[1])
            pins[name] = Version(pin[2])
            hashes[name] = 0
        else:
            assert _HASH.match(line), f"{lock}: not a pin or a hash: {line!r}"
            assert name is not None
            hashes[name] += 1
    assert pins, f"{lock} pins nothing"
    assert all(hashes.values()), (
        f"{lock}: pins without a hash: {[n for n, c in hashes.items() if not c]}"
    )
    return pins


def _assert_satisfies(lock: str, requirements: list[str]) -> None:
    pins = _pins(lock)
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} lacks {requirement.name}: run scripts/lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}: run scripts/lock"
        )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_a_lock_names_no_index_or_download_address(lock: str) -> None:
    text = (ROOT / lock).read_text(encoding="utf-8")
    assert "://" not in text
    options = [line for line in text.splitlines() if line.lstrip().startswith("-")]
    assert all(line.lstrip().startswith("--hash=") for line in options), options


def test_the_server_lock_holds_every_dependency_and_the_build_backend() -> None:
    _assert_satisfies(
        "requirements.lock",
        [*PYPROJECT["project"]["dependencies"], *PYPROJECT["build-system"]["requires"]],
    )


def test_the_dev_lock_adds_the_dev_tools_at_the_same_versions() -> None:
    _assert_satisfies(
        "requirements-dev.lock",
        [
            *PYPROJECT["project"]["dependencies"],
            *PYPROJECT["project"]["optional-dependencies"]["dev"],
            *PYPROJECT["build-system"]["requires"],
        ],
    )
    server, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: dev.get(name) for name in server} == server


def test_the_npm_lock_pins_every_asset_by_integrity_without_an_address() -> None:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert "://" not in json.dumps(lock)  # no `resolved` download address
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    for path, entry in packages.items():
        assert entry.get("integrity", "").startswith("sha512-"), path
        assert "resolved" not in entry, path
    assert lock["packages"][""]["dependencies"] == manifest["dependencies"]
    for name, version in manifest["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version"
        assert packages[f"node_modules/{name}"]["version"] == version
