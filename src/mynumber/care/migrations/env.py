"""Alembic environment of the care lineage."""

from mynumber.care.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
