"""the Bundles of 電子カルテ情報共有サービス: the latest per identifier and every version

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "ehr_bundles",
        sa.Column("identifier", sa.String(length=200), nullable=False),
        sa.Column("facility_code", sa.String(length=10), nullable=False),
        sa.Column("patient_key", sa.String(length=64), nullable=False),
        sa.Column("insurer_number", sa.String(length=8), nullable=False),
        sa.Column("bundle_type", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("identifier", name=op.f("pk_ehr_bundles")),
        schema="health",
    )
    with op.batch_alter_table("ehr_bundles", schema="health") as batch_op:
        for column in ("facility_code", "insurer_number", "patient_key"):
            batch_op.create_index(batch_op.f(f"ix_ehr_bundles_{column}"), [column], unique=False)
    op.create_table(
        "ehr_bundle_versions",
        sa.Column("identifier", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("patient_key", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("identifier", "version", name=op.f("pk_ehr_bundle_versions")),
        schema="health",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("ehr_bundle_versions", schema="health")
    with op.batch_alter_table("ehr_bundles", schema="health") as batch_op:
        for column in ("patient_key", "insurer_number", "facility_code"):
            batch_op.drop_index(batch_op.f(f"ix_ehr_bundles_{column}"))
    op.drop_table("ehr_bundles", schema="health")
