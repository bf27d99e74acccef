"""create the network tables

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
        "agencies",
        sa.Column("agency_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("connected_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("agency_id", name=op.f("pk_agencies")),
        schema="network",
    )
    op.create_table(
        "codes",
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=43), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("agency", "code", name=op.f("pk_codes")),
        schema="network",
    )
    with op.batch_alter_table("codes", schema="network") as batch_op:
        batch_op.create_index("ix_codes_person_agency", ["person", "agency"], unique=True)

    create_log_tables("network", "exchange")
    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("procedure", sa.String(length=20), nullable=False),
        sa.Column("requester", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("refusal", sa.String(length=40), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
        schema="network",
    )
    with op.batch_alter_table("exchanges", schema="network") as batch_op:
        batch_op.create_index(
            "ix_exchanges_procedure_requester", ["procedure", "requester"], unique=False
        )

    op.create_table(
        "seen_requests",
        sa.Column("requester", sa.String(length=40), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("requester", "request_id", name=op.f("pk_seen_requests")),
        schema="network",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("seen_requests", schema="network")
    with op.batch_alter_table("exchanges", schema="network") as batch_op:
        batch_op.drop_index("ix_exchanges_procedure_requester")

    op.drop_table("exchanges", schema="network")
    drop_log_tables("network", "exchange")
    with op.batch_alter_table("codes", schema="network") as batch_op:
        batch_op.drop_index("ix_codes_person_agency")

    op.drop_table("codes", schema="network")
    op.drop_table("agencies", schema="network")
