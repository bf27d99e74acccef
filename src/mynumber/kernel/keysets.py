"""Finding many rows by a composite key without a list of row values.

`(a, b) IN ((…), (…), …)` with hundreds of pairs is planned as hundreds of ORs; PostgreSQL's
generic plan for a prepared statement (psycopg prepares a statement after five uses) may scan
the whole table for it, once per chunk, so a bulk load slows as its table grows. Asking each
column for the set of its values instead uses the composite index; the rows it returns are a
superset of the keys, and the caller keeps those whose key was asked.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

__all__ = ["each_column_in"]


def each_column_in(
    columns: Sequence[Any], keys: Collection[tuple[Any, ...]]
) -> ColumnElement[bool]:
    """Return `c1 IN (its values) AND c2 IN (its values) …` over the keys' columns: true for
    every key asked (and maybe others: keep the rows whose key is among keys)."""
    return and_(*(column.in_(sorted({key[i] for key in keys})) for i, column in enumerate(columns)))
