"""`audit extract`: pseudonymised and anonymised extracts of a small synthetic population's
claims, their risk measured in DuckDB and checked here by a plain-Python count; the NDB key does
not join two releases, the fixed key does; an anonymised extract leaving k < 2 is refused."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from sqlalchemy import select
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.audit.cli import app
from mynumber.audit.extract import PSEUDONYMISED_COLUMNS
from mynumber.audit.extract_anonymise import ANONYMISED_COLUMNS
from mynumber.eligibility.models import access_records
from mynumber.kernel.checkdigits import CODECS, IdentifierKind

ON = dt.date(2026, 11, 22)
COMPLETE = CODECS[IdentifierKind.FACILITY_CODE].complete
FACILITIES = [
    (COMPLETE("131123456"), "clinic"),
    (COMPLETE("271654321"), "hospital"),
    (COMPLETE("134111111"), "pharmacy"),
]
# What must never leave in a research extract: names, My Number, insured numbers, subjects.
FORBIDDEN = {"name", "name_kana", "insured_name", "my_number", "subject", "insurer_number",
             "number", "symbol", "branch", "address", "oldest_insured"}  # fmt: skip


def _populated(system: System) -> int:
    system.synth.populate(seed=14, people=100, on=ON)
    system.synth.populate_lives(seed=14, on=ON)
    return system.synth.populate_claims(seed=14, on=ON, facility_codes=FACILITIES).patients


def _extract(runner: CliRunner, obj: dict[str, Any], *args: str) -> Any:
    return runner.invoke(app, ["extract", *args, "--json"], obj=obj)


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def _cross_check(
    rows: Sequence[dict[str, Any]], qi: Sequence[str], sensitive: str
) -> dict[str, int]:
    """k, l and uniqueness counted again with dicts, independently of the SQL."""
    persons: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    records: dict[tuple[Any, ...], int] = defaultdict(int)
    values: dict[tuple[Any, ...], set[Any]] = defaultdict(set)
    for row in rows:
        cls = tuple(tuple(v) if isinstance(v, list) else v for v in (row[c] for c in qi))
        persons[cls].add(row["person_key"])
        records[cls] += 1
        values[cls].add(row[sensitive])
    alone = {key for cls, keys in persons.items() if len(keys) == 1 for key in keys}
    return {
        "k_anonymity": min(len(keys) for keys in persons.values()),
        "k_records": min(records.values()),
        "l_diversity": min(len(v) for v in values.values()),
        "classes": len(persons),
        "unique_records": sum(1 for n in records.values() if n == 1),
        "unique_persons": len(alone),
        "classes_under_10": sum(1 for keys in persons.values() if len(keys) < 10),
    }


def test_extracts_are_measured_keyed_per_release_and_refused_when_k_is_under_2(
    system: System, tmp_path: Path
) -> None:
    patients = _populated(system)
    obj = {"eligibility": lambda: system.eligibility}
    runner = CliRunner()
    out = ["--out", str(tmp_path)]

    reports = {}
    for kind, columns in (("pseudonymised", PSEUDONYMISED_COLUMNS),
                          ("anonymised", ANONYMISED_COLUMNS)):  # fmt: skip
        done = _extract(runner, obj, "--kind", kind, *out)
        assert done.exit_code == 0, done.output
        risk = json.loads(done.output)
        assert (
            json.loads((tmp_path / f"{kind}-1.risk.json").read_text())["k_anonymity"]
            == risk["k_anonymity"]
        )
        table = pq.read_table(tmp_path / f"{kind}-1.parquet")
        assert tuple(table.column_names) == columns and not FORBIDDEN & set(columns)
        rows = table.to_pylist()
        assert risk["records"] == len(rows)
        assert risk["persons"] == len({r["person_key"] for r in rows}) <= patients
        assert all(len(r["person_key"]) == 64 for r in rows)
        expected = _cross_check(rows, risk["quasi_identifiers"], risk["sensitive"])
        assert {name: risk[name] for name in expected} == expected
        reports[kind] = (risk, rows)

    pseudo, pseudo_rows = reports["pseudonymised"]
    anon, anon_rows = reports["anonymised"]
    # Pseudonymised: values kept (birth dates, postal codes, rare codes) and so re-identifying.
    assert pseudo["persons"] == patients and pseudo["dropped_records"] == 0
    assert pseudo["k_anonymity"] == 1 and pseudo["unique_persons"] > patients // 2
    assert pseudo["rare_values"] == 0 and pseudo["suppressed_cells"] == 0
    assert all(isinstance(r["birth_date"], dt.date) for r in pseudo_rows)
    # Anonymised: no class under 10 persons left, rare codes gone, months only.
    assert anon["k_anonymity"] >= 10 and anon["classes_under_10"] == 0
    assert anon["unique_records"] == 0 and anon["unique_persons"] == 0
    assert anon["suppressed_cells"] > 0 and anon["rare_values"] > 0
    assert anon["records"] + anon["dropped_records"] == pseudo["records"]
    assert all(len(r["month"]) == 7 for r in anon_rows)
    codes = defaultdict(set)
    for row in anon_rows:
        for code in row["diagnoses"] + row["medicines"]:
            codes[code].add(row["person_key"])
    assert all(len(keys) >= 10 for code, keys in codes.items() if code != "その他")

    # Each person's claims leaving for research are in their access log, once per export.
    assert _exports_logged(system) == 2 * patients

    _releases_join_only_under_the_fixed_key(runner, obj, tmp_path, patients)

    # Bad input: quasi-identifiers that leave a class of one person; nothing written.
    fine = ["--qi", "birth_band,sex,municipality,month,facility_prefecture,days"]
    refused = runner.invoke(app, ["extract", "--kind", "anonymised", "--release", "x", *fine,
                                  *out], obj=obj)  # fmt: skip
    assert refused.exit_code == 1 and "extract_k_too_small" in refused.output
    assert not list(tmp_path.glob("anonymised-x*"))
    unknown = runner.invoke(app, ["extract", "--kind", "anonymised", "--qi", "birth_date", *out],
                            obj=obj)  # fmt: skip
    assert unknown.exit_code == 1 and "extract_column_unknown" in unknown.output


def _releases_join_only_under_the_fixed_key(
    runner: CliRunner, obj: dict[str, Any], tmp_path: Path, patients: int
) -> None:
    """Release 2 against release 1 (ndb: made above): no person joins; under the fixed key
    every person does."""
    for key, expected in (("ndb", 0), ("fixed", patients)):
        where = tmp_path / key
        before = tmp_path / "pseudonymised-1.parquet"
        if key == "fixed":
            first = _extract(runner, obj, "--kind", "pseudonymised", "--key", key, "--out",
                             str(where))  # fmt: skip
            assert first.exit_code == 0, first.output
            before = where / "pseudonymised-1.parquet"
        second = _extract(runner, obj, "--kind", "pseudonymised", "--key", key, "--release", "2",
                          "--out", str(where), "--compare", str(before))  # fmt: skip
        assert second.exit_code == 0, second.output
        assert json.loads(second.output)["joined_persons"] == expected
        keys = [{r["person_key"] for r in _rows(path)}
                for path in (before, where / "pseudonymised-2.parquet")]  # fmt: skip
        assert len(keys[0] & keys[1]) == expected


def _exports_logged(system: System) -> int:
    with system.database.connection() as conn:
        payloads = conn.execute(select(access_records.c.payload)).scalars()
        return sum(1 for p in payloads if "research_claims" in str(p))
