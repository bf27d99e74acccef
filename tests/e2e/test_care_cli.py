"""`mynumber care …` (in-process, see `cli_in_process`): a resident reaching 65 today is
insured, certified and viewed by their care manager through their card."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from mynumber.app import build_system
from mynumber.kernel.clock import SystemClock, today_in_japan
from mynumber.kernel.settings import Settings

from ..integration.care.helpers import (
    CODE,
    DOCTOR,
    MANAGER,
    STRANGER_OFFICE,
    register_elder,
    register_providers,
)
from .test_cli import run


def _json(*args: str, data_dir: Path) -> Any:
    done = run(*args, "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_person_reaching_65_through_the_cli(tmp_path: Path) -> None:
    today = today_in_japan(SystemClock())
    settings = dataclasses.replace(
        Settings.from_env(tmp_path), database_url=f"sqlite:///{tmp_path / 'main.db'}"
    )
    system = build_system(settings)
    try:
        born = (today + dt.timedelta(days=1)).replace(year=today.year - 65)
        fiscal_year = today.year if today.month >= 8 else today.year - 1
        resident = register_elder(system, born=born, fiscal_year=fiscal_year)
        card = system.jpki.issue(resident_code=resident.resident_code)
        register_providers(system)
    finally:
        system.close()
    enrolled = run("care", "enrol-65", "--municipality", CODE, data_dir=tmp_path)
    assert enrolled.returncode == 0 and "enrolled" in enrolled.stdout
    status = run("care", "status", "--resident", resident.resident_code, data_dir=tmp_path)
    assert status.returncode == 0 and "(第1号)" in status.stdout
    number = status.stdout.split()[1]
    assert len(number) == 10 and number.isdigit()
    asked = ("--number", number, "--doctor", "佐藤", "--institution", DOCTOR)
    applied = _json("care", "apply", *asked, data_dir=tmp_path)
    _json("care", "certify", "--application", str(applied["application_id"]), "--level", "22",
          data_dir=tmp_path)  # fmt: skip
    assert _json("care", "burden", "--number", number, data_dir=tmp_path)["ratio"] == 3
    _json("care", "serve", "--office", MANAGER, "--number", number, data_dir=tmp_path)
    by_card = ("--card", card.card.card_id, "--pin", card.pins.auth)
    items = ("--items", "insurance,burden,certification_docs", "--consent")
    seen = _json("care", "view", *by_card, "--as", MANAGER, *items, data_dir=tmp_path)
    assert seen["certification"]["level"] == "22" and seen["burden"]["ratio"] == 3
    refused = run("care", "view", *by_card, "--as", STRANGER_OFFICE, data_dir=tmp_path)
    assert refused.returncode == 1 and "no_service_relationship" in refused.stderr
