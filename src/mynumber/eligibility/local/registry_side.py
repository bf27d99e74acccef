"""The register's side in this process (`api.RegistrySide`): support measures kept by subject."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.memberships.withholding import record_notice
from mynumber.kernel.messaging import Message
from mynumber.registry.data import SupportMeasureNotice

__all__ = ["LocalRegistrySide"]


class LocalRegistrySide(LocalState):
    """What the register tells, in this process."""

    def receive_support_measure(self, message: Message) -> None:
        notice = SupportMeasureNotice.model_validate(message.body)

        def record(session: Session) -> None:
            record_notice(session, notice)

        self._inbox.handle(message, consumer="eligibility", work=record)
