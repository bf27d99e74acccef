"""Messages between organisations: sent with the change, handled once, kept across failures."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from mynumber.app import System, build_system
from mynumber.eligibility.api import CANCELLATIONS, INSURER_REPORTS
from mynumber.eligibility.data import CardProof
from mynumber.insurers.data import LossReason
from mynumber.jpki.api import JLIS
from mynumber.jpki.models import messages_in as jpki_inbox
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.messaging import FAULT_ENV, Inbox, Message, Outbox
from mynumber.kernel.settings import Settings
from mynumber.registry.data import ChangeKind, changes_topic
from mynumber.registry.models import messages_out as registry_messages

from ..registry.helpers import person
from .scenario import (
    DEATH_DAY,
    START,
    authenticate,
    certificates_sent,
    death_took_effect,
    enrolment_of,
    memberships_seen,
    prepare,
)

OTHER = LossReason.OTHER


def test_every_handoff_takes_effect_right_after_the_call(system: System) -> None:
    scenario = prepare(system)
    system.registry.record_death(resident_code=scenario.dying, on=DEATH_DAY)
    assert death_took_effect(system, scenario)
    system.insurers.enrol(enrolment=scenario.enrolment)
    assert memberships_seen(system, scenario) == 1
    auth = authenticate(system, scenario.cancelling_card, scenario.cancelling_pin)
    system.eligibility.unregister_card(proof=CardProof(authentication=auth))
    assert certificates_sent(system, scenario) == 1
    assert system.relay.pending() == 0


def test_a_handler_that_failed_takes_effect_after_a_restart(
    system: System, settings: Settings, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = prepare(system)
    monkeypatch.setenv(FAULT_ENV, "fail:inbox.jpki.before_commit")
    system.registry.record_death(resident_code=scenario.dying, on=DEATH_DAY)  # not refused
    assert not death_took_effect(system, scenario)
    assert system.relay.pending() == 2  # J-LIS's, and the care platform's held back behind it
    system.close()
    monkeypatch.delenv(FAULT_ENV)
    restarted = build_system(settings, clock=clock, migrate=False)
    try:
        assert restarted.relay.drain() == 2
        assert death_took_effect(restarted, scenario)
        assert restarted.relay.pending() == 0
    finally:
        restarted.close()


def test_a_failing_message_holds_back_the_later_ones_of_its_outbox(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = prepare(system)
    monkeypatch.setenv(FAULT_ENV, "fail:inbox.eligibility.before_commit")
    membership = system.insurers.enrol(enrolment=scenario.enrolment)
    system.insurers.lose(membership_id=membership.membership_id, last_day=DEATH_DAY, reason=OTHER)
    assert memberships_seen(system, scenario) == 0
    # The membership, the お知らせ of the 資格確認書 sent with it (no card), then its loss.
    assert system.relay.pending() == 3
    monkeypatch.delenv(FAULT_ENV)
    assert system.relay.drain() == 3
    [record] = system.eligibility.history(subject=scenario.enrolled_subject)
    assert record.valid_to == DEATH_DAY


def test_a_message_delivered_twice_takes_effect_once(system: System) -> None:
    scenario = prepare(system)
    seen: list[Message] = []
    for topic, sender in (
        (changes_topic(JLIS), system.registry.outbox),
        (INSURER_REPORTS, system.insurers.outbox),
        (CANCELLATIONS, system.eligibility.outbox),
    ):
        system.relay.route(topic=topic, sender=sender, consumer="copy", handler=seen.append)
    system.registry.record_death(resident_code=scenario.dying, on=DEATH_DAY)
    system.insurers.enrol(enrolment=scenario.enrolment)
    auth = authenticate(system, scenario.cancelling_card, scenario.cancelling_pin)
    system.eligibility.unregister_card(proof=CardProof(authentication=auth))
    death, report, cancellation = seen
    # The relay may deliver again (a crash before the mark); each receiver shrugs it off.
    system.jpki.on_resident_change(death)
    system.eligibility.receive_insurer_report(report)
    system.insurers.on_registration_cancelled(cancellation)
    system.insurers.on_registration_cancelled(cancellation)
    assert death_took_effect(system, scenario)
    assert memberships_seen(system, scenario) == 1
    assert certificates_sent(system, scenario) == 1


def test_the_inbox_runs_the_work_of_a_message_once(system: System, clock: FixedClock) -> None:
    inbox = Inbox(database=system.database, table=jpki_inbox, clock=clock)
    message = Message(message_id="a" * 32, topic="test", body={})
    calls: list[int] = []
    assert inbox.handle(message, consumer="t", work=lambda _: calls.append(1))
    assert not inbox.handle(message, consumer="t", work=lambda _: calls.append(2))
    assert inbox.handle(message, consumer="other", work=lambda _: calls.append(3))
    assert calls == [1, 3]


def test_two_deliveries_at_once_take_effect_once(system: System, clock: FixedClock) -> None:
    inbox = Inbox(database=system.database, table=jpki_inbox, clock=clock)
    message = Message(message_id="b" * 32, topic="test", body={})
    results: list[bool] = []
    effects: list[int] = []

    def slow(_: object) -> None:
        time.sleep(0.3)  # both have checked the inbox before either records the message
        effects.append(1)

    def deliver() -> None:
        results.append(inbox.handle(message, consumer="t", work=slow))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    with system.database.connection() as conn:
        recorded = conn.scalar(select(func.count()).select_from(jpki_inbox))
    assert recorded == 1


def test_a_rolled_back_transaction_sends_nothing(system: System, clock: FixedClock) -> None:
    outbox = Outbox(database=system.database, table=registry_messages, clock=clock)
    with pytest.raises(RuntimeError), system.database.unit_of_work() as uow:
        outbox.send(uow.session, topic="test", body={"x": 1})
        raise RuntimeError("refused after the send")
    assert outbox.pending() == []


def test_a_bulk_enrolment_is_one_report_not_one_per_member(system: System) -> None:
    scenario = prepare(system)
    other = system.registry.register(
        new=person(given="次郎", given_kana="ジロウ"), kind=ChangeKind.MOVE_IN, on=START
    )
    enrolments = [scenario.enrolment, enrolment_of(other)]
    reports: list[Message] = []
    system.relay.route(
        topic=INSURER_REPORTS, sender=system.insurers.outbox, consumer="t", handler=reports.append
    )
    system.insurers.enrol_many(enrolments=enrolments)
    [report] = reports
    assert len(report.body["memberships"]) == 2
    assert memberships_seen(system, scenario) == 1
