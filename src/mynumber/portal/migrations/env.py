"""Alembic environment of the portal lineage."""

from mynumber.kernel.migrate import run_env
from mynumber.portal import (
    account_tables,  # noqa: F401  (its tables join the metadata)
    registration_codes,  # noqa: F401  (its table joins the metadata)
)
from mynumber.portal.models import Base
from mynumber.portal.oauth import models as _oauth_tables  # noqa: F401 (same schema)

run_env(Base.metadata)
