"""create the health tables

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
    create_log_tables("health", "access")
    op.create_table(
        "dispensings",
        sa.Column("dispensing_id", sa.String(length=36), nullable=False),
        sa.Column("prescription_id", sa.String(length=36), nullable=False),
        sa.Column("patient_key", sa.String(length=64), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("dispensed_on", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("use", sa.Integer(), nullable=False),
        sa.Column("drugs", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("dispensing_id", name=op.f("pk_dispensings")),
        schema="health",
    )
    with op.batch_alter_table("dispensings", schema="health") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispensings_patient_key"), ["patient_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispensings_prescription_id"), ["prescription_id"], unique=False
        )

    op.create_table(
        "failed_retrievals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("patient_key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_retrievals")),
        schema="health",
    )
    with op.batch_alter_table("failed_retrievals", schema="health") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_failed_retrievals_facility_code"), ["facility_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_failed_retrievals_patient_key"), ["patient_key"], unique=False
        )

    op.create_table(
        "practitioners",
        sa.Column("practitioner_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("license_number", sa.String(length=10), nullable=False),
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("practitioner_id", name=op.f("pk_practitioners")),
        sa.UniqueConstraint("key_digest", name=op.f("uq_practitioners_key_digest")),
        schema="health",
    )
    op.create_table(
        "prescriptions",
        sa.Column("prescription_id", sa.String(length=36), nullable=False),
        sa.Column("exchange_number", sa.String(length=6), nullable=False),
        sa.Column("patient_key", sa.String(length=64), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("practitioner_id", sa.String(length=36), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("uses_left", sa.Integer(), nullable=False),
        sa.Column("received_by", sa.String(length=10), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("prescription_id", name=op.f("pk_prescriptions")),
        schema="health",
    )
    with op.batch_alter_table("prescriptions", schema="health") as batch_op:
        batch_op.create_index("ix_prescriptions_exchange_number", ["exchange_number"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prescriptions_patient_key"), ["patient_key"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("prescriptions", schema="health") as batch_op:
        batch_op.drop_index(batch_op.f("ix_prescriptions_patient_key"))
        batch_op.drop_index("ix_prescriptions_exchange_number")

    op.drop_table("prescriptions", schema="health")
    op.drop_table("practitioners", schema="health")
    with op.batch_alter_table("failed_retrievals", schema="health") as batch_op:
        batch_op.drop_index(batch_op.f("ix_failed_retrievals_patient_key"))
        batch_op.drop_index(batch_op.f("ix_failed_retrievals_facility_code"))

    op.drop_table("failed_retrievals", schema="health")
    with op.batch_alter_table("dispensings", schema="health") as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispensings_prescription_id"))
        batch_op.drop_index(batch_op.f("ix_dispensings_patient_key"))

    op.drop_table("dispensings", schema="health")
    drop_log_tables("health", "access")
