"""Fixtures: every database test runs on SQLite and on PostgreSQL (127.0.0.1:5432/test)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData

from mynumber.app import LINEAGES, System, build_system
from mynumber.eligibility.models import Base as EligibilityBase
from mynumber.employment.models import Base as EmploymentBase
from mynumber.facility.models import Base as FacilityBase
from mynumber.insurers.models import Base as InsurersBase
from mynumber.intermediate.models import Base as IntermediateBase
from mynumber.jpki.models import Base as JpkiBase
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.db import Database
from mynumber.kernel.migrate import drop_all
from mynumber.kernel.policy import Policy, PolicyProfile
from mynumber.kernel.settings import Settings
from mynumber.municipality.models import Base as MunicipalityBase
from mynumber.network.models import Base as NetworkBase
from mynumber.pension.models import Base as PensionBase
from mynumber.portal.models import Base as PortalBase
from mynumber.registry.models import Base as RegistryBase
from mynumber.staff.models import Base as StaffBase

POSTGRES_URL = os.environ.get(
    "MYNUMBER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = os.environ.get("MYNUMBER_TEST_BACKENDS", "sqlite,postgresql").split(",")
METADATAS: tuple[MetaData, ...] = (
    RegistryBase.metadata,
    JpkiBase.metadata,
    InsurersBase.metadata,
    EligibilityBase.metadata,
    FacilityBase.metadata,
    StaffBase.metadata,
    IntermediateBase.metadata,
    NetworkBase.metadata,
    MunicipalityBase.metadata,
    PensionBase.metadata,
    EmploymentBase.metadata,
    PortalBase.metadata,
)
# Instance state that tests share, like the migrated schema: the JPKI CA hierarchy costs three
# RSA key pairs, so it is made once per session and backend.
KEPT_TABLES = frozenset({"jpki.authorities"})
# Noon in Japan on a fixed day, so dates in tests never depend on when they run.
NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session", params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Return settings for a freshly migrated instance on one backend."""
    data_dir: Path = tmp_path_factory.mktemp(request.param)
    if request.param == "postgresql":
        drop_all(POSTGRES_URL, LINEAGES)
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{data_dir / 'main.db'}"
    settings = Settings(data_dir=data_dir, database_url=url)
    build_system(settings).close()  # migrate once per session
    return settings


@pytest.fixture
def clock() -> FixedClock:
    """Return a clock fixed at NOW."""
    return FixedClock(NOW)


@pytest.fixture
def profile() -> PolicyProfile:
    """Return the policy profile `system` runs under: the default, real. A test pins another
    or runs under both with `@pytest.mark.parametrize("profile", [...])`."""
    return PolicyProfile.REAL


@pytest.fixture
def system(settings: Settings, clock: FixedClock, profile: PolicyProfile) -> Iterator[System]:
    """Return an instance with empty tables under a policy profile, on each backend in turn."""
    # Empty the tables (outboxes and inboxes too) before the instance is built, so no message
    # of an earlier test is waiting for delivery.
    database = Database(settings.database_url, schemas=[lineage.schema for lineage in LINEAGES])
    for metadata in METADATAS:
        with database.scoped(str(metadata.schema)).connection() as conn:
            for table in reversed(metadata.sorted_tables):
                if table.fullname not in KEPT_TABLES:
                    conn.execute(table.delete())
    database.dispose()
    under = dataclasses.replace(settings, policy=Policy.of(profile))
    built = build_system(under, clock=clock, migrate=False)
    yield built
    built.close()
