"""`mynumber health …` (in-process, see `cli_in_process`) on the test instance: a doctor's HPKI
certificate, a prescription signed on the card, dispensed once, refused the second time; the
access log."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from mynumber.app import System
from mynumber.kernel.settings import Settings
from mynumber.registry.data import ChangeKind

from ..integration.health.helpers import PHARMACY, world
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..integration.registry.helpers import person
from .cli_in_process import run_on


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return run_on(settings, "health", *args)


def test_register_prescribe_dispense_from_the_command_line(
    system: System, settings: Settings, tmp_path: Path
) -> None:
    w = world(system)
    resident = system.registry.register(
        new=person(given="花子", given_kana="ハナコ", born=dt.date(1970, 1, 2)),
        kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1),
    )  # fmt: skip
    card = system.jpki.issue(resident_code=resident.resident_code)
    hpki = tmp_path / "hpki.der"
    doctor = _run(
        settings, "register-doctor", card.card.card_id, "--sign-pin", card.pins.sign,
        "--name", "髙橋花子", "--license", "654321", "--out", str(hpki), "--json",
    )  # fmt: skip
    assert doctor.returncode == 0, doctor.stderr
    assert json.loads(doctor.stdout)["role"] == "Medical Doctor" and hpki.stat().st_size > 500
    patient = [
        "--insurer", w.patient.insurer_number, "--symbol", w.patient.symbol,
        "--number", w.patient.number, "--branch", w.patient.branch,
        "--birth-date", w.patient.birth_date.isoformat(),
    ]  # fmt: skip
    prescribed = _run(
        settings, "prescribe", "--facility", CLINIC, "--doctor-card", card.card.card_id,
        "--sign-pin", card.pins.sign, "--hpki", str(hpki),
        "--drug", "2171022F1020,アムロジピン錠5mg,1,錠,28,1日1回朝食後", *patient, "--json",
    )  # fmt: skip
    assert prescribed.returncode == 0, prescribed.stderr
    number = json.loads(prescribed.stdout)["exchange_number"]
    dispense = ("dispense", "--facility", PHARMACY, "--exchange-number", number, *patient)
    done = _run(settings, *dispense, "--json")
    assert done.returncode == 0, done.stderr
    assert [d["use"] for d in json.loads(done.stdout)] == [1]
    again = _run(settings, *dispense)
    assert again.returncode == 1 and "exchange_number_used" in again.stderr
    log = json.loads(_run(settings, "records", *patient, "--json").stdout)
    assert log["problems"] == []
    assert [r["action"] for r in log["records"]] == [
        "prescribe",
        "retrieve",
        "dispense",
        "retrieve",
    ]
