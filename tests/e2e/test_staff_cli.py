"""`mynumber staff …`, `facility revoke-terminal`, `jpki revoke-party` and the register's life
events as an operator runs them: an instance of its own (as its process would build) on the
same data as a running server."""

from __future__ import annotations

import json
import subprocess

import httpx

from mynumber.app import System
from mynumber.facility.signing import TerminalAuth

from ..integration.facility.helpers import CLINIC, clinic_with_terminal
from .cli_in_process import run_on


def mynumber(system: System, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line on the test's own instance (its data directory and database)."""
    return run_on(system.settings, *args)


def test_staff_add_list_revoke(system: System, server: str) -> None:
    added = mynumber(
        system, "staff", "add", "--org", "municipality:131016", "--role",
        "municipality_clerk", "--name", "tanaka", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    made = json.loads(added.stdout)
    assert made["account"]["role"] == "municipality_clerk" and made["password"]
    header = {"Authorization": f"Bearer {made['api_token']}"}
    assert httpx.get(f"{server}/api/registry/residents", headers=header).status_code == 200

    listed = mynumber(system, "staff", "list")
    assert listed.stdout.split() == [
        "tanaka",
        "municipality_clerk",
        "municipality:131016",
        "active",
    ]
    as_json = json.loads(mynumber(system, "staff", "list", "--json").stdout)
    assert [a["name"] for a in as_json] == ["tanaka"]
    # The secrets were shown once: no listing repeats them.
    for secret in (made["password"], made["api_token"]):
        assert secret not in listed.stdout + json.dumps(as_json)

    assert mynumber(system, "staff", "revoke", "tanaka").returncode == 0
    refused = httpx.get(f"{server}/api/registry/residents", headers=header)
    assert (refused.status_code, refused.json()["error"]) == (401, "token_revoked")
    assert "revoked" in mynumber(system, "staff", "list").stdout
    again = mynumber(system, "staff", "revoke", "tanaka")
    assert again.returncode == 1 and "account_revoked" in again.stderr


def test_staff_add_refuses_clearly(system: System) -> None:
    mismatch = mynumber(
        system, "staff", "add", "--org", "insurer:01130012", "--role", "auditor", "--name", "x1"
    )
    assert mismatch.returncode == 1 and "role_org_mismatch" in mismatch.stderr
    unknown_role = mynumber(
        system, "staff", "add", "--org", "audit:ppc", "--role", "boss", "--name", "x1"
    )
    assert unknown_role.returncode == 2
    assert json.loads(mynumber(system, "staff", "list", "--json").stdout) == []


def test_revoke_party_from_the_command_line(system: System, server: str) -> None:
    token = system.jpki.register_relying_party(party="pension", may_resolve=False)
    party = {"Authorization": f"Bearer {token}"}
    assert httpx.post(f"{server}/api/jpki/challenges", headers=party).status_code == 201
    revoked = mynumber(system, "jpki", "revoke-party", "pension")
    assert revoked.returncode == 0, revoked.stderr
    refused = httpx.post(f"{server}/api/jpki/challenges", headers=party)
    assert (refused.status_code, refused.json()["error"]) == (403, "party_revoked")
    unknown = mynumber(system, "jpki", "revoke-party", "nobody")
    assert unknown.returncode == 1 and "not_registered" in unknown.stderr


def test_revoke_terminal_from_the_command_line(system: System, server: str) -> None:
    terminal = clinic_with_terminal(system)  # its key is kept by the facility subsystem
    auth = TerminalAuth(
        terminal.terminal_id,
        lambda payload: system.facilities.sign(terminal_id=terminal.terminal_id, payload=payload),
        now=system.clock.now,
    )
    revoked = mynumber(system, "facility", "revoke-terminal", terminal.terminal_id)
    assert revoked.returncode == 0, revoked.stderr
    query = {
        "facility_code": CLINIC.code, "visit_date": "2026-11-22", "insurer_number": "01130012",
        "symbol": "", "number": "1", "branch": "00", "birth_date": "1980-04-01",
    }  # fmt: skip
    with httpx.Client(base_url=server, auth=auth, timeout=30) as signed:
        answer = signed.post("/api/eligibility/verify/number", json=query)
    assert (answer.status_code, answer.json()["error"]) == (401, "terminal_revoked")
    unknown = mynumber(system, "facility", "revoke-terminal", f"{CLINIC.code}-T77")
    assert unknown.returncode == 1 and "not_found" in unknown.stderr


def test_life_events_from_the_command_line(system: System) -> None:
    born = mynumber(
        system, "registry", "record-birth", "--family", "山田", "--given", "太郎",
        "--family-kana", "ヤマダ", "--given-kana", "ﾀﾛｳ", "--birth-date", "2026-11-01",
        "--sex", "1", "--postal-code", "100-0001", "--block", "1番1号", "--on", "2026-11-01",
        "--json",
    )  # fmt: skip
    assert born.returncode == 0, born.stderr
    resident = json.loads(born.stdout)
    code = resident["resident_code"]
    assert resident["name"]["given_kana"] == "タロウ"
    assert resident["address"]["local_government_code"] == "131016"
    moved = mynumber(
        system, "registry", "move", code, "--postal-code", "0600001", "--block", "2丁目3番地",
        "--on", "2026-11-05", "--json",
    )  # fmt: skip
    assert json.loads(moved.stdout)[0]["address"]["municipality"] == "札幌市中央区"
    renamed = mynumber(
        system, "registry", "rename", code, "--family", "佐藤", "--given", "太郎",
        "--family-kana", "サトウ", "--given-kana", "タロウ", "--on", "2026-11-06", "--json",
    )  # fmt: skip
    assert json.loads(renamed.stdout)["name"]["family"] == "佐藤"
    changed = mynumber(system, "registry", "change-my-number", code, "--on", "2026-11-07", "--json")
    assert json.loads(changed.stdout)["my_number"] != resident["my_number"]
    died = mynumber(system, "registry", "record-death", code, "--on", "2026-11-08", "--json")
    assert json.loads(died.stdout)["status"] == "deceased"
    kinds = [e.kind.value for e in system.registry.history(resident_code=code)]
    assert kinds == ["birth", "move", "rename", "my_number_change", "death"]
    refused = mynumber(system, "registry", "move", code, "--postal-code", "0600001")
    assert refused.returncode == 1 and "deceased" in refused.stderr
    unknown = mynumber(system, "registry", "move", code, "--postal-code", "9999999")
    assert unknown.returncode == 1 and "postal_code_unknown" in unknown.stderr
