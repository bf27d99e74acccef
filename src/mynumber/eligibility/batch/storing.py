"""Storing the answers of a chunk of 一括照会 (batch inquiry) lines in a few statements.

On PostgreSQL the outcomes are copied into a temporary table (emptied at each commit) and the
lines updated from it by one join; on SQLite, where a statement costs little, by executemany.
Takes the caller's session; does not commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, bindparam, update
from sqlalchemy.orm import Session

from mynumber.eligibility.models import BatchInquiryLineRow
from mynumber.kernel.bulk import insert_rows

__all__ = ["store_outcomes"]

_LINES = cast(Table, BatchInquiryLineRow.__table__)
_FIELDS = ("line", "answer", "error_code", "error_reason")
_STAGED = "batch_line_outcomes"  # a temporary table of the connection, on PostgreSQL
_STAGED_TABLE = Table(
    _STAGED,
    MetaData(),
    Column("line", Integer),
    Column("answer", Text),
    Column("error_code", String(40)),
    Column("error_reason", Text),
)
_UPDATE_ONE = (
    update(_LINES)
    .where(
        _LINES.c.reception_number == bindparam("b_reception"),
        _LINES.c.line == bindparam("b_line"),
    )
    .values(
        answer=bindparam("answer"),
        error_code=bindparam("error_code"),
        error_reason=bindparam("error_reason"),
    )
)


def store_outcomes(
    session: Session, reception_number: str, outcomes: Sequence[dict[str, Any]]
) -> None:
    """Write each line's answer or refusal (dicts of line, answer, error_code, error_reason)."""
    if not outcomes:
        return
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        conn.execute(
            _UPDATE_ONE,
            [o | {"b_reception": reception_number, "b_line": o["line"]} for o in outcomes],
        )
        return
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGED} (line integer PRIMARY KEY, answer text,"
        " error_code text, error_reason text) ON COMMIT DELETE ROWS"
    )
    insert_rows(conn, _STAGED_TABLE, _FIELDS, ([o[f] for f in _FIELDS] for o in outcomes))
    lines = f"{_LINES.schema}.{_LINES.name}"
    conn.exec_driver_sql(
        f"UPDATE {lines} AS l SET answer = s.answer, error_code = s.error_code,"
        f" error_reason = s.error_reason FROM {_STAGED} AS s"
        " WHERE l.reception_number = %(number)s AND l.line = s.line",
        {"number": reception_number},
    )
    conn.exec_driver_sql(f"DELETE FROM {_STAGED}")  # a second chunk in one transaction
