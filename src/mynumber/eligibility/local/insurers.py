"""The insurers' side in this process (`api.InsurerSide`): memberships as insurers report them,
and who needs a 資格確認書."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from mynumber.eligibility.data import MembershipRef
from mynumber.eligibility.data.messages import InsurerReport
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.memberships import coverage, intake
from mynumber.eligibility.models import RegistrationRow
from mynumber.eligibility.registration import to_registration
from mynumber.kernel.messaging import Message

__all__ = ["LocalInsurerSide"]


class LocalInsurerSide(LocalState):
    """What insurers report and ask, in this process."""

    def receive_insurer_report(self, message: Message) -> None:
        report = InsurerReport.model_validate(message.body)

        def record(session: Session) -> None:
            batch = [(m.subject, m.record) for m in report.memberships]
            if batch:
                intake.record_memberships(session, self._ctx, batch, report.insurer_names)
            if report.losses:
                intake.record_losses(session, report.losses)
            for pending in report.pending:
                coverage.record_pending(
                    session,
                    self._ctx,
                    subject=pending.subject,
                    insurer_number=pending.insurer_number,
                    valid_from=pending.valid_from,
                )
            if report.changes:
                intake.record_changes(session, self._ctx, report.changes)

        self._inbox.handle(message, consumer="eligibility", work=record)

    def memberships_without_card(self, *, insurer_number: str, on: dt.date) -> list[MembershipRef]:
        with self._db.unit_of_work() as uow:
            return coverage.memberships_without_card(
                uow.session, insurer_number=insurer_number, on=on
            )

    def card_registered(self, *, subject: str) -> bool:
        with self._db.unit_of_work() as uow:
            return to_registration(uow.session.get(RegistrationRow, subject)).registered
