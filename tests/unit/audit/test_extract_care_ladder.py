"""The care months anonymised on hand-made months: bands, months, rare service kinds → その他,
units left out, the small cell of one municipality climbing to its prefecture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq

from mynumber.audit.extract import ExtractRequest, make_extract
from mynumber.audit.extract_care import CARE_ANONYMISED
from mynumber.audit.extract_data import ExtractKind, ExtractSource
from mynumber.care.data import ResearchCareMonth


def _months(people: list[tuple[str, int]], rare: int = 0) -> list[ResearchCareMonth]:
    return [
        ResearchCareMonth(
            insured_number=f"{n:010d}",
            birth_date=dt.date(year, 2, 1),
            municipality=place,
            month=dt.date(2026, 10, 1),
            level="22",
            units=1000 + n,
            services=("11", "99") if n < rare else ("11",),
        )
        for n, (place, year) in enumerate(people)
    ]


def test_care_months_are_generalised_and_small_cells_climb(tmp_path: Path) -> None:
    people = [("131016", 1941)] * 10 + [("131024", 1942)] * 3 + [("131032", 1943)] * 7
    request = ExtractRequest(kind=ExtractKind.ANONYMISED, source=ExtractSource.CARE, out=tmp_path)
    risk = make_extract(_months(people, rare=2), request)
    table = pq.read_table(tmp_path / "care-anonymised-1.parquet")
    assert tuple(table.column_names) == CARE_ANONYMISED
    rows = table.to_pylist()
    # 131016's ten keep their cell; the other two municipalities' 3 + 7 meet in 東京都 (13).
    assert {(r["birth_band"], r["municipality"]) for r in rows} == {
        ("1940-1944", "131016"), ("1940-1944", "13"),
    }  # fmt: skip
    assert risk.k_anonymity == 10 and risk.l_diversity == 1 and risk.rare_values == 1
    assert {tuple(sorted(r["services"])) for r in rows} == {("11",), ("11", "その他")}
    assert {r["month"] for r in rows} == {"2026-10"}
