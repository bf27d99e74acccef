"""Wrong-person links injected by synth (the 総点検's causes): under the real policy they are
accepted and the exports show the wrong number beside the person's own items; under the
safeguarded policy the five-item check holds every one of them for review (family accounts
too: the account carries its owner's name, whose reading is not the person's)."""

from __future__ import annotations

import csv
import datetime as dt

from mynumber.app import System
from mynumber.kernel.linkexport import LinkedRecord
from mynumber.synth.accounts import populate_accounts
from mynumber.synth.link_errors import TRUTH_HEADER, truth_path

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock
RATE = 0.05


def _truth(system: System) -> list[dict[str, str]]:
    with truth_path(system.settings.data_dir).open(encoding="utf-8") as source:
        reader = csv.DictReader(source)
        assert tuple(reader.fieldnames or ()) == TRUTH_HEADER
        return list(reader)


def _exported(system: System) -> dict[tuple[str, str], LinkedRecord]:
    records = [
        *system.insurers.linked_records(actor="auditor"),
        *system.pension.linked_records(actor="auditor"),
        *system.portal.linked_records(actor="auditor"),
    ]
    return {(r.agency, r.record_id): r for r in records}


def test_injected_links_are_accepted_under_real_and_held_under_safeguarded(
    profiled: System,
) -> None:
    profiled.synth.populate(seed=5, people=150, on=ON)
    lives = profiled.synth.populate_lives(seed=5, on=ON, link_error_rate=RATE).link_errors
    pension = profiled.synth.populate_pension(seed=5, on=ON, link_error_rate=RATE).link_errors
    accounts = populate_accounts(
        registry=profiled.registry, portal=profiled.portal, seed=5, link_error_rate=0.3,
        truth=truth_path(profiled.settings.data_dir),
    )  # fmt: skip
    assert lives.injected >= 5 and pension.injected >= 1 and accounts.injected >= 3
    truth, exported = _truth(profiled), _exported(profiled)
    residents = {r.resident_code: r for r in profiled.registry.listing(limit=500)}
    if not profiled.settings.policy.links_checked_before_acceptance:
        assert (lives.accepted, lives.held) == (lives.injected, 0)
        assert (pension.accepted, pension.held) == (pension.injected, 0)
        assert (accounts.accepted, accounts.held) == (accounts.injected, 0)
        assert len(truth) == lives.injected + pension.injected + accounts.injected
        for row in truth:
            record = exported[row["agency"], row["record_id"]]
            person = residents[row["true_resident_code"]]  # whose record (or account) it is
            assert record.my_number == row["linked_my_number"] != person.my_number
            if record.kind == "bank_account":  # the owner's account on someone else's number
                assert record.name_kana == person.name.full_kana
            else:
                assert (record.name, record.birth_date) == (person.name.full, person.birth_date)
        assert {row["cause"] for row in truth} >= {"family_member_account", "shared_desk_pc"}
        return
    assert (lives.accepted, lives.held) == (0, lives.injected)
    assert (pension.accepted, pension.held) == (0, pension.injected)
    assert (accounts.accepted, accounts.held) == (0, accounts.injected)
    assert truth == []
    numbers = {r.my_number: r for r in residents.values()}
    for record in exported.values():  # every accepted link is the person's own
        if record.my_number is not None:
            person = numbers[record.my_number]
            assert record.name_kana == person.name.full_kana
            assert record.name in {"", person.name.full}
