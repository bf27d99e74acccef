"""Fixtures: every database test runs on SQLite and on PostgreSQL (127.0.0.1:5432/test)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Dialect, MetaData, create_engine, make_url, text

from mynumber.app import LINEAGES, System, build_system
from mynumber.care.models import Base as CareBase
from mynumber.eligibility.models import Base as EligibilityBase
from mynumber.employment.models import Base as EmploymentBase
from mynumber.facility.models import Base as FacilityBase
from mynumber.health.models import Base as HealthBase
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

BASE_POSTGRES_URL = os.environ.get(
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
    HealthBase.metadata,
    CareBase.metadata,
)
# Instance state that tests share, like the migrated schema: the JPKI CA hierarchy costs three
# RSA key pairs, so it is made once per session and backend.
KEPT_TABLES = frozenset({"jpki.authorities"})
# The tests' instances live in memory where the machine has a tmpfs: every test empties and
# refills its tables, and on a virtual disk each fsync of SQLite's WAL (commits, checkpoints at
# close) costs milliseconds, which made the suite's time follow the disk's latency of the day.
# MYNUMBER_TEST_TMPDIR chooses another folder; the product's own durability settings are kept.
TEST_TMPDIR = os.environ.get("MYNUMBER_TEST_TMPDIR", "/dev/shm")
# Noon in Japan on a fixed day, so dates in tests never depend on when they run.
NOW = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def pytest_configure(config: pytest.Config) -> None:
    """Put the tests' temporary folders (tmp_path, each instance's data folder) in TEST_TMPDIR;
    under pytest-xdist the controller chooses them for its workers."""
    if os.path.isdir(TEST_TMPDIR) and os.access(TEST_TMPDIR, os.W_OK):
        tempfile.tempdir = TEST_TMPDIR


def _own_database(base_url: str, worker: str | None) -> str:
    """Return the URL of this test process's own PostgreSQL database: the base one, or under
    pytest-xdist one per worker (`test_gw0`, …), made on first use beside the base one."""
    if not worker:
        return base_url
    base = make_url(base_url)
    own = base.set(database=f"{base.database}_{worker}")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
            )
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{own.database}"'))
            # A test database need not wait for its WAL to reach the disk at each commit (a
            # crash loses only the last commits of a run that is thrown away anyway).
            conn.execute(text(f'ALTER DATABASE "{own.database}" SET synchronous_commit = off'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


POSTGRES_URL = (
    _own_database(BASE_POSTGRES_URL, os.environ.get("PYTEST_XDIST_WORKER"))
    if "postgresql" in BACKENDS
    else BASE_POSTGRES_URL
)


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


_DELETES: dict[tuple[str, str], list[str]] = {}


def _deletes(metadata: MetaData, dialect: Dialect) -> list[str]:
    """Return the DELETE statements that empty a schema's tables, compiled once per dialect:
    every test empties every table, and compiling them anew each time cost more than running
    them (the engine and its statement cache are new with each test's instance)."""
    key = (str(metadata.schema), dialect.name)
    if key not in _DELETES:
        _DELETES[key] = [
            str(table.delete().compile(dialect=dialect))
            for table in reversed(metadata.sorted_tables)
            if table.fullname not in KEPT_TABLES
        ]
    return _DELETES[key]


@pytest.fixture
def system(settings: Settings, clock: FixedClock, profile: PolicyProfile) -> Iterator[System]:
    """Return an instance with empty tables under a policy profile, on each backend in turn."""
    # Empty the tables (outboxes and inboxes too) before the instance is built, so no message
    # of an earlier test is waiting for delivery.
    database = Database(settings.database_url, schemas=[lineage.schema for lineage in LINEAGES])
    for metadata in METADATAS:
        with database.scoped(str(metadata.schema)).connection() as conn:
            for statement in _deletes(metadata, conn.dialect):
                conn.exec_driver_sql(statement)
    database.dispose()
    under = dataclasses.replace(settings, policy=Policy.of(profile))
    built = build_system(under, clock=clock, migrate=False)
    yield built
    built.close()
