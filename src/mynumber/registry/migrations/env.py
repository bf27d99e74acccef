"""Alembic environment of the registry lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.registry.models import Base

run_env(Base.metadata)
