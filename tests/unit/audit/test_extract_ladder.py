"""The anonymising ladder on a handful of hand-made claims (no database): a small cell is
recoded municipality → prefecture → band → *, rare codes become その他, a class still under 10
is kept and reported when dropping it would cost too much, and a class of one is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from mynumber.audit.extract import ExtractRequest, make_extract
from mynumber.audit.extract_data import ExtractKind, KeyScheme
from mynumber.eligibility.data import InsuredRef, ResearchClaim
from mynumber.kernel.errors import InvalidInputError

CHIYODA, SHINJUKU, SAPPORO = "1000001", "1600023", "0600000"


def _claims(people: list[tuple[str, int, int]], rare: int = 0) -> list[ResearchClaim]:
    """Two months for each (postal code, sex, birth year); the first `rare` people also have a
    code nobody else has."""
    return [
        ResearchClaim(
            oldest_insured=InsuredRef(insurer_number="06130001", number=str(n), branch="00"),
            birth_date=dt.date(year, 5, 1),
            sex=sex,
            postal_code=postal,
            facility_code="1311234567",
            month=dt.date(2026, month, 1),
            first_day=dt.date(2026, month, 3),
            days=1,
            diagnoses=("I10", "Q87.4") if n < rare else ("I10",),
            medicines=("2171022F1020",),
        )
        for n, (postal, sex, year) in enumerate(people)
        for month in (3, 4)
    ]


def _request(tmp_path: Path) -> ExtractRequest:
    return ExtractRequest(kind=ExtractKind.ANONYMISED, key=KeyScheme.FIXED, out=tmp_path)


def test_small_cells_climb_the_ladder_and_rare_codes_become_other(tmp_path: Path) -> None:
    people = [(CHIYODA, 1, 1962)] * 12 + [(SHINJUKU, 1, 1961)] * 4
    risk = make_extract(_claims(people, rare=1), _request(tmp_path))
    rows = pq.read_table(tmp_path / "anonymised-1.parquet").to_pylist()
    places = {(r["birth_band"], r["municipality"]) for r in rows}
    # 千代田区's twelve keep their cell; 新宿区's four climb to (*, *), where they stay four.
    assert places == {("1960-1964", "東京都千代田区"), ("*", "*")}
    assert risk.k_anonymity == 4 and risk.classes_under_10 == 1 and risk.dropped_records == 0
    assert risk.suppressed_cells == 1 and risk.recoded_records == 8
    assert risk.rare_values == 1 and all("Q87.4" not in r["diagnoses"] for r in rows)
    assert {r["month"] for r in rows} == {"2026-03", "2026-04"}


def test_a_class_of_one_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    people = [(CHIYODA, 1, 1962)] * 12 + [(SHINJUKU, 1, 1961)] * 4 + [(SAPPORO, 2, 1950)]
    with pytest.raises(InvalidInputError) as refused:
        make_extract(_claims(people), _request(tmp_path))
    assert refused.value.code == "extract_k_too_small"
    assert not list(tmp_path.iterdir())


def test_pseudonymised_keeps_values_and_the_ndb_key_differs_per_release(tmp_path: Path) -> None:
    people = [(CHIYODA, 1, 1962)] * 3
    keys = []
    for release in ("1", "2"):
        request = ExtractRequest(kind=ExtractKind.PSEUDONYMISED, release=release, out=tmp_path)
        risk = make_extract(_claims(people, rare=1), request)
        rows = pq.read_table(tmp_path / f"pseudonymised-{release}.parquet").to_pylist()
        keys.append({r["person_key"] for r in rows})
        assert risk.rare_values == 0 and any("Q87.4" in r["diagnoses"] for r in rows)
        assert {r["birth_date"] for r in rows} == {dt.date(1962, 5, 1)}
    assert len(keys[0]) == len(keys[1]) == 3 and not keys[0] & keys[1]


def test_a_release_to_compare_that_does_not_parse_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.parquet"
    other.write_text("not parquet")
    request = ExtractRequest(kind=ExtractKind.PSEUDONYMISED, out=tmp_path / "out", compare=other)
    with pytest.raises(InvalidInputError) as refused:
        make_extract(_claims([(CHIYODA, 1, 1962)]), request)
    assert refused.value.code == "extract_unreadable"
    assert not (tmp_path / "out").exists()
