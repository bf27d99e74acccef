"""The outbox and inbox tables a subsystem adds to its own schema's MetaData."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

from mynumber.kernel.db import UtcDateTime

__all__ = ["inbox_table", "outbox_table"]


def outbox_table(metadata: MetaData) -> Table:
    """Return the table of messages this schema's subsystem sends (`messages_out`).

    A row stays until the message is delivered (or stored by the broker), then goes: the
    outbox holds what is pending, the receivers' inboxes what was handled.
    """
    return Table(
        "messages_out",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),  # delivery order
        Column("message_id", String(32), nullable=False, unique=True),
        Column("topic", String(80), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Return the table of messages this schema's subsystem has handled (`messages_in`)."""
    return Table(
        "messages_in",
        metadata,
        Column("consumer", String(60), primary_key=True),
        Column("message_id", String(32), primary_key=True),
        Column("topic", String(80), nullable=False),
        Column("handled_at", UtcDateTime(), nullable=False),
    )
