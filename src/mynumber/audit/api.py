"""The audit's api: what an auditor asks, answered from the other organisations' apis."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import duckdb

from mynumber.audit import links_engine, links_service, links_truth, service
from mynumber.audit.data import LogsAudit
from mynumber.audit.links_data import LinkFinding, LinksAudit, LinksScore
from mynumber.audit.links_engine import StageReport
from mynumber.audit.links_service import IdentitiesExportable, LinksProgress
from mynumber.audit.service import AuditProgress
from mynumber.kernel.linkexport import LinkExportable
from mynumber.kernel.logfindings import LogsVerifiable

__all__ = [
    "AUDITED_LOGS",
    "Audit",
    "AuditProgress",
    "LinksProgress",
    "LocalAudit",
    "audit_link_tables",
    "score_links",
]

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

    def audit_links(
        self,
        *,
        agency: str | None = None,
        progress: LinksProgress | None = None,
        on_stage: StageReport | None = None,
    ) -> LinksAudit:
        """Check every link every agency (or `agency`) holds against the registry's 本人確認情報;
        list the suspected wrong-person links with their evidence."""
        ...


class LocalAudit:
    """The audit in this process, given the organisations' apis (it holds no database)."""

    def __init__(
        self,
        *,
        logs: Mapping[str, LogsVerifiable],
        registry: IdentitiesExportable | None = None,
        linkers: Mapping[str, LinkExportable] | None = None,
        api: Callable[[str], Any] | None = None,
    ) -> None:
        self._logs = dict(logs)
        self._registry = registry
        self._linkers = dict(linkers or {})
        self._api = api  # where the link exports are found when first needed

    @classmethod
    def of(cls, api: Callable[[str], Any]) -> LocalAudit:
        """Return the audit of the organisations `api(name)` returns: each audited log, and
        (when first asked) the registry and the agencies whose apis publish link exports."""
        return cls(logs={name: api(name) for name in AUDITED_LOGS}, api=api)

    def _exports(self) -> tuple[IdentitiesExportable | None, dict[str, LinkExportable]]:
        if self._api is not None and self._registry is None and not self._linkers:
            found = {}
            for name in ("registry", *links_service.AGENCY_SOURCES.values()):
                try:
                    found[name] = self._api(name)
                except KeyError:  # an organisation this instance does not have
                    continue
            registry = found.pop("registry", None)
            if hasattr(registry, "registered_identities"):
                self._registry = registry
            self._linkers = {n: s for n, s in found.items() if hasattr(s, "linked_records")}
        return self._registry, self._linkers

    def audit_logs(self, *, progress: AuditProgress | None = None) -> LogsAudit:
        return service.audit_logs(self._logs, progress=progress)

    def audit_links(
        self,
        *,
        agency: str | None = None,
        progress: LinksProgress | None = None,
        on_stage: StageReport | None = None,
    ) -> LinksAudit:
        registry, linkers = self._exports()
        links_service.chosen_sources(agency, linkers)  # an unknown agency: refused first
        if registry is None:
            raise links_service.NoExportError("the registry publishes no 本人確認情報 export")
        return links_service.audit_links(
            registry, linkers, agency=agency, progress=progress, on_stage=on_stage
        )


def audit_link_tables(
    con: duckdb.DuckDBPyConnection, *, on_stage: StageReport | None = None
) -> LinksAudit:
    """Run the link audit's engine on the `links` and `identities` tables of `con` (the bench
    generates them there): the same checks as `LocalAudit.audit_links`."""
    return links_engine.audit_tables(con, on_stage=on_stage)


def score_links(findings: Iterable[LinkFinding], truth: set[tuple[str, str]]) -> LinksScore:
    """Return the findings' precision and recall against injected (agency, record_id) pairs."""
    return links_truth.score(findings, truth)
