"""outbox of messages, and the certificates J-LIS has sent an expiry notice for

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mynumber.kernel.migration_blocks import create_outbox, drop_outbox

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    create_outbox("jpki")
    op.create_table(
        "expiry_notices",
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("card_id", sa.String(length=16), nullable=False),
        sa.Column("not_after", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_expiry_notices")),
        schema="jpki",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("expiry_notices", schema="jpki")
    drop_outbox("jpki")
