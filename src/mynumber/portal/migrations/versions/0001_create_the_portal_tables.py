"""create the portal tables

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from mynumber.kernel.migration_blocks import create_log_tables, drop_log_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "login_codes",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("waiter_digest", sa.String(length=64), nullable=False),
        sa.Column("challenge", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("resident_code", sa.String(length=11), nullable=True),
        sa.Column("serial", sa.String(length=40), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_login_codes")),
        schema="portal",
    )
    create_log_tables("portal", "login")
    op.create_table(
        "sessions",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_sessions")),
        schema="portal",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("sessions", schema="portal")
    drop_log_tables("portal", "login")
    op.drop_table("login_codes", schema="portal")
