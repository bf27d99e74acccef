"""Alembic building blocks for the tables every subsystem makes alike (マイグレーション部品).

The hash-chained log (`hashlog.log_tables`) and the messaging outbox and inbox
(`messaging.tables`) are the same tables in every schema that has them; their migrations call
these blocks instead of spelling the tables out again.

FROZEN: a block, once a migration uses it, never changes. An old migration must keep producing
the schema it produced when it was written, so a later change to one of these tables is a new
migration with plain `op` calls (or a new block under a new name), never an edit here. The
blocks spell the columns with plain `sa.DateTime()` where the models say `UtcDateTime()`, as
the migrations always did: the stored type is the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

__all__ = [
    "create_inbox",
    "create_log_tables",
    "create_outbox",
    "drop_inbox",
    "drop_log_tables",
    "drop_outbox",
]


def create_log_tables(schema: str, prefix: str) -> None:
    """Create a hash-chained log's `{prefix}_heads` and `{prefix}_records`, in that order."""
    op.create_table(
        f"{prefix}_heads",
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("stream", name=op.f(f"pk_{prefix}_heads")),
        schema=schema,
    )
    op.create_table(
        f"{prefix}_records",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{prefix}_records")),
        sa.UniqueConstraint("stream", "seq", name=op.f(f"uq_{prefix}_records_stream_seq")),
        schema=schema,
    )


def drop_log_tables(schema: str, prefix: str) -> None:
    """Drop what `create_log_tables` made: the records, then the heads."""
    op.drop_table(f"{prefix}_records", schema=schema)
    op.drop_table(f"{prefix}_heads", schema=schema)


def create_outbox(schema: str) -> None:
    """Create `messages_out`, the messages the schema's subsystem has yet to deliver."""
    op.create_table(
        "messages_out",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages_out")),
        sa.UniqueConstraint("message_id", name=op.f("uq_messages_out_message_id")),
        schema=schema,
    )


def drop_outbox(schema: str) -> None:
    """Drop what `create_outbox` made."""
    op.drop_table("messages_out", schema=schema)


def create_inbox(schema: str) -> None:
    """Create `messages_in`, the messages the schema's subsystem has handled."""
    op.create_table(
        "messages_in",
        sa.Column("consumer", sa.String(length=60), nullable=False),
        sa.Column("message_id", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=80), nullable=False),
        sa.Column("handled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id", name=op.f("pk_messages_in")),
        schema=schema,
    )


def drop_inbox(schema: str) -> None:
    """Drop what `create_inbox` made."""
    op.drop_table("messages_in", schema=schema)
