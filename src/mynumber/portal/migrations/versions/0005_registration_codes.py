"""the one-time codes of 利用登録 and 登録解除 from the page

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
        "registration_codes",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("challenge", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=8), nullable=True),
        sa.Column("message", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_registration_codes")),
        schema="portal",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("registration_codes", schema="portal")
