"""Alembic environment of the employment lineage."""

from mynumber.employment.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
