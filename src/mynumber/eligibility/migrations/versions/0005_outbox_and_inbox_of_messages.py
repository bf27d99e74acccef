"""outbox and inbox of messages

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from mynumber.kernel.migration_blocks import create_inbox, create_outbox, drop_inbox, drop_outbox

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    create_inbox("eligibility")
    create_outbox("eligibility")


def downgrade() -> None:
    """Revert this revision."""
    drop_outbox("eligibility")
    drop_inbox("eligibility")
