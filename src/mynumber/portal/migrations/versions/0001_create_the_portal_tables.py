"""create the portal tables

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
    op.create_table(
        "login_heads",
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("stream", name=op.f("pk_login_heads")),
        schema="portal",
    )
    op.create_table(
        "login_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_records")),
        sa.UniqueConstraint("stream", "seq", name=op.f("uq_login_records_stream_seq")),
        schema="portal",
    )
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
    op.drop_table("login_records", schema="portal")
    op.drop_table("login_heads", schema="portal")
    op.drop_table("login_codes", schema="portal")
