"""The pension service and ハローワーク from the command line, filled from the working lives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .test_cli import run


def _json(*args: str, data_dir: Path) -> Any:
    done = run(*args, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_records_awards_and_benefits_from_the_cli(tmp_path: Path) -> None:
    assert run("synth", "--people", "200", data_dir=tmp_path).returncode == 0
    pension = _json("pension", "synth", data_dir=tmp_path)
    assert pension["people"] > 100 and pension["awarded"] > 0 and pension["payments"] > 0
    records = _json("pension", "list", "--limit", "500", data_dir=tmp_path)
    assert len(records) == pension["people"]
    old = next(
        r for r in records if r["birth_date"] < "1955-01-01" and r["qualifying_months"] >= 120
    )
    found = _json("pension", "find", "--my-number", old["my_number"], data_dir=tmp_path)
    assert found["basic_pension_number"] == old["basic_pension_number"]
    number = old["printed_number"]
    award = _json("pension", "award-of", "--number", number, data_dir=tmp_path)
    info = _json("pension", "info", "--number", number, "--year", "2025", data_dir=tmp_path)
    assert info["receives_old_age_basic"] == "1" and info["pension_income"] > 0
    decided = _json(
        "pension", "support-benefit", "--number", number, "--household-exempt",
        "--month", "2025-11-01", "--pension-revenue", "600000", data_dir=tmp_path,
    )  # fmt: skip
    assert decided["kind"] == "full" and decided["monthly"] == round(
        5_450 * award["contribution_months"] / 480
    )
    payments = _json("pension", "payments", "--number", number, data_dir=tmp_path)
    assert {p["payment_month"][5:7] for p in payments} <= {"02", "04", "06", "08", "10", "12"}
    employment = _json("employment", "synth", data_dir=tmp_path)
    assert employment["people"] > 50 and employment["insured"] > 0
    insured = _json("employment", "list", "--limit", "500", data_dir=tmp_path)
    person = next(r for r in insured if r["insured_now"])
    shown = _json("employment", "record", "--number", person["printed_number"], data_dir=tmp_path)
    assert shown["my_number"] == person["my_number"]
    info = _json("employment", "info", "--number", person["insured_number"], data_dir=tmp_path)
    assert info["insured"] == "1"


def test_refusals_exit_1_with_their_code(tmp_path: Path) -> None:
    missing = run("pension", "record", "--number", "1000-000001", data_dir=tmp_path)
    assert missing.returncode == 1 and "unknown_pension_number" in missing.stderr
    bad = run("employment", "record", "--number", "1301-000001-1", data_dir=tmp_path)
    assert bad.returncode == 1 and "invalid_insured_number" in bad.stderr
    odd = run("pension", "pay", "--month", "2026-11", data_dir=tmp_path)
    assert odd.returncode == 1 and "not_a_payment_month" in odd.stderr
