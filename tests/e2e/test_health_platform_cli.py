"""`mynumber health vaccinate | vaccinations | pmh-register | pmh-check` (in-process) on the
test instance: a municipality records, the person reads, a clinic reads with consent and is
refused without; a 公費 recipient registered and checked by card, then withheld on request."""

from __future__ import annotations

import json
import subprocess

from mynumber.app import System
from mynumber.kernel.settings import Settings

from ..integration.health.helpers import TODAY, world
from ..integration.health.platform_helpers import register_card
from ..integration.insurers.test_enrol_and_verify import CLINIC
from .cli_in_process import run_on


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return run_on(settings, "health", *args)


def test_vaccinate_and_read_from_the_command_line(system: System, settings: Settings) -> None:
    w = world(system)
    register_card(system, w)
    municipality = w.resident.address.local_government_code
    done = _run(
        settings, "vaccinate", "--my-number", w.resident.my_number, "--municipality", municipality,
        "--vaccine", "MR", "--vaccine-name", "麻しん風しん混合ワクチン", "--lot", "Y123",
        "--facility", CLINIC, "--dose", "2", "--site", "LA", "--on", "2025-06-01", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["dose_number"] == 2
    card = ("--card", w.card_id, "--pin", w.auth_pin)
    own = _run(settings, "vaccinations", *card, "--json")
    assert own.returncode == 0, own.stderr
    assert [v["vaccine_code"] for v in json.loads(own.stdout)["vaccinations"]] == ["MR"]
    at_clinic = ("vaccinations", *card, "--facility", CLINIC, "--on", TODAY.isoformat())
    shown = _run(settings, *at_clinic, "--consent", "--json")
    assert shown.returncode == 0, shown.stderr
    (resource,) = json.loads(shown.stdout)["immunizations"]
    assert resource["protocolApplied"] == [{"doseNumberPositiveInt": 2}]
    refused = _run(settings, *at_clinic)
    assert refused.returncode == 1 and "consent_required" in refused.stderr


def test_pmh_register_and_check_from_the_command_line(system: System, settings: Settings) -> None:
    w = world(system)
    municipality = w.resident.address.local_government_code
    register = (
        "pmh-register", "--my-number", w.resident.my_number, "--municipality", municipality,
        "--insurer-number", "54130018", "--recipient-number", "1234566",
        "--valid-from", "2026-04-01", "--valid-to", "2027-03-31", "--limit", "10000", "--json",
    )  # fmt: skip
    stored = _run(settings, *register)
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout)["law_number"] == "54"
    check = ("pmh-check", "--card", w.card_id, "--pin", w.auth_pin, "--facility", CLINIC,
             "--on", TODAY.isoformat(), "--json")  # fmt: skip
    answer = _run(settings, *check)
    assert answer.returncode == 0, answer.stderr
    (subsidy,) = json.loads(answer.stdout)["subsidies"]
    assert (subsidy["recipient_number"], subsidy["max_copayment_amount"]) == ("1234566", 10000)
    assert _run(settings, *register, "--not-disclosed").returncode == 0
    (hidden,) = json.loads(_run(settings, *check).stdout)["subsidies"]
    assert hidden["is_not_disclosed"] and hidden["recipient_number"] is None
