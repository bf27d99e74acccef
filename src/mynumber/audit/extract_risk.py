"""Re-identification risk of an extract, in DuckDB SQL over its records: k-anonymity (the
smallest equivalence class over the quasi-identifiers, in persons and in records), l-diversity
(the fewest distinct sensitive values in a class), sample uniqueness (records alone in their
class; persons who are the only person in a class) and the classes under 10 persons left.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import duckdb

__all__ = ["Measured", "measure", "quoted"]

SMALL_CELL = 10  # the publication rule: no cell under 10 (集計表の最小セル)


class Measured(NamedTuple):
    """What `measure` finds over one table."""

    records: int
    persons: int
    classes: int
    k_persons: int
    k_records: int
    l_diversity: int
    unique_records: int
    unique_persons: int
    classes_under_10: int


def quoted(column: str) -> str:
    """The column as an SQL identifier."""
    return '"' + column.replace('"', '""') + '"'


def measure(
    con: duckdb.DuckDBPyConnection, table: str, qi: Sequence[str], sensitive: str
) -> Measured:
    """Measure the table's risk over the quasi-identifiers `qi` and the `sensitive` column
    (names the caller checked against the extract's own columns, so safe to quote into SQL)."""
    cols = ", ".join(quoted(c) for c in qi)
    join = " AND ".join(f"r.{quoted(c)} IS NOT DISTINCT FROM c.{quoted(c)}" for c in qi)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE classes AS
        SELECT {cols}, count(*) AS records, count(DISTINCT person_key) AS persons,
               count(DISTINCT {quoted(sensitive)}) AS sensitive
        FROM {table} GROUP BY ALL
    """)
    totals = _one(con, f"SELECT count(*), count(DISTINCT person_key) FROM {table}")
    classes = _one(
        con,
        f"""
        SELECT count(*), coalesce(min(persons), 0), coalesce(min(records), 0),
               coalesce(min(sensitive), 0), count(*) FILTER (WHERE records = 1),
               count(*) FILTER (WHERE persons < {SMALL_CELL})
        FROM classes
    """,
    )
    alone = _one(
        con,
        f"""
        SELECT count(DISTINCT r.person_key) FROM {table} r JOIN classes c ON {join}
        WHERE c.persons = 1
    """,
    )
    count, k_persons, k_records, diversity, unique_records, under = classes
    return Measured(
        records=totals[0], persons=totals[1], classes=count, k_persons=k_persons,
        k_records=k_records, l_diversity=diversity, unique_records=unique_records,
        unique_persons=alone[0], classes_under_10=under,
    )  # fmt: skip


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...]:
    row = con.execute(sql).fetchone()
    assert row is not None  # an aggregate always answers one row
    return tuple(row)
