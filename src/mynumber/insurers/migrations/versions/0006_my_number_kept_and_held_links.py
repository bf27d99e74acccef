"""the My Number beside the membership (real policy), enrolments held for a link check

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("memberships", schema="insurers") as batch_op:
        batch_op.add_column(sa.Column("my_number", sa.String(length=12), nullable=True))
    op.create_table(
        "held_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("insurer_number", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_kana", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sex", sa.SmallInteger(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("mismatched", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_links")),
        schema="insurers",
    )
    with op.batch_alter_table("held_links", schema="insurers") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_held_links_insurer_number"), ["insurer_number"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("held_links", schema="insurers") as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_links_insurer_number"))
    op.drop_table("held_links", schema="insurers")
    with op.batch_alter_table("memberships", schema="insurers") as batch_op:
        batch_op.drop_column("my_number")
