"""What insurers (医療保険者) tell the eligibility system and ask of it: memberships under the
eligibility system's agency code (the My Number never reaches it), reported as messages
(INSURER_REPORTS), and who needs a 資格確認書."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from mynumber.eligibility.data import MembershipRef
from mynumber.kernel.messaging import Message, Outbox

__all__ = ["InsurerSide"]


class InsurerSide(Protocol):
    """The insurers' side: their reports in, cancellations of card registration out."""

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
