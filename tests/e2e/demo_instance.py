"""A small demo instance, set up once per session by `mynumber demo` and copied for each test.

The demo's set-up costs the same for 50 people as for more (every facility of the catalogue, a
terminal for each in Tokyo, one staff login per role): the tests that start from it and then
change it each get a copy of the data directory (database and key file) instead of running it
again. What the demo prints is kept for the test that checks it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .cli_in_process import run

__all__ = ["SmallDemo", "small_demo", "small_demo_template"]

SMALL_DEMO = ("demo", "--people", "50", "--cards", "0", "--no-insurance", "--no-serve")


class SmallDemo:
    """A test's own copy of the small demo instance, and what the demo printed."""

    def __init__(self, data_dir: Path, demo: subprocess.CompletedProcess[str]) -> None:
        self.data_dir, self.demo = data_dir, demo


@pytest.fixture(scope="session")
def small_demo_template(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Run `mynumber demo` for 50 people (no cards, no insurance lives) once per session."""
    data_dir = tmp_path_factory.mktemp("small-demo")
    demo = run(*SMALL_DEMO, data_dir=data_dir)
    assert demo.returncode == 0, demo.stderr
    return data_dir, demo


@pytest.fixture
def small_demo(
    small_demo_template: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> SmallDemo:
    """Return a copy of the small demo instance in this test's own directory."""
    template, demo = small_demo_template
    data_dir = tmp_path / "instance"
    shutil.copytree(template, data_dir)
    return SmallDemo(data_dir, demo)
