"""The flows run under both policy profiles: `system` here is built once per profile.

No switch of either profile acts on these flows yet, so the tests assert the same outcome under
both: a difference would show a switch acting where it should not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from mynumber.app import LINEAGES, System, build_system
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.db import Database
from mynumber.kernel.policy import Policy, PolicyProfile
from mynumber.kernel.settings import Settings

from ...conftest import KEPT_TABLES, METADATAS


@pytest.fixture(params=[p.value for p in PolicyProfile])
def system(
    request: pytest.FixtureRequest, settings: Settings, clock: FixedClock
) -> Iterator[System]:
    """Return an instance with empty tables under one profile, on each backend in turn."""
    database = Database(settings.database_url, schemas=[lineage.schema for lineage in LINEAGES])
    for metadata in METADATAS:
        with database.scoped(str(metadata.schema)).connection() as conn:
            for table in reversed(metadata.sorted_tables):
                if table.fullname not in KEPT_TABLES:
                    conn.execute(table.delete())
    database.dispose()
    profiled = dataclasses.replace(settings, policy=Policy.of(request.param))
    built = build_system(profiled, clock=clock, migrate=False)
    yield built
    built.close()
