"""add the vaccination and PMH tables

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
        "vaccinations",
        sa.Column("vaccination_id", sa.String(length=36), nullable=False),
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("vaccine_code", sa.String(length=20), nullable=False),
        sa.Column("vaccine_name", sa.String(length=100), nullable=False),
        sa.Column("lot_number", sa.String(length=30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("facility_name", sa.String(length=100), nullable=False),
        sa.Column("route", sa.String(length=10), nullable=False),
        sa.Column("site", sa.String(length=10), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("vaccination_id", name=op.f("pk_vaccinations")),
        schema="health",
    )
    with op.batch_alter_table("vaccinations", schema="health") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vaccinations_person_key"), ["person_key"], unique=False
        )
    op.create_table(
        "pmh_subsidies",
        sa.Column("subsidy_id", sa.String(length=36), nullable=False),
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("insurer_number", sa.String(length=8), nullable=False),
        sa.Column("recipient_number", sa.String(length=7), nullable=False),
        sa.Column("certification_name", sa.String(length=100), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("max_copayment", sa.Integer(), nullable=True),
        sa.Column("not_disclosed", sa.Boolean(), nullable=False),
        sa.Column("registered_by", sa.String(length=100), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("subsidy_id", name=op.f("pk_pmh_subsidies")),
        sa.UniqueConstraint("person_key", "insurer_number", name="uq_pmh_subsidies_person_insurer"),
        schema="health",
    )
    with op.batch_alter_table("pmh_subsidies", schema="health") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pmh_subsidies_person_key"), ["person_key"], unique=False
        )
    op.create_table(
        "pmh_checkups",
        sa.Column("checkup_id", sa.String(length=36), nullable=False),
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("not_disclosed", sa.Boolean(), nullable=False),
        sa.Column("registered_by", sa.String(length=100), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("checkup_id", name=op.f("pk_pmh_checkups")),
        schema="health",
    )
    with op.batch_alter_table("pmh_checkups", schema="health") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pmh_checkups_person_key"), ["person_key"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    for table in ("pmh_checkups", "pmh_subsidies", "vaccinations"):
        with op.batch_alter_table(table, schema="health") as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_person_key"))
        op.drop_table(table, schema="health")
