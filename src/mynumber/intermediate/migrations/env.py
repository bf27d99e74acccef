"""Alembic environment of the intermediate lineage."""

from mynumber.intermediate.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
