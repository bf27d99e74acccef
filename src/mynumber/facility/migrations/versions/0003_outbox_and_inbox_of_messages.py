"""outbox and inbox of messages

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from mynumber.kernel.migration_blocks import create_outbox, drop_outbox

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    create_outbox("facility")


def downgrade() -> None:
    """Revert this revision."""
    drop_outbox("facility")
