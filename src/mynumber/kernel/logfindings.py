"""What a whole-log verification reports: each log checked, and each damaged record named.

The DTOs every subsystem's `verify_logs` returns (see `kernel.logaudit`), and the protocol an
auditor holds each subsystem by: it reads them without knowing whose log it was, or touching a
database.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

__all__ = [
    "FindingKind",
    "LogCheck",
    "LogFinding",
    "LogVerification",
    "LogsVerifiable",
    "Progress",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class FindingKind(StrEnum):
    """How a chain was damaged."""

    EDITED = "edited"  # the record's contents no longer match its hash
    DELETED = "deleted"  # a record is missing before the end of the chain
    REORDERED = "reordered"  # an authentic record sits at another position than it was written
    TRUNCATED = "truncated"  # records are missing after the last one kept (the head says more)
    HEAD_ALTERED = "head_altered"  # the stream's head is missing, or does not match its MAC


class LogFinding(BaseModel):
    """One damaged place in a chain: `count` records from `seq` on (1 but for a run of
    deleted or truncated records)."""

    model_config = _FROZEN

    log: str  # schema.prefix, e.g. registry.access
    stream: str
    seq: int
    kind: FindingKind
    count: int = 1
    detail: str


class LogCheck(BaseModel):
    """One log verified from end to end: how much was checked, and what was found."""

    model_config = _FROZEN

    log: str
    streams: int
    records: int
    findings: tuple[LogFinding, ...] = ()


class LogVerification(BaseModel):
    """Every log of one subsystem, verified."""

    model_config = _FROZEN

    logs: tuple[LogCheck, ...]

    @property
    def streams(self) -> int:
        """Return how many streams (chains) were verified."""
        return sum(log.streams for log in self.logs)

    @property
    def records(self) -> int:
        """Return how many records were verified."""
        return sum(log.records for log in self.logs)

    @property
    def findings(self) -> tuple[LogFinding, ...]:
        """Return every finding, log by log."""
        return tuple(finding for log in self.logs for finding in log.findings)


Progress = Callable[[int, int], None]
"""Called with (records checked, records in all) as the verification goes."""


class LogsVerifiable(Protocol):
    """What an auditor may ask of any subsystem that keeps hash-chained logs."""

    def verify_logs(self, *, progress: Progress | None = None) -> LogVerification:
        """Verify every stream of every log the subsystem keeps; name each damaged record."""
        ...
