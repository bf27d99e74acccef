"""create the municipality tables

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
    create_log_tables("municipality", "access")
    op.create_table(
        "addressees",
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("address_number", sa.String(length=15), nullable=False),
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("my_number", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=101), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("household_code", sa.String(length=12), nullable=False),
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("municipality_code", "address_number", name=op.f("pk_addressees")),
        schema="municipality",
    )
    with op.batch_alter_table("addressees", schema="municipality") as batch_op:
        batch_op.create_index(
            "ix_addressees_household", ["municipality_code", "household_code"], unique=False
        )
        batch_op.create_index("ix_addressees_my_number", ["my_number"], unique=False)
        batch_op.create_index(
            "uq_addressees_resident", ["municipality_code", "resident_code"], unique=True
        )

    op.create_table(
        "allowance_decisions",
        sa.Column("decision_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("household_code", sa.String(length=12), nullable=False),
        sa.Column("recipient", sa.String(length=15), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("children", sa.Text(), nullable=False),
        sa.Column("monthly_total", sa.Integer(), nullable=False),
        sa.Column("payment_month", sa.Date(), nullable=False),
        sa.Column("payment_amount", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_allowance_decisions")),
        schema="municipality",
    )
    with op.batch_alter_table("allowance_decisions", schema="municipality") as batch_op:
        batch_op.create_index(
            "ix_allowance_decisions_household",
            ["municipality_code", "household_code"],
            unique=False,
        )

    op.create_table(
        "assessments",
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("address_number", sa.String(length=15), nullable=False),
        sa.Column("fiscal_year", sa.SmallInteger(), nullable=False),
        sa.Column("income_year", sa.SmallInteger(), nullable=False),
        sa.Column("salary_revenue", sa.BigInteger(), nullable=False),
        sa.Column("salary_income", sa.BigInteger(), nullable=False),
        sa.Column("pension_revenue", sa.BigInteger(), nullable=False),
        sa.Column("pension_income", sa.BigInteger(), nullable=False),
        sa.Column("other_income", sa.BigInteger(), nullable=False),
        sa.Column("total_income", sa.BigInteger(), nullable=False),
        sa.Column("deductions", sa.BigInteger(), nullable=False),
        sa.Column("taxable_income", sa.BigInteger(), nullable=False),
        sa.Column("spouse", sa.Boolean(), nullable=False),
        sa.Column("dependants", sa.SmallInteger(), nullable=False),
        sa.Column("municipal_income_levy", sa.BigInteger(), nullable=False),
        sa.Column("prefectural_income_levy", sa.BigInteger(), nullable=False),
        sa.Column("per_capita_levy", sa.Integer(), nullable=False),
        sa.Column("exempt", sa.Boolean(), nullable=False),
        sa.Column("income_levy_exempt", sa.Boolean(), nullable=False),
        sa.Column("assessed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "municipality_code", "address_number", "fiscal_year", name=op.f("pk_assessments")
        ),
        schema="municipality",
    )
    op.create_table(
        "incomes",
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("address_number", sa.String(length=15), nullable=False),
        sa.Column("income_year", sa.SmallInteger(), nullable=False),
        sa.Column("salary_revenue", sa.BigInteger(), nullable=False),
        sa.Column("pension_revenue", sa.BigInteger(), nullable=False),
        sa.Column("other_income", sa.BigInteger(), nullable=False),
        sa.Column("social_insurance", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "municipality_code", "address_number", "income_year", name=op.f("pk_incomes")
        ),
        schema="municipality",
    )
    op.create_table(
        "municipalities",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("next_address_number", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_municipalities")),
        schema="municipality",
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("municipalities", schema="municipality")
    op.drop_table("incomes", schema="municipality")
    op.drop_table("assessments", schema="municipality")
    with op.batch_alter_table("allowance_decisions", schema="municipality") as batch_op:
        batch_op.drop_index("ix_allowance_decisions_household")

    op.drop_table("allowance_decisions", schema="municipality")
    with op.batch_alter_table("addressees", schema="municipality") as batch_op:
        batch_op.drop_index("uq_addressees_resident")
        batch_op.drop_index("ix_addressees_my_number")
        batch_op.drop_index("ix_addressees_household")

    op.drop_table("addressees", schema="municipality")
    drop_log_tables("municipality", "access")
