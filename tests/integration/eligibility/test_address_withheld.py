"""A DV 支援措置 set at the register reaches the eligibility system through its inbox: answers by
card, by number and of a 一括照会 then carry no address and `AddressNotDisclosed` 1; lifted, the
address is shown again. A notice delivered twice or late changes nothing."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.eligibility.data import EligibilityAnswer
from mynumber.kernel.messaging import Message
from mynumber.registry.data import ChangeKind, SupportMeasureNotice, support_measures_topic

from ...agency_codes import code_for
from ..insurers.test_enrol_and_verify import KYOKAI_TOKYO, _enrol, _query, _setup
from ..registry.helpers import person
from .test_batches import INSURER, enrolled_people, line_for, submit
from .test_card_path import _authenticate, _card, _check, _proof

ADDRESS = "東京都千代田区千代田1番1号"
TODAY = dt.date(2026, 11, 22)


def _shown(answer: EligibilityAnswer) -> tuple[str, str, str]:
    (info,) = answer.results
    return info.address, info.post_number, info.address_not_disclosed


def test_card_and_number_answers_withhold_the_address_while_the_measure_holds(
    system: System,
) -> None:
    resident = _setup(system)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    card_id, pin = _card(system, resident)
    system.eligibility.register_card(proof=_proof(system, card_id, pin))
    by_number = _query(membership, TODAY, resident.birth_date)
    assert _shown(system.eligibility.verify_by_number(query=by_number)) == (ADDRESS, "1000001", "0")

    system.registry.set_support_measure(
        resident_code=resident.resident_code, requested_on=TODAY, actor="clerk"
    )
    card = _check(system, _authenticate(system, card_id, pin))
    number = system.eligibility.verify_by_number(query=by_number)
    for answer in (card, number):
        assert answer.qualification_validity == "1"
        assert _shown(answer) == ("", "", "1")
        assert "千代田1番1号" not in answer.model_dump_json()
        assert answer.model_dump()["ResultList"][0]["AddressNotDisclosed"] == "1"

    system.registry.clear_support_measure(resident_code=resident.resident_code, actor="clerk")
    assert _shown(_check(system, _authenticate(system, card_id, pin)))[2] == "0"
    assert _shown(system.eligibility.verify_by_number(query=by_number)) == (ADDRESS, "1000001", "0")


def test_batch_answers_withhold_the_address_even_when_the_measure_came_after(
    system: System,
) -> None:
    ((b, bm),) = enrolled_people(system, 1)
    a = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=dt.date(2020, 1, 1))
    am = _enrol(system, a, INSURER, dt.date(2024, 4, 1))
    first = submit(system, [line_for(a, am, "P1"), line_for(b, bm, "P2")])
    system.eligibility.run_batches()
    system.registry.set_support_measure(
        resident_code=a.resident_code, requested_on=TODAY, actor="clerk"
    )
    second = submit(system, [line_for(a, am, "P3")])
    system.eligibility.run_batches()
    for reception in (first.reception_number, second.reception_number):
        page = system.eligibility.batch_results(
            facility_code=first.facility_code, reception_number=reception
        )
        answer = page.lines[0].answer
        assert answer is not None and _shown(answer) == ("", "", "1")
    other = system.eligibility.batch_results(
        facility_code=first.facility_code, reception_number=first.reception_number
    ).lines[1]
    assert other.answer is not None and _shown(other.answer)[2] == "0"


def test_a_notice_delivered_late_or_twice_changes_nothing(system: System) -> None:
    resident = _setup(system)
    membership = _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    subject = code_for(system, agency="eligibility", resident_code=resident.resident_code)
    at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)  # one moment: the versions order the changes

    def deliver(message_id: str, valid: bool, version: int) -> None:
        notice = SupportMeasureNotice(
            agency="eligibility", subject=subject, changed_at=at, version=version,
            valid_from=TODAY if valid else None, valid_until=TODAY if valid else None,
        )  # fmt: skip
        system.eligibility.receive_support_measure(
            Message(
                message_id=message_id,
                topic=support_measures_topic("eligibility"),
                body=notice.model_dump(mode="json"),
            )
        )

    query = _query(membership, TODAY, resident.birth_date)
    deliver("lifted-later", valid=False, version=2)
    deliver("set-earlier", valid=True, version=1)  # arrives late: the lift stands
    assert _shown(system.eligibility.verify_by_number(query=query))[2] == "0"
    deliver("set-latest", valid=True, version=3)
    deliver("lifted-later", valid=False, version=4)  # a duplicate: handled once only
    assert _shown(system.eligibility.verify_by_number(query=query))[2] == "1"
