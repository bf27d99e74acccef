"""Every read of a person's data, in their hash-chained access log, and the context every rule
takes besides the session (the clock, that log and the instance's policy). Functions take the
caller's session; none commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mynumber.eligibility.data import AccessRecord
from mynumber.kernel.clock import Clock
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.policy import Policy

__all__ = ["Context", "access_records", "log_read", "read_payload"]


@dataclass(frozen=True)
class Context:
    """What the rules need besides the session."""

    clock: Clock
    access_log: HashChainedLog
    policy: Policy  # the switches the rules read where they act (kernel.policy)


def log_read(
    session: Session,
    ctx: Context,
    subject: str,
    *,
    facility: str,
    outcome: str,
    what: str = "eligibility",
    purpose: str = "qualification_check",
    terminal: str = "",
    operator: str = "",
    extra: dict[str, str] | None = None,
) -> None:
    """Record a read of the person's data in their access log (with the staff account at the
    terminal, when the terminal names one)."""
    payload = read_payload(
        facility=facility, outcome=outcome, what=what, purpose=purpose, terminal=terminal,
        operator=operator,
    )  # fmt: skip
    ctx.access_log.append(
        session, stream=subject, at=ctx.clock.now(), payload=payload | (extra or {})
    )


def read_payload(
    *,
    facility: str,
    outcome: str,
    what: str = "eligibility",
    purpose: str = "qualification_check",
    terminal: str = "",
    operator: str = "",
) -> dict[str, str]:
    """Return the record of one read as `log_read` writes it (for appending many at once)."""
    payload = {
        "facility_code": facility,
        "terminal": terminal,
        "what": what,
        "purpose": purpose,
        "outcome": outcome,
    }
    if operator:
        payload["operator"] = operator
    return payload


def access_records(session: Session, ctx: Context, *, subject: str) -> list[AccessRecord]:
    """Return the reads of a person's data, oldest first."""
    return [
        AccessRecord(
            seq=r.seq,
            recorded_at=r.recorded_at,
            facility_code=r.payload["facility_code"],
            terminal=r.payload.get("terminal", ""),
            operator=r.payload.get("operator", ""),
            what=r.payload["what"],
            purpose=r.payload["purpose"],
            outcome=r.payload["outcome"],
            consent=r.payload.get("consent", ""),
        )
        for r in ctx.access_log.read(session, stream=subject)
    ]
