"""The flows over the network from the command line: 副本登録, 保育料 via the network (flow 2),
and a 広域連合's member link and 負担割合 decision (flow 1)."""

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


def test_a_kouki_links_a_member_and_decides_the_contribution(tmp_path: Path) -> None:
    demo = ("demo", "--people", "300", "--cards", "0", "--no-insurance", "--no-serve")
    assert run(*demo, data_dir=tmp_path).returncode == 0
    assert run("municipality", "synth", data_dir=tmp_path).returncode == 0
    today = dt.date.today()  # the CLI runs on the real clock
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    residents = _json("registry", "list", "--limit", "300", data_dir=tmp_path)
    elder = min(residents, key=lambda r: r["birth_date"])  # 75 or over in a population of 300
    address = elder["address"]
    municipality = address["local_government_code"]
    copies = _json(
        "municipality", "copies", "--municipality", municipality, "--year", str(fiscal_year),
        data_dir=tmp_path,
    )  # fmt: skip
    assert copies["registered"] > 0
    insurers = _json("insurer", "list", data_dir=tmp_path)
    kouki = next(
        i["number"]
        for i in insurers
        if i["kind"] == "koki" and i["name"].startswith(address["prefecture"])
    )
    membership = _json(
        "insurer", "enrol", "--insurer", kouki, "--resident", elder["resident_code"],
        "--from", f"{fiscal_year}-04-01", data_dir=tmp_path,
    )  # fmt: skip
    number = membership["InsuredIdentificationNumber"]
    linked = run(
        "insurer", "link-member", "--insurer", kouki, "--member", number,
        "--resident", elder["resident_code"], data_dir=tmp_path,
    )  # fmt: skip
    assert linked.returncode == 0, linked.stderr
    assert f"住所地 {municipality}" in linked.stdout and "符号 kept" in linked.stdout
    decided = _json("insurer", "contribution", "--insurer", kouki, "--member", number,
                    data_dir=tmp_path)  # fmt: skip
    assert (decided["agency"], decided["queries"], decided["refusals"]) == (f"kouki:{kouki}", 1, [])
    (decision,) = decided["decisions"]
    assert decision["number"] == number and decision["contribution_percent"] in (10, 20, 30)
    assert decision["fiscal_year"] == fiscal_year
    unknown = run("insurer", "contribution", "--insurer", kouki, "--member", "99999999",
                  data_dir=tmp_path)  # fmt: skip
    assert unknown.returncode == 1 and "unknown_member" in unknown.stderr
    records = _json("network", "records", "--resident", elder["resident_code"], data_dir=tmp_path)
    assert [(r["procedure"], r["requester"], r["provider"], r["refusal"]) for r in records] == [
        ("J0001", f"kouki:{kouki}", f"municipality:{municipality}", None)
    ]
