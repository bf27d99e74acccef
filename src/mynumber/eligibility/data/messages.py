"""The messages the eligibility system exchanges with insurers and facilities, and their topics.

Re-exported by `api`. Insurers send their reports on `INSURER_REPORTS`, facilities their new
terminals on `TERMINAL_REGISTRATIONS`; the eligibility system sends cancellations of card
registration (登録解除) on `CANCELLATIONS`, for the insurers to send a 資格確認書.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from mynumber.eligibility.data.callers import TerminalRegistration
from mynumber.eligibility.data.memberships import MembershipLoss, MembershipRecord, MembershipRef

__all__ = [
    "CANCELLATIONS",
    "INSURER_REPORTS",
    "TERMINAL_REGISTRATIONS",
    "CancellationNotice",
    "InsurerReport",
    "PendingReport",
    "ReportedMembership",
    "terminal_from_message",
    "terminal_message",
]

INSURER_REPORTS = "insurers.reports"
CANCELLATIONS = "eligibility.cancellations"
TERMINAL_REGISTRATIONS = "facility.terminals"
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ReportedMembership(BaseModel):
    """A membership an insurer reports, for the person behind subject (eligibility's code)."""

    model_config = _FROZEN
    subject: str
    record: MembershipRecord


class PendingReport(BaseModel):
    """An enrolment accepted whose numbers the insurer has not reported yet (the time lag)."""

    model_config = _FROZEN
    subject: str
    insurer_number: str
    valid_from: dt.date


class InsurerReport(BaseModel):
    """One message from an insurer: memberships, losses, pending enrolments and changes of
    memberships already reported (a new 負担割合, found by insurer and membership id), in that
    order, with the 保険者名称 of the insurers it names (by insurer number; the answer shows it)."""

    model_config = _FROZEN
    memberships: tuple[ReportedMembership, ...] = ()
    losses: tuple[MembershipLoss, ...] = ()
    pending: tuple[PendingReport, ...] = ()
    changes: tuple[MembershipRecord, ...] = ()
    insurer_names: dict[str, str] = {}

    def insurer_numbers(self) -> list[str]:
        """Return the insurer numbers the report names, each once, in order."""
        numbers = [m.record.insurer_number for m in self.memberships]
        numbers += [loss.insurer_number for loss in self.losses]
        numbers += [pending.insurer_number for pending in self.pending]
        numbers += [change.insurer_number for change in self.changes]
        return sorted(set(numbers))


class CancellationNotice(BaseModel):
    """登録解除: the memberships in force of a person who cancelled their card registration."""

    model_config = _FROZEN
    memberships: tuple[MembershipRef, ...]


def terminal_message(terminal: TerminalRegistration) -> dict[str, Any]:
    """Return the body of a terminal registration message (the key in base64)."""
    return dict(json.loads(terminal.model_dump_json()))


def terminal_from_message(body: dict[str, Any]) -> TerminalRegistration:
    """Return the terminal registration a message body carries."""
    return TerminalRegistration.model_validate_json(json.dumps(body))
