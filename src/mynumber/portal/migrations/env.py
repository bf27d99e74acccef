"""Alembic environment of the portal lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.portal.models import Base

run_env(Base.metadata)
