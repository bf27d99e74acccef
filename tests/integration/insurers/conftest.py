"""The instance under each policy profile, for tests that show the difference."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from mynumber.app import System, build_system
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.policy import Policy, PolicyProfile
from mynumber.kernel.settings import Settings


@pytest.fixture(params=[PolicyProfile.REAL, PolicyProfile.SAFEGUARDED], ids=str)
def profiled(
    request: pytest.FixtureRequest, system: System, settings: Settings, clock: FixedClock
) -> Iterator[System]:
    """Return the instance (its tables emptied by `system`) under one profile, then the other."""
    built = build_system(
        replace(settings, policy=Policy.of(request.param)), clock=clock, migrate=False
    )
    yield built
    built.close()
