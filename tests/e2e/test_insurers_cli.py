"""Insurers and eligibility from the command line, as an operator would run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .demo_instance import SmallDemo
from .test_cli import run


def test_enrol_verify_lose_and_see_history_from_the_cli(small_demo: SmallDemo) -> None:
    data = small_demo.data_dir  # a copy of the instance `demo --people 50` set up
    insurers = json.loads(run("insurer", "list", "--json", data_dir=data).stdout)
    kinds = {i["kind"] for i in insurers}
    assert kinds == {"kyokai", "kumiai", "kyosai", "kokuho", "kokuho_kumiai", "koki"}
    kyokai = next(i["number"] for i in insurers if i["kind"] == "kyokai")
    facilities = json.loads(run("facility", "list", "--json", data_dir=data).stdout)
    clinic = next(f["code"] for f in facilities if f["kind"] == "clinic")
    residents = json.loads(run("registry", "list", "--limit", "50", "--json", data_dir=data).stdout)
    # Keys are random per instance, so list order is too: pick someone born before coverage.
    resident = next(r for r in residents if r["birth_date"] < "2000-01-01")
    enrolled = run(
        "insurer",
        "enrol",
        "--insurer",
        kyokai,
        "--resident",
        resident["resident_code"],
        "--from",
        "2025-04-01",
        "--json",
        data_dir=data,
    )
    assert enrolled.returncode == 0, enrolled.stderr
    membership = json.loads(enrolled.stdout)
    verify = [
        "eligibility",
        "verify-number",
        "--insurer",
        kyokai,
        "--symbol",
        membership["InsuredCardSymbol"],
        "--number",
        membership["InsuredIdentificationNumber"],
        "--branch",
        membership["InsuredBranchNumber"],
        "--birthdate",
        resident["birth_date"],
        "--facility",
        clinic,
        "--json",
    ]
    answer = json.loads(run(*verify, "--date", "2025-05-01", data_dir=data).stdout)
    assert answer["QualificationValidity"] == "1"
    assert answer["ResultList"][0]["InsurerNumber"] == kyokai
    # The card path: issue a card, register it (利用登録), verify with it at reception.
    issued = json.loads(
        run(
            "card", "issue", "--resident", resident["resident_code"], "--json", data_dir=data
        ).stdout
    )
    card = ["--card", issued["card"]["card_id"], "--pin", issued["pins"]["auth"]]
    registered = run("eligibility", "register", *card, "--json", data_dir=data)
    assert json.loads(registered.stdout)["registered"] is True, registered.stderr
    by_card = json.loads(
        run(
            "eligibility",
            "verify-card",
            *card,
            "--facility",
            clinic,
            "--date",
            "2025-05-02",
            "--json",
            data_dir=data,
        ).stdout
    )
    assert by_card["QualificationValidity"] == "1" and by_card["ReferenceClassification"] == "1"
    lost = run(
        "insurer",
        "lose",
        membership["membership_id"],
        "--date",
        "2025-06-30",
        "--reason",
        "retirement",
        data_dir=data,
    )
    assert lost.returncode == 0, lost.stderr
    after = json.loads(run(*verify, "--date", "2025-07-01", data_dir=data).stdout)
    assert after["QualificationValidity"] == "2"
    history = json.loads(
        run(
            "eligibility",
            "history",
            "--resident",
            resident["resident_code"],
            "--json",
            data_dir=data,
        ).stdout
    )
    assert [h["valid_to"] for h in history] == ["2025-06-30"]
    records = json.loads(
        run(
            "eligibility",
            "records",
            "--resident",
            resident["resident_code"],
            "--json",
            data_dir=data,
        ).stdout
    )
    assert [r["outcome"] for r in records] == ["1", "1", "2"]
    again = run(
        "insurer",
        "lose",
        membership["membership_id"],
        "--date",
        "2025-06-30",
        "--reason",
        "retirement",
        data_dir=data,
    )
    assert again.returncode == 1 and "already ended" in again.stderr


def test_a_form_with_another_persons_number_is_held_where_links_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYNUMBER_POLICY", "safeguarded")
    demo = ("demo", "--people", "20", "--cards", "0", "--no-insurance", "--no-serve")
    assert run(*demo, data_dir=tmp_path).returncode == 0
    insurers = json.loads(run("insurer", "list", "--json", data_dir=tmp_path).stdout)
    kyokai = next(i["number"] for i in insurers if i["kind"] == "kyokai")
    residents = json.loads(
        run("registry", "list", "--limit", "20", "--json", data_dir=tmp_path).stdout
    )
    adults = [r for r in residents if r["birth_date"] < "2000-01-01"]
    first, other = adults[0], next(r for r in adults if r["birth_date"] != adults[0]["birth_date"])
    enrol = ("insurer", "enrol", "--insurer", kyokai, "--from", "2025-04-01", "--json")
    held = run(
        *enrol, "--resident", first["resident_code"], "--my-number", other["my_number"],
        data_dir=tmp_path,
    )  # fmt: skip
    assert held.returncode == 1 and "link_mismatch" in held.stderr + held.stdout, held.stderr
    listed = json.loads(
        run("insurer", "held", "--insurer", kyokai, "--json", data_dir=tmp_path).stdout
    )
    assert [h["member"]["birth_date"] for h in listed] == [first["birth_date"]]
    assert "birth_date" in listed[0]["mismatched"]
    accepted = run(*enrol, "--resident", first["resident_code"], data_dir=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
