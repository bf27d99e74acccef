"""each agency's public key (Ed25519, standing in for its 中間サーバー's certificate)

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("agencies", schema="network") as batch_op:
        batch_op.add_column(sa.Column("public_key", sa.String(length=43), nullable=True))
        batch_op.add_column(sa.Column("key_registered_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("agencies", schema="network") as batch_op:
        batch_op.drop_column("key_registered_at")
        batch_op.drop_column("public_key")
