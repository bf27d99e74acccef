"""What the audit reports (監査結果): frozen DTOs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from mynumber.kernel.logfindings import FindingKind

__all__ = ["AuditFinding", "FindingKind", "LogsAudit", "SubsystemLogs"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class AuditFinding(BaseModel):
    """One damaged place in an organisation's log: `count` records from `seq` on."""

    model_config = _FROZEN

    subsystem: str
    log: str
    stream: str
    seq: int
    kind: FindingKind
    count: int = 1
    detail: str


class SubsystemLogs(BaseModel):
    """One organisation's logs, verified through its api."""

    model_config = _FROZEN

    subsystem: str
    logs: tuple[str, ...]
    streams: int
    records: int
    findings: tuple[AuditFinding, ...] = ()


class LogsAudit(BaseModel):
    """Every organisation's logs, verified: intact when nothing was found."""

    model_config = _FROZEN

    subsystems: tuple[SubsystemLogs, ...]

    @property
    def findings(self) -> tuple[AuditFinding, ...]:
        """Return every finding, organisation by organisation."""
        return tuple(finding for logs in self.subsystems for finding in logs.findings)

    @property
    def intact(self) -> bool:
        """Return whether every log verified."""
        return not self.findings
