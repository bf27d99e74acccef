"""the insurer's name (保険者名称) beside each membership, as the answer shows it

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("memberships", schema="eligibility") as batch_op:
        batch_op.add_column(
            sa.Column("insurer_name", sa.String(length=100), server_default="", nullable=False)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("memberships", schema="eligibility") as batch_op:
        batch_op.drop_column("insurer_name")
