"""The audit's checks, on what the organisations' apis return (it reads no table)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mynumber.audit.data import AuditFinding, LogsAudit, SubsystemLogs
from mynumber.kernel.logfindings import LogsVerifiable, LogVerification

__all__ = ["AuditProgress", "audit_logs"]

AuditProgress = Callable[[str, int, int], None]
"""Called with (organisation, records checked, records in all) as its logs are verified."""


def audit_logs(
    sources: Mapping[str, LogsVerifiable], *, progress: AuditProgress | None = None
) -> LogsAudit:
    """Verify every log of every organisation, one organisation at a time."""
    checked = []
    for name, source in sources.items():
        report = (lambda done, total, n=name: progress(n, done, total)) if progress else None
        checked.append(_summary(name, source.verify_logs(progress=report)))
    return LogsAudit(subsystems=tuple(checked))


def _summary(subsystem: str, verification: LogVerification) -> SubsystemLogs:
    findings = tuple(
        AuditFinding(subsystem=subsystem, **finding.model_dump())
        for finding in verification.findings
    )
    return SubsystemLogs(
        subsystem=subsystem,
        logs=tuple(log.log for log in verification.logs),
        streams=verification.streams,
        records=verification.records,
        findings=findings,
    )
