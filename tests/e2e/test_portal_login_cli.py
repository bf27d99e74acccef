"""`mynumber card login` plays the smartphone app against the running portal: the code the
portal gave is answered by the virtual card through the portal's HTTP API, as from another
process; refusals come back as errors."""

from __future__ import annotations

import json
import subprocess

import httpx

from mynumber.app import System
from mynumber.kernel.clock import FixedClock

from ..integration.portal.helpers import card_holder
from .cli_in_process import run_on


def card(system: System, server: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `mynumber card …` on the test's own instance, against its server."""
    return mynumber(system, server, "card", *args)


def mynumber(system: System, server: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `mynumber …` on the test's own instance, against its server (in this process, as a
    new instance: the server sees only its HTTP requests, as from another process)."""
    return run_on(system.settings, *args, public_url=server)


def test_card_login_answers_the_code_and_the_waiting_client_logs_in(
    system: System, clock: FixedClock, server: str
) -> None:
    holder = card_holder(system)
    with httpx.Client(base_url=server) as client:
        started = client.post("/portal/api/login").json()
        code, waiter = started["code"], {"waiter": started["waiter"]}
        wrong = "0000" if holder.pin != "0000" else "1111"
        refused = card(system, server, "login", holder.card_id, "--pin", wrong, "--code", code)
        assert refused.returncode == 1 and "wrong_pin" in refused.stderr
        pending = client.post(f"/portal/api/login/{code}/session", json=waiter).json()
        assert pending == {"state": "waiting", "token": None}
        done = card(system, server, "login", holder.card_id, "--pin", holder.pin, "--code", code)
        assert done.returncode == 0, done.stderr
        assert "ログインしました" in done.stdout
        again = card(system, server, "login", holder.card_id, "--pin", holder.pin, "--code", code)
        assert again.returncode == 1 and "login_code_used" in again.stderr
        session = client.post(f"/portal/api/login/{code}/session", json=waiter).json()
        assert session["state"] == "done"
        records = client.get(
            "/portal/api/records", headers={"Authorization": f"Bearer {session['token']}"}
        )
        assert records.status_code == 200
        assert any(e["source"] == "portal" for e in records.json()["entries"])
    code_of = holder.resident.resident_code
    printed = mynumber(system, server, "portal", "records", "--resident", code_of, "--json")
    assert printed.returncode == 0, printed.stderr
    timeline = json.loads(printed.stdout)
    assert timeline["verdict"] == "改ざんは検出されませんでした"
    assert [e["what"] for e in timeline["entries"]][-1] == "マイナポータルにログイン"
    unknown = card(
        system, server, "login", holder.card_id, "--pin", holder.pin, "--code", "00000000"
    )
    assert unknown.returncode == 1 and "login_code_unknown" in unknown.stderr
