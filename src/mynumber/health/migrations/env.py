"""Alembic environment of the health lineage."""

from mynumber.health.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
