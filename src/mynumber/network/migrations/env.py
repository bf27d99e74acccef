"""Alembic environment of the network lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.network.models import Base

run_env(Base.metadata)
