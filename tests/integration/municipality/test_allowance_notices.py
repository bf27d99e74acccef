"""児童手当の通知: each decision that changes something reaches the 受給者's マイナポータル as an
お知らせ, through the municipality's outbox and the relay, addressed by the municipality's 符号;
the person sees it after logging in with their card, and nobody else does."""

from __future__ import annotations

import datetime as dt

from mynumber.app import System
from mynumber.municipality.data import agency_id
from mynumber.portal.data import PortalSession
from mynumber.registry.data import ChangeKind

from ..portal.helpers import Holder, login_proof
from ..registry.helpers import person
from .helpers import CODE, register_family


def _logged_in(system: System, holder: Holder) -> PortalSession:
    """Log in to the portal as the page and the smartphone app do; return the session."""
    started = system.portal.start_login()
    system.portal.answer_login(code=started.code, proof=login_proof(system, holder, started.code))
    token = system.portal.take_session(code=started.code, waiter=started.waiter)
    assert token is not None
    return system.portal.session(token=token)


def _holder(system: System, resident_code: str) -> Holder:
    issued = system.jpki.issue(resident_code=resident_code)
    return Holder(system.registry.get(resident_code=resident_code, actor="t"),
                  issued.card.card_id, issued.pins.auth)  # fmt: skip


def _decide(system: System, household: str, month: dt.date) -> int:
    return system.municipality.decide_child_allowance(
        municipality=CODE, household_code=household, month=month
    ).monthly_total


def test_a_decision_is_noticed_to_its_recipient_after_login(system: System) -> None:
    family = register_family(system)
    system.municipality.enrol_residents(municipality=CODE)
    head = _holder(system, family.head.resident_code)
    household = family.head.household_code
    assert _decide(system, household, dt.date(2024, 9, 1)) == 25_000  # before the 2024 reform
    assert _decide(system, household, dt.date(2026, 11, 1)) == 50_000  # 額改定
    assert _decide(system, household, dt.date(2026, 12, 1)) == 50_000  # no change: no notice
    assert system.relay.pending() == 0  # the relay delivered each after its commit
    me = _logged_in(system, head)
    box = system.portal.notices(resident_code=me.resident_code)
    assert [n.title for n in box.notices] == ["児童手当の額改定通知", "児童手当の認定通知"]
    assert box.unread == 2
    revised, granted = box.notices
    assert revised.sender == "東京都千代田区" and revised.kind == "allowance_revised"
    assert "2026年11月分" in revised.body and "月額50,000円（児童3人）" in revised.body
    assert "2026年12月に100,000円を支払います" in revised.body
    assert "月額25,000円（児童2人）" in granted.body
    assert family.head.my_number not in revised.body
    # Addressed by the municipality's own 符号, which the network issued for the head.
    codes = system.network.codes_held(resident_code=family.head.resident_code)
    assert agency_id(CODE) in codes
    for other in (family.spouse, *family.children):
        assert system.portal.notices(resident_code=other.resident_code).notices == ()


def test_a_household_without_children_is_refused_once(system: System) -> None:
    single = system.registry.register(
        new=person(given="独子", given_kana="ドクコ"), kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 10),
    )  # fmt: skip
    system.municipality.enrol_residents(municipality=CODE)
    assert _decide(system, single.household_code, dt.date(2026, 11, 1)) == 0
    assert _decide(system, single.household_code, dt.date(2026, 12, 1)) == 0
    me = _logged_in(system, _holder(system, single.resident_code))
    [refused] = system.portal.notices(resident_code=me.resident_code).notices
    assert refused.title == "児童手当の却下通知" and "支給の対象となる児童がいない" in refused.body
