"""create the facility tables

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "facilities",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefecture_code", sa.String(length=2), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_facilities")),
        schema="facility",
    )
    with op.batch_alter_table("facilities", schema="facility") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_facilities_prefecture_code"), ["prefecture_code"], unique=False
        )
    op.create_table(
        "terminals",
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("private_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_terminals")),
        schema="facility",
    )
    with op.batch_alter_table("terminals", schema="facility") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_terminals_facility_code"), ["facility_code"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("terminals", schema="facility") as batch_op:
        batch_op.drop_index(batch_op.f("ix_terminals_facility_code"))
    op.drop_table("terminals", schema="facility")
    with op.batch_alter_table("facilities", schema="facility") as batch_op:
        batch_op.drop_index(batch_op.f("ix_facilities_prefecture_code"))
    op.drop_table("facilities", schema="facility")
