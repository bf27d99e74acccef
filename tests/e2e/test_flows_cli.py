"""The flows over the network from the command line: 副本登録 and 保育料 via the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .test_cli import run


def _json(*args: str, data_dir: Path) -> Any:
    done = run(*args, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_family_that_moved_gets_its_nursery_fee_over_the_network(tmp_path: Path) -> None:
    assert run("synth", "--people", "300", data_dir=tmp_path).returncode == 0
    assert run("municipality", "synth", data_dir=tmp_path).returncode == 0
    residents = _json("registry", "list", "--limit", "300", data_dir=tmp_path)
    child = max(
        (r for r in residents if r["relationship"] == "child" and r["birth_date"] < "2026-04-01"),
        key=lambda r: r["birth_date"],
    )
    head = next(
        r
        for r in residents
        if r["household_code"] == child["household_code"] and r["relationship"] == "head"
    )
    former = head["address"]["local_government_code"]
    copies = _json(
        "municipality", "copies", "--municipality", former, "--year", "2026", data_dir=tmp_path
    )
    assert copies["registered"] > 0 and copies["codes_obtained"] == copies["people"]
    postal = "0600001" if not former.startswith("01") else "1000001"  # 札幌 or 千代田区
    moved = _json(
        "registry", "move", head["resident_code"], "--postal-code", postal, "--block", "1番",
        data_dir=tmp_path,
    )  # fmt: skip
    new = moved[0]["address"]["local_government_code"]
    assert new != former
    assert run("municipality", "enrol", "--municipality", new, data_dir=tmp_path).returncode == 0
    without = run(
        "municipality", "nursery-fee", "--resident", child["resident_code"], "--via-network",
        data_dir=tmp_path,
    )  # fmt: skip
    assert without.returncode == 1 and "former_missing" in without.stderr
    fee = _json(
        "municipality", "nursery-fee", "--resident", child["resident_code"], "--month",
        "2026-11", "--via-network", "--former", former, data_dir=tmp_path,
    )  # fmt: skip
    assert fee["municipality"] == new and fee["income_from"] == f"network:municipality:{former}"
    records = _json("network", "records", "--resident", head["resident_code"], data_dir=tmp_path)
    assert [(r["procedure"], r["provider"], r["refusal"]) for r in records] == [
        ("J0002", f"municipality:{former}", None)
    ]
    usage = _json("network", "usage", data_dir=tmp_path)
    assert any(row["procedure"] == "J0002" and row["provided"] >= 1 for row in usage["rows"])
