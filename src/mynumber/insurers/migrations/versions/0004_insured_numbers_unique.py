"""insured numbers unique, one covering membership per person

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("memberships", schema="insurers") as batch_op:
        batch_op.drop_index("ix_memberships_insured_number")
        batch_op.create_unique_constraint(
            "uq_memberships_insured_number", ["insurer_number", "number", "symbol", "branch"]
        )
        batch_op.create_index(
            "uq_memberships_person_code_covered",
            ["person_code"],
            unique=True,
            sqlite_where=sa.text("valid_to IS NULL"),
            postgresql_where=sa.text("valid_to IS NULL"),
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("memberships", schema="insurers") as batch_op:
        batch_op.drop_index("uq_memberships_person_code_covered")
        batch_op.drop_constraint("uq_memberships_insured_number", type_="unique")
        batch_op.create_index(
            "ix_memberships_insured_number", ["insurer_number", "number"], unique=False
        )
