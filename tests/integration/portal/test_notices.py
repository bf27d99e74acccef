"""お知らせ: an insurer's 資格確認書 reaches the member's portal through the messaging
primitive, addressed by the insurer's 符号; unread until the person opens it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mynumber.app import System
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.messaging import Message
from mynumber.portal.data import NOTICES
from mynumber.portal.models import NoticeRow
from mynumber.registry.data import ChangeKind

from ..insurers.test_enrol_and_verify import KYOKAI_TOKYO, _enrol, _setup
from ..registry.helpers import person
from .helpers import card_holder


def test_a_certificate_issued_appears_unread_then_read(system: System) -> None:
    holder = card_holder(system)  # enrolled before the card: the insurer sent a 資格確認書
    code = holder.resident.resident_code
    box = system.portal.notices(resident_code=code)  # the relay delivered after the commit
    [notice] = box.notices
    assert box.unread == 1 and notice.unread
    assert notice.kind == "certificate_issued" and notice.title == "資格確認書を交付しました"
    assert notice.sender == KYOKAI_TOKYO.name and "有効期限 2031年" in notice.body
    read = system.portal.read_notice(resident_code=code, notice_id=notice.notice_id)
    assert not read.unread and read.read_at is not None
    again = system.portal.read_notice(resident_code=code, notice_id=notice.notice_id)
    assert again.read_at == read.read_at  # reading again changes nothing
    assert system.portal.notices(resident_code=code).unread == 0


def test_a_notice_reaches_its_person_only_and_once(system: System) -> None:
    resident = _setup(system)
    other = system.registry.register(
        new=person(given="次郎", given_kana="ジロウ"),
        kind=ChangeKind.MOVE_IN,
        on=dt.date(2020, 1, 1),
    )
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    _enrol(system, other, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    [notice] = system.portal.notices(resident_code=resident.resident_code).notices
    [theirs] = system.portal.notices(resident_code=other.resident_code).notices
    assert theirs.notice_id != notice.notice_id
    with pytest.raises(NotFoundError) as refused:  # someone else's notice is not found
        system.portal.read_notice(resident_code=other.resident_code, notice_id=notice.notice_id)
    assert refused.value.code == "notice_not_found"
    assert system.portal.notices(resident_code=resident.resident_code).unread == 1


def test_a_message_delivered_twice_is_kept_once(system: System) -> None:
    resident = _setup(system)
    _enrol(system, resident, KYOKAI_TOKYO, dt.date(2024, 4, 1))
    body = {"agency": "insurer:01130012", "code": "x", "sender": "s", "kind": "k", "title": "t"}
    message = Message(message_id="m" * 32, topic=NOTICES, body=body)
    system.portal.receive_notice(message)
    system.portal.receive_notice(message)  # at least once delivery: the inbox keeps it once
    with system.database.scoped("portal").connection() as conn:
        assert conn.scalar(select(func.count()).select_from(NoticeRow)) == 2  # enrolment's + 1
