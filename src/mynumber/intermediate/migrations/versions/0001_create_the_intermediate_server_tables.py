"""create the intermediate server tables

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
        "code_links",
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("address_number", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=43), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("agency", "address_number", name=op.f("pk_code_links")),
        sa.UniqueConstraint("agency", "code", name=op.f("uq_code_links_agency_code")),
        schema="intermediate",
    )
    op.create_table(
        "copies",
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("address_number", sa.String(length=20), nullable=False),
        sa.Column("item_code", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_from", sa.Date(), nullable=False),
        sa.Column("published_until", sa.Date(), nullable=True),
        sa.Column("values_json", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "agency", "address_number", "item_code", "version", name=op.f("pk_copies")
        ),
        schema="intermediate",
    )
    create_log_tables("intermediate", "exchange")


def downgrade() -> None:
    """Revert this revision."""
    drop_log_tables("intermediate", "exchange")
    op.drop_table("copies", schema="intermediate")
    op.drop_table("code_links", schema="intermediate")
