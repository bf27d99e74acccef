"""The insurers' side in this process (`api.InsurerSide`): memberships as insurers report them,
by call or by message, and who needs a 資格確認書."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from mynumber.eligibility.data import MembershipLoss, MembershipRecord, MembershipRef
from mynumber.eligibility.data.messages import InsurerReport
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.memberships import coverage, intake
from mynumber.eligibility.models import RegistrationRow
from mynumber.eligibility.registration import to_registration
from mynumber.kernel.messaging import Message

__all__ = ["LocalInsurerSide"]


class LocalInsurerSide(LocalState):
    """What insurers report and ask, in this process."""

    def record_membership(self, *, subject: str, record: MembershipRecord) -> None:
        self.record_memberships(batch=[(subject, record)])

    def record_memberships(self, *, batch: Sequence[tuple[str, MembershipRecord]]) -> None:
        with self._db.unit_of_work() as uow:
            intake.record_memberships(uow.session, self._ctx, batch)

    def record_loss(
        self, *, insurer_number: str, membership_id: str, valid_to: dt.date, reason: str
    ) -> None:
        loss = MembershipLoss(
            insurer_number=insurer_number,
            membership_id=membership_id,
            valid_to=valid_to,
            reason=reason,
        )
        self.record_losses(losses=[loss])

    def record_losses(self, *, losses: Sequence[MembershipLoss]) -> None:
        with self._db.unit_of_work() as uow:
            intake.record_losses(uow.session, losses)

    def record_pending(self, *, subject: str, insurer_number: str, valid_from: dt.date) -> None:
        with self._db.unit_of_work() as uow:
            coverage.record_pending(
                uow.session,
                self._ctx,
                subject=subject,
                insurer_number=insurer_number,
                valid_from=valid_from,
            )

    def receive_insurer_report(self, message: Message) -> None:
        report = InsurerReport.model_validate(message.body)

        def record(session: Session) -> None:
            batch = [(m.subject, m.record) for m in report.memberships]
            if batch:
                intake.record_memberships(session, self._ctx, batch)
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

        self._inbox.handle(message, consumer="eligibility", work=record)

    def memberships_without_card(self, *, insurer_number: str, on: dt.date) -> list[MembershipRef]:
        with self._db.unit_of_work() as uow:
            return coverage.memberships_without_card(
                uow.session, insurer_number=insurer_number, on=on
            )

    def card_registered(self, *, subject: str) -> bool:
        with self._db.unit_of_work() as uow:
            return to_registration(uow.session.get(RegistrationRow, subject)).registered
