"""Facilities and terminals from the command line, after the demo set them up."""

from __future__ import annotations

import json
from pathlib import Path

from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from .demo_instance import SmallDemo
from .test_cli import run


def test_demo_facilities_listed_filtered_and_given_terminals(small_demo: SmallDemo) -> None:
    data = small_demo.data_dir  # a copy of the instance `demo --people 50` set up
    assert "医療機関・薬局" in small_demo.demo.stdout
    facilities = json.loads(run("facility", "list", "--json", data_dir=data).stdout)
    assert {f["kind"] for f in facilities} == {
        "hospital", "clinic", "dental", "pharmacy", "practitioner", "home_nursing",
    }  # fmt: skip
    assert all(CODECS[IdentifierKind.FACILITY_CODE].is_valid(f["code"]) for f in facilities)
    assert all(f["name"] for f in facilities)
    osaka_pharmacies = json.loads(
        run(
            "facility", "list", "--json", "--kind", "pharmacy", "--prefecture", "27",
            data_dir=data,
        ).stdout
    )  # fmt: skip
    assert osaka_pharmacies
    assert all(f["kind"] == "pharmacy" and f["code"][:2] == "27" for f in osaka_pharmacies)
    tokyo = next(f for f in facilities if f["code"].startswith("13"))
    # The demo gave every facility in Tokyo a terminal: the next one is the second.
    added = run("facility", "add-terminal", tokyo["code"], "--json", data_dir=data)
    assert added.returncode == 0, added.stderr
    terminal = json.loads(added.stdout)
    assert terminal["terminal_id"] == f"{tokyo['code']}-T02"
    assert len(bytes.fromhex(terminal["public_key"])) == 32
    unknown = run("facility", "add-terminal", "0111999994", data_dir=data)
    assert unknown.returncode == 1 and "facility_not_found" in unknown.stderr
    _check_a_card_at_reception(data, terminal=f"{tokyo['code']}-T01")


def _check_a_card_at_reception(tmp_path: Path, *, terminal: str) -> None:
    """Enrol a resident, issue and register their card, and check it on the reader."""
    insurers = json.loads(run("insurer", "list", "--json", data_dir=tmp_path).stdout)
    kyokai = next(i["number"] for i in insurers if i["kind"] == "kyokai")
    residents = json.loads(
        run("registry", "list", "--limit", "50", "--json", data_dir=tmp_path).stdout
    )
    resident = next(r for r in residents if r["birth_date"] < "2000-01-01")["resident_code"]
    enrol = [
        "insurer",
        "enrol",
        "--insurer",
        kyokai,
        "--resident",
        resident,
        "--from",
        "2025-04-01",
    ]
    assert run(*enrol, data_dir=tmp_path).returncode == 0
    issued = json.loads(
        run("card", "issue", "--resident", resident, "--json", data_dir=tmp_path).stdout
    )
    card = ["--card", issued["card"]["card_id"]]
    pin = ["--pin", issued["pins"]["auth"]]
    assert run("eligibility", "register", *card, *pin, data_dir=tmp_path).returncode == 0
    for how in (pin, [], ["--face-fails", "--staff-confirms"]):
        checked = run("facility", "check-card", terminal, *card, *how, "--json", data_dir=tmp_path)
        assert checked.returncode == 0, checked.stderr
        assert json.loads(checked.stdout)["QualificationValidity"] == "1", checked.stdout
    refused = run("facility", "check-card", terminal, *card, "--face-fails", data_dir=tmp_path)
    assert "holder_not_confirmed" in refused.stdout
