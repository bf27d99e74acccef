"""Alembic environment of the facility lineage."""

from mynumber.facility.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
