"""drop the portal's DV flag, now the registry's support measure

The DV 支援措置 is the resident register's (`registry.support_measures`, registry 0003). A flag
set here before cannot be carried over (the portal does not write the register's tables): each
resident code still flagged is logged as a warning, for the register's desk to set the measure
again (`mynumber registry support-measure CODE --on`).

Revision ID: 0006
Revises: 0005
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    flagged = op.get_bind().execute(sa.text("SELECT resident_code FROM portal.protections"))
    for (resident_code,) in flagged:
        logging.getLogger("alembic").warning(
            "portal DV flag of %s dropped: set the registry's support measure again", resident_code
        )
    op.drop_table("protections", schema="portal")


def downgrade() -> None:
    """Revert this revision."""
    op.create_table(
        "protections",
        sa.Column("resident_code", sa.String(length=11), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("resident_code", name=op.f("pk_protections")),
        schema="portal",
    )
