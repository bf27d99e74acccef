"""keep the household of each insured person; inbox of the registry's changes

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mynumber.kernel.migration_blocks import create_inbox, drop_inbox

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("insured", schema="care") as batch:
        batch.add_column(sa.Column("household_code", sa.String(length=11), nullable=True))
    op.create_index(
        "ix_insured_household", "insured", ["household_code"], unique=False, schema="care"
    )
    create_inbox("care")


def downgrade() -> None:
    """Revert this revision."""
    drop_inbox("care")
    op.drop_index("ix_insured_household", table_name="insured", schema="care")
    with op.batch_alter_table("insured", schema="care") as batch:
        batch.drop_column("household_code")
