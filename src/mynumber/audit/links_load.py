"""Loading the published link exports into DuckDB, streamed in Arrow record batches.

The apis yield one DTO per record; they are gathered column-wise into batches of `BATCH` rows and
appended to DuckDB tables, so memory holds one batch, not the export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from mynumber.kernel.linkexport import LinkedRecord, RegisteredIdentity

__all__ = [
    "BATCH",
    "IDENTITIES_SCHEMA",
    "LINKS_SCHEMA",
    "create_tables",
    "load_identities",
    "load_links",
]

BATCH = 50_000

LINKS_SCHEMA = pa.schema(
    [
        ("agency", pa.string()),
        ("kind", pa.string()),
        ("record_id", pa.string()),
        ("my_number", pa.string()),
        ("name", pa.string()),
        ("name_kana", pa.string()),
        ("birth_date", pa.date32()),
        ("sex", pa.int32()),
        ("address", pa.string()),
        ("postal_code", pa.string()),
    ]
)
IDENTITIES_SCHEMA = pa.schema(
    [
        ("my_number", pa.string()),
        ("resident_code", pa.string()),
        ("household_id", pa.string()),
        ("name", pa.string()),
        ("name_kana", pa.string()),
        ("birth_date", pa.date32()),
        ("sex", pa.int32()),
        ("address", pa.string()),
        ("postal_code", pa.string()),
    ]
)
_DUCK_TYPES = {pa.string(): "VARCHAR", pa.date32(): "DATE", pa.int32(): "INTEGER"}


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the empty `links` and `identities` tables the engine reads."""
    for table, schema in (("links", LINKS_SCHEMA), ("identities", IDENTITIES_SCHEMA)):
        columns = ", ".join(f"{f.name} {_DUCK_TYPES[f.type]}" for f in schema)
        con.execute(f"CREATE OR REPLACE TABLE {table} ({columns})")


def load_links(con: duckdb.DuckDBPyConnection, records: Iterable[LinkedRecord]) -> int:
    """Append linked records to `links`; return how many."""
    return _load(con, "links", LINKS_SCHEMA, records, _as_given)


_NOT_ON_THE_FORM = ("name", "name_kana", "address", "postal_code")
_SEX_UNKNOWN = (0, 9)  # ISO 5218: not known, not applicable


def _as_given(record: LinkedRecord) -> dict[str, Any]:
    """Return a record's fields with the items it does not carry as NULL, so they are not
    compared (a 宛名 record with no reading, an account with no kanji name): an empty text, or
    a sex not known. Splink gives a NULL its own level, neither agreement nor disagreement."""
    values = dict(record.__dict__)
    for name in _NOT_ON_THE_FORM:
        if not values[name]:
            values[name] = None
    if values["sex"] in _SEX_UNKNOWN:
        values["sex"] = None
    return values


def load_identities(
    con: duckdb.DuckDBPyConnection, identities: Iterable[RegisteredIdentity]
) -> int:
    """Append the registry's identities to `identities`; return how many."""
    return _load(con, "identities", IDENTITIES_SCHEMA, identities, lambda r: r.__dict__)


def _load(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: pa.Schema,
    rows: Iterable[Any],
    fields: Callable[[Any], dict[str, Any]],
) -> int:
    names = schema.names
    loaded = 0
    iterator = iter(rows)
    while chunk := list(islice(iterator, BATCH)):
        columns: dict[str, list[Any]] = {name: [] for name in names}
        for row in chunk:
            values = fields(row)  # a pydantic model's __dict__: its fields, no copy
            for name in names:
                columns[name].append(values[name])
        batch = pa.RecordBatch.from_pydict(columns, schema=schema)
        con.register("_batch", batch)
        con.execute(f"INSERT INTO {table} SELECT {', '.join(names)} FROM _batch")
        con.unregister("_batch")
        loaded += len(chunk)
    return loaded
