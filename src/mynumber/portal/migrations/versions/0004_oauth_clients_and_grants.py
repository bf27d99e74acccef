"""the 自己情報取得API: clients, consent screens, consents, codes and tokens

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
    op.create_table(
        "oauth_clients",
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=400), nullable=False),
        sa.Column("redirect_uris", sa.Text(), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_oauth_clients")),
        schema="portal",
    )
    op.create_table(
        "oauth_requests",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_oauth_requests")),
        schema="portal",
    )
    op.create_table(
        "oauth_consents",
        sa.Column("consent_id", sa.String(length=32), nullable=False),
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("period", sa.Boolean(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("consent_id", name=op.f("pk_oauth_consents")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_oauth_consents_resident_code"),
        "oauth_consents",
        ["resident_code"],
        unique=False,
        schema="portal",
    )
    op.create_table(
        "oauth_codes",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("consent_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("redirect_uri", sa.String(length=400), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("code_challenge", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_oauth_codes")),
        schema="portal",
    )
    op.create_table(
        "oauth_tokens",
        sa.Column("access_digest", sa.String(length=64), nullable=False),
        sa.Column("refresh_digest", sa.String(length=64), nullable=True),
        sa.Column("consent_id", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("access_digest", name=op.f("pk_oauth_tokens")),
        sa.UniqueConstraint("refresh_digest", name=op.f("uq_oauth_tokens_refresh_digest")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_oauth_tokens_consent_id"),
        "oauth_tokens",
        ["consent_id"],
        unique=False,
        schema="portal",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_oauth_tokens_consent_id"), table_name="oauth_tokens", schema="portal")
    op.drop_table("oauth_tokens", schema="portal")
    op.drop_table("oauth_codes", schema="portal")
    op.drop_index(
        op.f("ix_oauth_consents_resident_code"), table_name="oauth_consents", schema="portal"
    )
    op.drop_table("oauth_consents", schema="portal")
    op.drop_table("oauth_requests", schema="portal")
    op.drop_table("oauth_clients", schema="portal")
