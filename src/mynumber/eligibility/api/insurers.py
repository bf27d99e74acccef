"""What insurers (医療保険者) tell the eligibility system and ask of it: memberships under the
eligibility system's agency code (the My Number never reaches it), and who needs a 資格確認書."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from mynumber.eligibility.data import MembershipLoss, MembershipRecord, MembershipRef
from mynumber.kernel.messaging import Message, Outbox

__all__ = ["InsurerSide"]


class InsurerSide(Protocol):
    """The insurers' side: memberships as they report them, one by one or in nightly transfers."""

    def record_membership(self, *, subject: str, record: MembershipRecord) -> None:
        """Store a membership an insurer reports for the person behind subject."""
        ...

    def record_memberships(self, *, batch: Sequence[tuple[str, MembershipRecord]]) -> None:
        """Store many (subject, membership) pairs in one transaction."""
        ...

    def record_loss(
        self, *, insurer_number: str, membership_id: str, valid_to: dt.date, reason: str
    ) -> None:
        """Close a membership on its last day of coverage."""
        ...

    def record_losses(self, *, losses: Sequence[MembershipLoss]) -> None:
        """Close many memberships in one transaction."""
        ...

    def record_pending(self, *, subject: str, insurer_number: str, valid_from: dt.date) -> None:
        """An insurer accepted an enrolment whose numbers it has not reported yet (time lag)."""
        ...

    def receive_insurer_report(self, message: Message) -> None:
        """Handle an insurer's report (INSURER_REPORTS: memberships, losses, pending) once."""
        ...

    def memberships_without_card(self, *, insurer_number: str, on: dt.date) -> list[MembershipRef]:
        """Return the insurer's memberships in force on a date whose person has no registered
        card: those who need a 資格確認書."""
        ...

    def card_registered(self, *, subject: str) -> bool:
        """Return whether the person's card is registered as an insurance card."""
        ...

    @property
    def outbox(self) -> Outbox:
        """Return the outbox of the eligibility system's messages (CANCELLATIONS: the current
        memberships of a person who cancelled their card registration, for a 資格確認書)."""
        ...
