"""Alembic environment of the insurers lineage."""

from mynumber.insurers.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
