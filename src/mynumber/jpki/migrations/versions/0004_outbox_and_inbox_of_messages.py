"""outbox and inbox of messages

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from mynumber.kernel.migration_blocks import create_inbox, drop_inbox

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    create_inbox("jpki")


def downgrade() -> None:
    """Revert this revision."""
    drop_inbox("jpki")
