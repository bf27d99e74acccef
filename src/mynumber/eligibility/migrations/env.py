"""Alembic environment of the eligibility lineage."""

from mynumber.eligibility.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
