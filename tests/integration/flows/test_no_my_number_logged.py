"""No My Number in a log line: flows 1 and 2 and their refusals run with every `mynumber` logger
at DEBUG, and no record's message, arguments or exception text holds a resident's My Number
(tables and answers are scanned in tests/integration/network/test_no_my_number.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mynumber.app import System
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import DomainError
from mynumber.network.data import new_acquisition_number

from ...logscan import logged_text, logging_everything
from .helpers import FORMER, NEW, NOVEMBER, agency_id, assessed_family, move_family
from .test_contribution import KOUKI, _members


def _refused(call: Callable[[], object]) -> str:
    """Return the refusal a call raised, as its text."""
    with pytest.raises(DomainError) as refused:
        call()
    return str(refused.value)


def _assert_no_my_number(system: System, said: str) -> None:
    numbers = [r.my_number for r in system.registry.listing(limit=100)]
    assert numbers  # the scan has something to look for
    assert [n for n in numbers if n in said] == []


def test_flow_1_and_its_refusals_log_no_my_number(
    system: System, caplog: pytest.LogCaptureFixture
) -> None:
    with logging_everything(caplog):
        members = _members(system)  # enrolled and linked with their My Numbers
        system.insurers.decide_contributions(insurer_number=KOUKI.number)
        system.relay.drain()  # the insurers' reports reach eligibility
        resident = next(iter(members.values()))[0]
        unknown = CODECS[IdentifierKind.MY_NUMBER].complete("12345678901")  # nobody's
        errors = [
            _refused(
                lambda: system.registry.acquire_code(
                    agency=agency_id(FORMER),
                    my_number=unknown,
                    acquisition_number=new_acquisition_number(),
                    actor="test",
                )
            ),
            _refused(
                lambda: system.insurers.decide_contributions(
                    insurer_number=KOUKI.number, numbers=[resident.my_number]
                )
            ),
        ]
    said = logged_text(caplog.records) + "\n".join(errors)
    assert unknown not in said
    _assert_no_my_number(system, said)


def test_flow_2_and_its_refusals_log_no_my_number(
    system: System, caplog: pytest.LogCaptureFixture
) -> None:
    errors = []
    with logging_everything(caplog):
        family = assessed_family(system)
        move_family(system, family)
        for child in family.children:
            try:
                system.municipality.nursery_fee_via_network(
                    municipality=NEW, resident_code=child.resident_code, month=NOVEMBER,
                    actor="clerk", former=FORMER,
                )  # fmt: skip
            except DomainError as refused:  # a child with no fee to set: its refusal too
                errors.append(str(refused))
        errors.append(
            _refused(
                lambda: system.municipality.nursery_fee_via_network(
                    municipality=NEW,
                    resident_code=family.head.resident_code,
                    month=NOVEMBER,
                    actor="clerk",
                    former=FORMER,
                )
            )
        )
    _assert_no_my_number(system, logged_text(caplog.records) + "\n".join(errors))
