"""Fast bulk loading: COPY on PostgreSQL, executemany of plain tuples on SQLite.

Values pass through each column type's own bind conversion, so bulk-loaded rows read back
exactly like rows written through the ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

__all__ = ["insert_rows"]


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert rows (tuples in the order of columns) into table; return how many."""
    dialect = conn.dialect
    processors = [table.c[name].type.bind_processor(dialect) for name in columns]
    active = [(i, p) for i, p in enumerate(processors) if p is not None]

    def converted(row: Sequence[Any]) -> tuple[Any, ...]:
        if not active:
            return tuple(row)
        values = list(row)
        for i, process in active:
            values[i] = process(values[i])
        return tuple(values)

    qualified = f"{table.schema}.{table.name}" if table.schema else table.name
    names = ", ".join(columns)
    count = 0
    if dialect.name == "postgresql":
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {qualified} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(converted(row))
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(converted(row))
        if len(batch) >= 20_000:
            conn.exec_driver_sql(f"INSERT INTO {qualified} ({names}) VALUES ({marks})", batch)
            count += len(batch)
            batch = []
    if batch:
        conn.exec_driver_sql(f"INSERT INTO {qualified} ({names}) VALUES ({marks})", batch)
        count += len(batch)
    return count
