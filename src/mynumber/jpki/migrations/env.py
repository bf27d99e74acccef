"""Alembic environment of the jpki lineage."""

from mynumber.jpki.models import Base
from mynumber.kernel.migrate import run_env

run_env(Base.metadata)
