"""create the staff tables

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
        "accounts",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("org_kind", sa.String(length=20), nullable=False),
        sa.Column("org_id", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_accounts")),
        schema="staff",
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account"], ["staff.accounts.name"], name=op.f("fk_api_tokens_account_accounts")
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("digest", name=op.f("uq_api_tokens_digest")),
        schema="staff",
    )
    with op.batch_alter_table("api_tokens", schema="staff") as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_account"), ["account"], unique=False)

    op.create_table(
        "sessions",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account"], ["staff.accounts.name"], name=op.f("fk_sessions_account_accounts")
        ),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_sessions")),
        schema="staff",
    )
    with op.batch_alter_table("sessions", schema="staff") as batch_op:
        batch_op.create_index(batch_op.f("ix_sessions_account"), ["account"], unique=False)


def downgrade() -> None:
    """Revert this revision."""

    with op.batch_alter_table("sessions", schema="staff") as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessions_account"))

    op.drop_table("sessions", schema="staff")
    with op.batch_alter_table("api_tokens", schema="staff") as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_account"))

    op.drop_table("api_tokens", schema="staff")
    op.drop_table("accounts", schema="staff")
