"""Alembic environment of the pension lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.pension.models import Base

run_env(Base.metadata)
