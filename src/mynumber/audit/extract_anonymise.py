"""Anonymising (匿名加工) the working table in DuckDB SQL: generalise, replace rare codes, then
suppress the small cells of the quasi-identifiers by local recoding.

- birth date → 5-year band of birth year (1960-1964); postal code → municipality; facility →
  its prefecture (the first two digits of the 医療機関コード); dates → month;
- a diagnosis or medicine code held by fewer than 10 persons → その他 (rare values, which a
  仮名加工 extract may keep);
- every class of the quasi-identifiers with fewer than 10 persons (a cell under 10) is recoded
  step by step, only its own records: municipality → prefecture, 5-year → 10-year band, then
  the place and then the band blanked (*). Quasi-identifiers without such a ladder (sex, month…)
  are never recoded;
- the records of the classes still under 10 persons are then dropped, as long as they are at
  most 5% of the records (⚠ a suppression limit as ARX's; the reference names none). More than
  that are kept, their small classes reported: a class of one person is refused by the audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import duckdb

from mynumber.audit.extract_risk import SMALL_CELL, quoted

__all__ = ["ANONYMISED_COLUMNS", "OTHER", "Suppression", "anonymise", "band", "suppress"]

OTHER = "その他"
BLANK = "*"
DROP_LIMIT = 0.05  # the share of records that may be dropped to leave no class under 10
ANONYMISED_COLUMNS = (
    "person_key", "birth_band", "sex", "municipality", "facility_prefecture", "month", "days",
    "diagnosis", "diagnoses", "medicines",
)  # fmt: skip
# The recoding ladder: (column, its coarser value), tried in this order.
_LADDER = (
    ("municipality", "prefecture"),
    ("birth_band", "birth_band10"),
    ("municipality", f"'{BLANK}'"),
    ("birth_band", f"'{BLANK}'"),
)


class Suppression(NamedTuple):
    """What anonymising removed."""

    rare_values: int
    suppressed_cells: int
    recoded_records: int
    dropped_records: int


def band(width: int) -> str:
    """SQL: the width-year band of birth_date's year (1960-1964)."""
    start = f"(year(birth_date) - year(birth_date) % {width})"
    return f"CAST({start} AS VARCHAR) || '-' || CAST({start} + {width - 1} AS VARCHAR)"


def anonymise(con: duckdb.DuckDBPyConnection, source: str, qi: Sequence[str]) -> Suppression:
    """Make table `anon` from the working table `source`; return what was suppressed."""
    rare = [code for (code,) in con.execute(f"""
        SELECT code FROM (
            SELECT unnest(diagnoses) AS code, person_key FROM {source}
            UNION ALL SELECT unnest(medicines), person_key FROM {source}
        ) GROUP BY code HAVING count(DISTINCT person_key) < {SMALL_CELL}
    """).fetchall()]  # fmt: skip
    swap = f"CASE WHEN list_contains($rare, c) THEN '{OTHER}' ELSE c END"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE anon AS SELECT
            rid, person_key, {band(5)} AS birth_band, {band(10)} AS birth_band10, sex,
            municipality, prefecture, substr(facility_code, 1, 2) AS facility_prefecture,
            strftime(month, '%Y-%m') AS month, days,
            CASE WHEN list_contains($rare, diagnosis) THEN '{OTHER}' ELSE diagnosis END
                AS diagnosis,
            list_distinct(list_transform(diagnoses, lambda c: {swap})) AS diagnoses,
            list_distinct(list_transform(medicines, lambda c: {swap})) AS medicines,
            false AS recoded
        FROM {source}
    """, {"rare": rare})  # fmt: skip
    return suppress(con, qi, rare=len(rare))


def suppress(con: duckdb.DuckDBPyConnection, qi: Sequence[str], *, rare: int) -> Suppression:
    """Suppress the small cells of table `anon` (recoded, then the rest dropped if few)."""
    cells, recoded = _suppress_small_cells(con, qi)
    return Suppression(rare_values=rare, suppressed_cells=cells, recoded_records=recoded,
                       dropped_records=_drop_small_classes(con, qi))  # fmt: skip


def _suppress_small_cells(con: duckdb.DuckDBPyConnection, qi: Sequence[str]) -> tuple[int, int]:
    """Recode the records of classes under 10 persons, up the ladder; return (the cells under
    10 found before recoding, the records recoded)."""
    cols = ", ".join(quoted(c) for c in qi)
    small = f"SELECT {cols} FROM anon GROUP BY ALL HAVING count(DISTINCT person_key) < {SMALL_CELL}"
    first = con.execute(f"SELECT count(*) FROM ({small})").fetchone()
    steps = [(column, coarser) for column, coarser in _LADDER if column in qi]
    if not steps:
        return 0, 0
    join = " AND ".join(f"a.{quoted(c)} IS NOT DISTINCT FROM s.{quoted(c)}" for c in qi)
    for column, coarser in steps:
        con.execute(f"""
            UPDATE anon SET {column} = {coarser}, recoded = true
            WHERE rid IN (SELECT a.rid FROM anon a JOIN ({small}) s ON {join})
        """)
    recoded = con.execute("SELECT count(*) FROM anon WHERE recoded").fetchone()
    return (first[0] if first else 0), (recoded[0] if recoded else 0)


def _drop_small_classes(con: duckdb.DuckDBPyConnection, qi: Sequence[str]) -> int:
    """Drop the records of the classes still under 10 persons, if few enough; return how many."""
    cols = ", ".join(quoted(c) for c in qi)
    join = " AND ".join(f"a.{quoted(c)} IS NOT DISTINCT FROM s.{quoted(c)}" for c in qi)
    small = f"SELECT {cols} FROM anon GROUP BY ALL HAVING count(DISTINCT person_key) < {SMALL_CELL}"
    residue = f"SELECT a.rid FROM anon a JOIN ({small}) s ON {join}"
    counted = con.execute(
        f"SELECT (SELECT count(*) FROM ({residue})), (SELECT count(*) FROM anon)"
    ).fetchone()
    dropped, total = counted if counted else (0, 0)
    if not dropped or dropped > DROP_LIMIT * total:
        return 0
    con.execute(f"DELETE FROM anon WHERE rid IN ({residue})")
    return int(dropped)
