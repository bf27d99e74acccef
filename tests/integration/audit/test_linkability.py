"""Linkability measured on a small synthetic population under each profile: the joins counted
from what each party really stores agree with the declarations, and the safeguards remove the
serial and My Number joins that the real rules make."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.audit.cli import app
from mynumber.audit.linkability_measured import Measured, measure
from mynumber.audit.profiling_measured import degrees, person_pieces
from mynumber.demo import issue_demo_cards
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.policy import PolicyProfile
from mynumber.kernel.staffauth import StaffRole
from tests.servers import StaffLogins

PEOPLE, CARDS = 30, 5


def _populated(system: System) -> Measured:
    """Register a small population with insurance lives, cards (利用登録), 宛名 and pensions;
    return what the audit measures on it."""
    on = today_in_japan(system.clock)
    system.synth.populate(seed=7, people=PEOPLE, on=on)
    cards = issue_demo_cards(system, cards=CARDS)
    system.synth.populate_lives(seed=7, on=on)
    system.synth.register_cards([(c.card.card_id, c.pins.auth) for c in cards], share=1.0)
    system.synth.populate_municipal(seed=7, on=on)
    system.synth.populate_pension(seed=7, on=on)
    return measure(system.settings.policy.profile, lambda name: getattr(system, name))


def _joined(result: Measured, a: str, b: str) -> dict[str, int]:
    pair = next(p for p in result.pairs if (p.a, p.b) == (a, b))
    return dict(pair.joined)


@pytest.mark.parametrize("profile", [PolicyProfile.REAL, PolicyProfile.SAFEGUARDED])
def test_measured_joins_follow_the_profile(
    system: System, profile: PolicyProfile, server: str, staff: StaffLogins
) -> None:
    result = _populated(system)
    # Nothing is joinable that was not declared.
    assert not [f for f in result.findings if "not declared" in f]
    serial = _joined(result, "jpki", "eligibility").get("serial:card_serial", 0)
    by_number = _joined(result, "insurers", "pension").get("direct:my_number", 0)
    if profile is PolicyProfile.REAL:
        assert serial == CARDS  # every registered card's serial leads to the insured person
        assert by_number > 0
    else:
        assert serial == 0 and by_number == 0
    # What no switch changes: insurer and eligibility share the insured-number history.
    assert _joined(result, "eligibility", "insurers")["insured_history:insured_number"] > 0
    # The life insurer's jigsaw per person: only card holders give it pieces, and never fewer
    # are assembled under the real rules than under the safeguards.
    people = person_pieces(lambda name: getattr(system, name))
    assert len(people) == PEOPLE
    assert sum(1 for p in people.values() if p.present) == CARDS
    assert all(dict(p.joined)["real"] >= dict(p.joined)["safeguarded"] for p in people.values())
    counted = dict(degrees(people).by_profile)
    assert sum(n for _, n in counted["real"]) == PEOPLE
    assert max(d for d, _ in counted["real"]) > max(d for d, _ in counted["safeguarded"])
    # The auditor's page: the data agrees better with the rules it was written under.
    counts = _page_findings(server, staff.headers(StaffRole.AUDITOR, "audit:ppc"))
    other = next(p for p in PolicyProfile if p is not profile)
    assert counts[profile] < counts[other]


def _page_findings(server: str, auditor: dict[str, str]) -> dict[PolicyProfile, int]:
    page = httpx.get(f"{server}/audit/linkability/measured", headers=auditor, timeout=60)
    assert page.status_code == 200, page.text
    assert 'id="degrees"' in page.text  # the life insurer's jigsaw, over the population
    found = re.findall(
        r'data-profile="(\w+)">\s*<h2>.*?<span class="count">(\d+)</span>', page.text
    )
    return {PolicyProfile(name): int(count) for name, count in found}


def test_the_cli_prints_both_profiles_and_their_difference() -> None:
    out = CliRunner().invoke(app, ["linkability", "--json"])
    assert out.exit_code == 0, out.output
    body = json.loads(out.output)
    assert set(body["declared"]) == {"real", "safeguarded"}
    assert {s for d in body["differences"] for s in d["switches"]} >= {"insurers_keep_my_number"}
