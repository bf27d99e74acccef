"""The municipality's desks from the command line: 宛名, 住民税, 児童手当, 保育料."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .test_cli import run


def _json(*args: str, data_dir: Path) -> Any:
    done = run(*args, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_tax_allowance_and_fees_from_the_cli(tmp_path: Path) -> None:
    assert run("synth", "--people", "300", data_dir=tmp_path).returncode == 0
    report = _json("municipality", "synth", data_dir=tmp_path)
    assert report["addressees"] == 300 and report["assessed"] > 300
    residents = _json("registry", "list", "--limit", "300", data_dir=tmp_path)
    adult = next(r for r in residents if r["birth_date"] < "1990-01-01")
    code = adult["address"]["local_government_code"]
    shown = _json(
        "municipality", "addressee", "--resident", adult["resident_code"], data_dir=tmp_path
    )
    assert shown["my_number"] == adult["my_number"] and len(shown["address_number"]) == 15
    recorded = run(
        "municipality", "income", "--resident", adult["resident_code"], "--year", "2025",
        "--salary", "5000000", "--social-insurance", "750000", data_dir=tmp_path,
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    run_ = _json(
        "municipality", "assess", "--municipality", code, "--year", "2026", data_dir=tmp_path
    )
    assert run_["assessed"] >= 1
    tax = _json(
        "municipality", "tax", "--resident", adult["resident_code"], "--year", "2026",
        data_dir=tmp_path,
    )  # fmt: skip
    assert (tax["salary_income"], tax["per_capita_levy"], tax["exempt"]) == (
        3_560_000,
        5_000,
        False,
    )
    # The youngest child born before October: of nursery age, paid in November.
    children = [r for r in residents if r["relationship"] in {"child", "grandchild"}]
    child = max(
        (r for r in children if r["birth_date"] < "2026-10-01"), key=lambda r: r["birth_date"]
    )
    decision = _json(
        "municipality", "child-allowance", "--household", child["household_code"],
        "--month", "2026-11", data_dir=tmp_path,
    )  # fmt: skip
    assert decision["monthly_total"] >= 10_000 and decision["payment_month"] == "2026-12-01"
    fee = _json(
        "municipality", "nursery-fee", "--resident", child["resident_code"], "--month",
        "2026-11", "--parents-levy", "100000", data_dir=tmp_path,
    )  # fmt: skip
    assert fee["income_from"] == "given"
    assert fee["fee"] in {0, 22_250, 44_500} and dt.date.fromisoformat(fee["month"]).day == 1


def test_refusals_exit_1_with_their_code(tmp_path: Path) -> None:
    assert run("synth", "--people", "20", data_dir=tmp_path).returncode == 0
    resident = _json("registry", "list", "--limit", "1", data_dir=tmp_path)[0]
    missing = run(
        "municipality", "tax", "--resident", resident["resident_code"], "--year", "2026",
        data_dir=tmp_path,
    )  # fmt: skip
    assert missing.returncode == 1 and "not_an_addressee" in missing.stderr
    unknown = run(
        "municipality", "assess", "--municipality", "011002", "--year", "2026", data_dir=tmp_path
    )
    assert unknown.returncode == 0  # nobody there: nothing to assess
    assert (
        run("municipality", "enrol", "--municipality", "011002", data_dir=tmp_path).returncode == 1
    )
