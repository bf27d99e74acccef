"""Policy profiles: every switch named once, each profile's settings, a bad name refused."""

from __future__ import annotations

import dataclasses

import pytest

from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.policy import SWITCHES, Policy, PolicyProfile
from mynumber.kernel.settings import Settings


def test_the_real_profile_is_the_system_as_the_seeds_describe_it() -> None:
    real = Policy.of("real")
    assert real.insurers_keep_my_number and real.registration_links_serial
    assert real.pending_enrolment_reads_as_no_coverage
    assert not real.links_checked_before_acceptance


def test_the_safeguarded_profile_turns_every_switch_the_other_way() -> None:
    real, safe = Policy.of(PolicyProfile.REAL), Policy.of(PolicyProfile.SAFEGUARDED)
    for switch in SWITCHES:
        assert getattr(real, switch.name) is switch.real
        assert getattr(safe, switch.name) is switch.safeguarded
        assert switch.real != switch.safeguarded, f"{switch.name} makes no difference"
        assert switch.seeds and switch.acts_in and switch.decides


def test_every_field_is_a_switch_with_its_seed_reference() -> None:
    names = {f.name for f in dataclasses.fields(Policy)} - {"profile"}
    assert names == {s.name for s in SWITCHES}
    assert len(SWITCHES) == len(names)


def test_the_environment_chooses_and_real_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MYNUMBER_POLICY", raising=False)
    assert Settings.from_env().policy.profile is PolicyProfile.REAL
    monkeypatch.setenv("MYNUMBER_POLICY", "safeguarded")
    assert Settings.from_env().policy == Policy.of("safeguarded")


def test_an_unknown_profile_is_refused_by_name() -> None:
    with pytest.raises(InvalidInputError) as refused:
        Policy.of("lenient")
    assert refused.value.code == "policy_unknown"
    assert "real, safeguarded" in str(refused.value)
