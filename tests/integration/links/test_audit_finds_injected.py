"""The issue's end to end: wrong-person links injected by synth at a raised rate. Under the real
policy they are accepted, and `mynumber audit links` finds them from the agencies' published
exports alone, scored against the ground truth; under the safeguarded policy they never get in,
and the audit finds no wrong-person link."""

from __future__ import annotations

import datetime as dt
import json

from mynumber.app import System
from mynumber.synth.accounts import populate_accounts
from mynumber.synth.link_errors import truth_path
from tests.e2e.cli_in_process import run_on

ON = dt.date(2026, 11, 22)  # today in Japan on the fixed clock


def _populate_with_errors(system: System) -> int:
    """Populate 150 people whose links are wrong at a raised rate; return how many injected."""
    system.synth.populate(seed=11, people=150, on=ON)
    lives = system.synth.populate_lives(seed=11, on=ON, link_error_rate=0.05).link_errors
    pension = system.synth.populate_pension(seed=11, on=ON, link_error_rate=0.05).link_errors
    accounts = populate_accounts(
        registry=system.registry, portal=system.portal, seed=11, link_error_rate=0.2,
        truth=truth_path(system.settings.data_dir),
    )  # fmt: skip
    return lives.injected + pension.injected + accounts.injected


def test_real_accepts_the_errors_and_the_audit_finds_them_safeguarded_stops_them(
    profiled: System,
) -> None:
    injected = _populate_with_errors(profiled)
    assert injected >= 5
    done = run_on(profiled.settings, "audit", "links", "--json", "--quiet")
    assert done.returncode == 0, done.stderr
    audit = json.loads(done.stdout)
    if not profiled.settings.policy.links_checked_before_acceptance:
        # Every accepted error is found, each with the items that give it away.
        score = audit["score"]
        assert score["truth"] == injected
        assert score["recall"] == 1.0
        assert score["precision"] >= 0.9
        assert all(f["disagreeing"] for f in audit["findings"])
        return
    # Safeguarded: held at acceptance, so nothing wrong is there to find.
    assert audit["score"]["truth"] == 0
    assert audit["findings"] == []
