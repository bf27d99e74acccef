"""Alembic environment of the staff lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.staff.models import Base

run_env(Base.metadata)
