"""INSERT … ON CONFLICT on both backends: insert a row unless its key is taken, in one statement.

A check followed by an insert leaves a window in which another transaction inserts the same key:
the second insert then fails with an integrity error (PostgreSQL) instead of the clear refusal
the check meant to give. `insert_if_absent` closes the window: on PostgreSQL a concurrent insert
of the same key waits for the first to commit, then skips; on SQLite the writer holds the lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

__all__ = ["insert_if_absent", "inserted", "upsert"]


def _dialect_insert(dialect: str, table: Table) -> Any:
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def insert_if_absent(dialect: str, table: Table, *keys: str) -> Insert:
    """Return INSERT … ON CONFLICT (keys) DO NOTHING for the dialect named ("postgresql", …)."""
    statement: Insert = _dialect_insert(dialect, table).on_conflict_do_nothing(
        index_elements=list(keys)
    )
    return statement


def upsert(
    dialect: str, table: Table, keys: tuple[str, ...], *, set_: Mapping[str, Any], where: Any
) -> Insert:
    """Return INSERT … ON CONFLICT (keys) DO UPDATE SET set_ WHERE where, for the dialect."""
    statement: Insert = _dialect_insert(dialect, table).on_conflict_do_update(
        index_elements=list(keys), set_=dict(set_), where=where
    )
    return statement


def inserted(
    target: Session | Connection, table: Table, row: Mapping[str, Any], *keys: str
) -> bool:
    """Insert row unless a row with the same keys exists (then nothing); return whether it was."""
    conn = target.connection() if isinstance(target, Session) else target
    statement = insert_if_absent(conn.dialect.name, table, *keys)
    # RETURNING tells what rowcount may not (psycopg reports -1 here): a row, or none.
    return conn.execute(statement.returning(table.c[keys[0]]), dict(row)).first() is not None
