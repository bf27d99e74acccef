"""広域連合 members' municipalities and 負担割合 decisions over the network

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "member_residences",
        sa.Column("insurer_number", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("insurer_number", "number", name=op.f("pk_member_residences")),
        schema="insurers",
    )
    op.create_table(
        "contribution_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("membership_id", sa.String(length=32), nullable=False),
        sa.Column("fiscal_year", sa.SmallInteger(), nullable=False),
        sa.Column("income", sa.String(length=20), nullable=False),
        sa.Column("contribution_percent", sa.SmallInteger(), nullable=False),
        sa.Column("previous_percent", sa.SmallInteger(), nullable=False),
        sa.Column("household_members", sa.SmallInteger(), nullable=False),
        sa.Column("reason", sa.String(length=80), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_decisions")),
        schema="insurers",
    )
    with op.batch_alter_table("contribution_decisions", schema="insurers") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contribution_decisions_membership_id"), ["membership_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("contribution_decisions", schema="insurers") as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_decisions_membership_id"))
    op.drop_table("contribution_decisions", schema="insurers")
    op.drop_table("member_residences", schema="insurers")
