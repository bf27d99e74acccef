"""The audit's api: what an auditor asks, answered from the other organisations' apis."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from mynumber.audit import service
from mynumber.audit.data import LogsAudit
from mynumber.audit.service import AuditProgress
from mynumber.kernel.logfindings import LogsVerifiable

__all__ = ["AUDITED_LOGS", "Audit", "AuditProgress", "LocalAudit"]

# The organisations whose hash-chained logs the audit verifies, by their name in the System.
AUDITED_LOGS = (
    "registry", "jpki", "network", "intermediate", "eligibility", "municipality", "pension",
    "employment", "portal", "health", "care",
)  # fmt: skip


class Audit(Protocol):
    """監査: the checks an auditor runs over the organisations."""

    def audit_logs(self, *, progress: AuditProgress | None = None) -> LogsAudit:
        """Verify every hash chain of every organisation; name each damaged record."""
        ...


class LocalAudit:
    """The audit in this process, given the organisations' apis (it holds no database)."""

    def __init__(self, *, logs: Mapping[str, LogsVerifiable]) -> None:
        self._logs = dict(logs)

    @classmethod
    def of(cls, api: Callable[[str], LogsVerifiable]) -> LocalAudit:
        """Return the audit of the organisations `api(name)` returns, for each audited name."""
        return cls(logs={name: api(name) for name in AUDITED_LOGS})

    def audit_logs(self, *, progress: AuditProgress | None = None) -> LogsAudit:
        return service.audit_logs(self._logs, progress=progress)
