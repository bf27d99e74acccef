"""公金受取口座, 代理人 and the DV 支援措置 flag

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "accounts",
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("bank_code", sa.String(length=4), nullable=False),
        sa.Column("branch_code", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=7), nullable=False),
        sa.Column("holder_kana", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("held_reason", sa.String(length=200), nullable=True),
        sa.Column("registered_by", sa.String(length=40), nullable=False),
        sa.Column("decline_until", sa.DateTime(), nullable=True),
        sa.Column("needs_confirmation", sa.Boolean(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("resident_code", name=op.f("pk_accounts")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_accounts_number"), "accounts", ["number"], unique=False, schema="portal"
    )
    op.create_table(
        "proxies",
        sa.Column("proxy_id", sa.String(length=32), nullable=False),
        sa.Column("principal", sa.String(length=11), nullable=False),
        sa.Column("proxy", sa.String(length=11), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("proof", sa.String(length=32), nullable=False),
        sa.Column("scopes", sa.String(length=100), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("proxy_id", name=op.f("pk_proxies")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_proxies_principal"), "proxies", ["principal"], unique=False, schema="portal"
    )
    op.create_index(op.f("ix_proxies_proxy"), "proxies", ["proxy"], unique=False, schema="portal")
    op.create_table(
        "account_copies",
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("resident_code", name=op.f("pk_account_copies")),
        schema="portal",
    )
    op.create_table(
        "protections",
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("resident_code", name=op.f("pk_protections")),
        schema="portal",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("protections", schema="portal")
    op.drop_table("account_copies", schema="portal")
    op.drop_index(op.f("ix_proxies_proxy"), table_name="proxies", schema="portal")
    op.drop_index(op.f("ix_proxies_principal"), table_name="proxies", schema="portal")
    op.drop_table("proxies", schema="portal")
    op.drop_index(op.f("ix_accounts_number"), table_name="accounts", schema="portal")
    op.drop_table("accounts", schema="portal")
