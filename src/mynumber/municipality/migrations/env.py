"""Alembic environment of the municipality lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.municipality.models import Base

run_env(Base.metadata)
