"""The DV 支援措置 at the register: set by a clerk for a year from the request, renewed, lifted,
run out; each change in the resident's access log; refused for the future, the dead and nobody."""

from __future__ import annotations

import datetime as dt

import pytest

from mynumber.app import System
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError
from mynumber.registry.data import ChangeKind

from .helpers import person

TODAY = dt.date(2026, 11, 22)  # the fixed clock's day in Japan


def _resident(system: System) -> str:
    return system.registry.register(
        new=person(), kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1)
    ).resident_code


def test_a_measure_runs_a_year_from_the_request_until_lifted(system: System) -> None:
    code = _resident(system)
    assert system.registry.support_measure(resident_code=code) is None
    assert not system.registry.address_withheld(resident_code=code)

    requested = dt.date(2026, 11, 1)
    measure = system.registry.set_support_measure(
        resident_code=code, requested_on=requested, actor="clerk-131016"
    )
    assert measure.in_force and measure.valid_from == requested
    assert measure.valid_until == dt.date(2027, 10, 31)  # a year, the request day included
    assert system.registry.address_withheld(resident_code=code)

    lifted = system.registry.clear_support_measure(resident_code=code, actor="clerk-131016")
    assert not lifted.in_force and lifted.cleared_at is not None
    assert not system.registry.address_withheld(resident_code=code)
    with pytest.raises(NotFoundError) as twice:
        system.registry.clear_support_measure(resident_code=code, actor="clerk-131016")
    assert twice.value.code == "no_support_measure"

    renewed = system.registry.set_support_measure(
        resident_code=code, requested_on=TODAY, actor="clerk-2", valid_until=dt.date(2027, 1, 31)
    )
    assert renewed.in_force and renewed.cleared_at is None
    assert renewed.valid_until == dt.date(2027, 1, 31)

    whats = [r.payload["what"] for r in system.registry.access_records(resident_code=code)]
    assert whats == [
        "support_measure:set:2027-10-31",
        "support_measure:cleared",
        "support_measure:set:2027-01-31",
    ]
    actors = [r.payload["actor"] for r in system.registry.access_records(resident_code=code)]
    assert actors == ["clerk-131016", "clerk-131016", "clerk-2"]
    assert system.registry.verify_access_log(resident_code=code) == []


def test_a_measure_that_ran_out_withholds_nothing(system: System) -> None:
    code = _resident(system)
    old = system.registry.set_support_measure(
        resident_code=code, requested_on=dt.date(2024, 5, 1), actor="clerk"
    )
    assert old.valid_until == dt.date(2025, 4, 30) and not old.in_force
    assert not system.registry.address_withheld(resident_code=code)


def test_impossible_measures_are_refused(system: System) -> None:
    code = _resident(system)
    with pytest.raises(ConflictError):
        system.registry.set_support_measure(
            resident_code=code, requested_on=TODAY + dt.timedelta(days=1), actor="clerk"
        )
    with pytest.raises(InvalidInputError):
        system.registry.set_support_measure(
            resident_code=code, requested_on=TODAY, actor="clerk", valid_until=dt.date(2026, 1, 1)
        )
    with pytest.raises(NotFoundError):
        system.registry.set_support_measure(
            resident_code="12345678901", requested_on=TODAY, actor="clerk"
        )
    system.registry.record_death(resident_code=code, on=TODAY)
    with pytest.raises(ConflictError):
        system.registry.set_support_measure(resident_code=code, requested_on=TODAY, actor="clerk")
    assert not system.registry.address_withheld(resident_code=code)
