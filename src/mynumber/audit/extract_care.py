"""The care months (介護DB) as a research extract's source: the working table and its
generalisation, beside the claims' (`extract_rows`, `extract_anonymise`).

⚠ The key is made from the 介護保険 insurer and 被保険者番号: the care platform holds no medical
insured number, so the NDB's ID5 cannot be made here and care extracts do not join the claims'.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]

from mynumber.audit.extract_anonymise import OTHER, Suppression, band, suppress
from mynumber.audit.extract_risk import SMALL_CELL
from mynumber.audit.extract_rows import KeyMaker
from mynumber.care.data import ResearchCareMonth

__all__ = ["CARE_ANONYMISED", "CARE_PSEUDONYMISED", "anonymise_care", "care_table"]

CARE_PSEUDONYMISED = (
    "person_key", "birth_date", "municipality", "month", "level", "services", "units",
)  # fmt: skip
CARE_ANONYMISED = ("person_key", "birth_band", "municipality", "month", "level", "services")

_SCHEMA = pa.schema([
    ("person_key", pa.string()), ("birth_date", pa.date32()), ("municipality", pa.string()),
    ("prefecture", pa.string()), ("month", pa.date32()), ("level", pa.string()),
    ("services", pa.list_(pa.string())), ("units", pa.int32()),
])  # fmt: skip


def care_table(months: Iterable[ResearchCareMonth], keys: KeyMaker) -> pa.Table:
    """Every care month as one row: the key in place of the 被保険者番号."""
    columns: dict[str, list[object]] = {field.name: [] for field in _SCHEMA}
    for m in months:
        row = {
            "person_key": keys.key_of(f"{m.municipality}|{m.insured_number}"),
            "birth_date": m.birth_date, "municipality": m.municipality,
            "prefecture": m.municipality[:2], "month": m.month, "level": m.level,
            "services": list(m.services), "units": m.units,
        }  # fmt: skip
        for name, value in row.items():
            columns[name].append(value)
    return pa.table(columns, schema=_SCHEMA)


def anonymise_care(con: duckdb.DuckDBPyConnection, source: str, qi: Sequence[str]) -> Suppression:
    """Make table `anon` from the care months: bands, months, rare service kinds → その他 (the
    units, a near-unique amount, are left out); then the small cells suppressed."""
    rare = [code for (code,) in con.execute(f"""
        SELECT code FROM (SELECT unnest(services) AS code, person_key FROM {source})
        GROUP BY code HAVING count(DISTINCT person_key) < {SMALL_CELL}
    """).fetchall()]  # fmt: skip
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE anon AS SELECT
            rid, person_key, {band(5)} AS birth_band, {band(10)} AS birth_band10,
            municipality, prefecture, strftime(month, '%Y-%m') AS month, level,
            list_distinct(list_transform(services,
                lambda c: CASE WHEN list_contains($rare, c) THEN '{OTHER}' ELSE c END)) AS services,
            false AS recoded
        FROM {source}
    """, {"rare": rare})  # fmt: skip
    return suppress(con, qi, rare=len(rare))
