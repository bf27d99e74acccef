"""The pension service on the network from the command line: 副本登録 and 支援給付金 via J0003."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .test_cli import run


def _json(*args: str, data_dir: Path) -> Any:
    done = run(*args, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_service_checks_a_pensioners_income_over_the_network(tmp_path: Path) -> None:
    for command in (("synth", "--people", "300"), ("municipality", "synth"), ("pension", "synth")):
        assert run(*command, data_dir=tmp_path).returncode == 0
    residents = {
        r["my_number"]: r for r in _json("registry", "list", "--limit", "300", data_dir=tmp_path)
    }
    records = _json("pension", "list", "--limit", "500", data_dir=tmp_path)
    elder = min(
        (r for r in records if r["my_number"] in residents and r["birth_date"] < "1955-01-01"),
        key=lambda r: r["birth_date"],
    )
    number = elder["basic_pension_number"]
    city = residents[elder["my_number"]]["address"]["local_government_code"]
    without = run(
        "pension", "support-benefit", "--number", number, "--via-network", data_dir=tmp_path
    )
    assert without.returncode == 1 and "municipality_missing" in without.stderr
    copies = _json(
        "municipality", "copies", "--municipality", city, "--year", "2026", data_dir=tmp_path
    )
    assert copies["registered"] > 0
    decision = _json(
        "pension", "support-benefit", "--number", number, "--month", "2026-11", "--via-network",
        "--municipality", city, data_dir=tmp_path,
    )  # fmt: skip
    assert decision["income_from"] == f"network:municipality:{city}"
    assert decision["income_year"] == 2025
    resident = residents[elder["my_number"]]["resident_code"]
    exchanged = _json("network", "records", "--resident", resident, data_dir=tmp_path)
    assert [(r["requester"], r["procedure"], r["refusal"]) for r in exchanged] == [
        ("pension:jpo", "J0003", None)
    ]
    run_2025 = _json("pension", "copies", "--year", "2025", data_dir=tmp_path)
    assert run_2025["registered"] > 0 and run_2025["refused"] == 0
    employment = _json("employment", "copies", data_dir=tmp_path)
    assert employment["agency"] == "employment:mhlw"
