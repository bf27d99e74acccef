"""outbox of messages

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from mynumber.kernel.migration_blocks import create_outbox, drop_outbox

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    create_outbox("municipality")


def downgrade() -> None:
    """Revert this revision."""
    drop_outbox("municipality")
