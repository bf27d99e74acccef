"""The registry's changes, as the care platform hears them (個人番号の変更・世帯の異動).

The platform's row keeps the My Number beside the 被保険者番号, as a 介護保険者's 被保険者台帳
does (介護保険 is a 個人番号利用事務; the design's `real` profile: insurers keep it). So when the
register gives someone a new My Number (a leak), the row must carry the new one: the platform
subscribes to the registry's changes under its own 符号 (`registry.publish_changes`), as J-LIS
does, and on a My Number change or a move reads the person's current record (the number never
travels in the message) and updates the row. A move also refreshes the 世帯 the 負担割合 asks
the household's other 第1号 for. Each message takes effect once (the inbox).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.care.data import AGENCY_ID
from mynumber.care.models import InsuredRow
from mynumber.kernel.db import Database
from mynumber.kernel.messaging import Inbox, Message
from mynumber.registry.api import Registry
from mynumber.registry.data import ChangeKind, Resident, ResidentChange

__all__ = ["CONSUMER", "on_resident_change"]

CONSUMER = "care"
_READ = (ChangeKind.MY_NUMBER_CHANGE, ChangeKind.MOVE)


def _row(session: Session, code: str) -> InsuredRow | None:
    return session.scalar(select(InsuredRow).where(InsuredRow.agency_code == code))


def on_resident_change(db: Database, inbox: Inbox, registry: Registry, message: Message) -> None:
    """Carry a change into the insured person's row, once; a person the platform does not
    insure (or a change it does not keep anything of) is only recorded as handled."""
    change = ResidentChange.model_validate(message.body)
    resident: Resident | None = None
    if change.agency == AGENCY_ID and change.kind in _READ:
        with db.unit_of_work() as uow:
            row = _row(uow.session, change.subject)
            resident_code = row.resident_code if row else None
        if resident_code is not None:  # the register's current record (logged as care's read)
            resident = registry.get(resident_code=resident_code, actor=AGENCY_ID)

    def carry(session: Session) -> None:
        row = _row(session, change.subject) if resident else None
        if row is None or resident is None:
            return
        row.my_number = resident.my_number
        row.household_code = resident.household_code

    inbox.handle(message, consumer=CONSUMER, work=carry)
