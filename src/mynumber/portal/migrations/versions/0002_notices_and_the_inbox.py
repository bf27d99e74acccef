"""notices and the inbox

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
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=43), nullable=False),
        sa.Column("sender", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        schema="portal",
    )
    op.create_index(
        "ix_notices_agency_code", "notices", ["agency", "code"], unique=False, schema="portal"
    )
    create_inbox("portal")


def downgrade() -> None:
    """Revert this revision."""
    drop_inbox("portal")
    op.drop_index("ix_notices_agency_code", table_name="notices", schema="portal")
    op.drop_table("notices", schema="portal")
