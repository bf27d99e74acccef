"""the card's serial beside a registration (発行番号 ⇔ 被保険者番号, real policy)

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("card_registrations", schema="eligibility") as batch_op:
        batch_op.add_column(sa.Column("serial", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint("uq_card_registrations_serial", ["serial"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("card_registrations", schema="eligibility") as batch_op:
        batch_op.drop_constraint("uq_card_registrations_serial", type_="unique")
        batch_op.drop_column("serial")
