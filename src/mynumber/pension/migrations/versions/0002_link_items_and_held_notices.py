"""the first notice's other items beside the link, and notices held for a link check

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
    with op.batch_alter_table("people", schema="pension") as batch_op:
        batch_op.add_column(sa.Column("name_kana", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("sex", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("address", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("postal_code", sa.String(length=7), nullable=True))
    op.create_table(
        "held_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=101), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("mismatched", sa.String(length=40), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_notices")),
        schema="pension",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("held_notices", schema="pension")
    with op.batch_alter_table("people", schema="pension") as batch_op:
        for column in ("postal_code", "address", "sex", "name_kana"):
            batch_op.drop_column(column)
