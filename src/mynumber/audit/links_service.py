"""The link audit (紐付け総点検) on what the organisations' apis publish: pulled into DuckDB,
checked by the engine. It only reads: each export is recorded by its publisher under ACTOR."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Protocol, TypeVar

import duckdb

from mynumber.audit.links_data import LinksAudit
from mynumber.audit.links_engine import StageReport, audit_tables
from mynumber.audit.links_load import create_tables, load_identities, load_links
from mynumber.kernel.errors import DomainError
from mynumber.kernel.linkexport import LinkedRecord, LinkExportable, RegisteredIdentity

__all__ = [
    "ACTOR",
    "AGENCY_SOURCES",
    "IdentitiesExportable",
    "LinksProgress",
    "NoExportError",
    "UnknownAgencyError",
    "audit_links",
]

T = TypeVar("T")
ACTOR = "audit:links"  # who the publishers' logs name as reading their exports

# The agencies that link records to My Numbers, as `--agency` names them → their api's name.
AGENCY_SOURCES = {
    "insurer": "insurers", "pension": "pension", "portal": "portal",
    "municipality": "municipality",
}  # fmt: skip

LinksProgress = Callable[[str, int], None]
"""Called with (source, records read so far) while the exports are pulled."""


class IdentitiesExportable(Protocol):
    """The registry, publishing J-LIS's 本人確認情報."""

    def registered_identities(self, *, actor: str) -> Iterator[RegisteredIdentity]:
        """Yield the identity of every My Number's holder."""
        ...


class NoExportError(DomainError):
    """An organisation the audit needs publishes no export."""

    status = 409
    code = "no_export"


class UnknownAgencyError(DomainError):
    """`--agency` names no agency that links records to My Numbers."""

    status = 404
    code = "unknown_agency"


def chosen_sources(agency: str | None, available: Mapping[str, object]) -> list[str]:
    """Return the api names to pull for `agency` (all when None); refuse an unknown one."""
    if agency is None:
        return [name for name in AGENCY_SOURCES.values() if name in available]
    source = AGENCY_SOURCES.get(agency.split(":", 1)[0])
    if source is None:
        known = ", ".join(AGENCY_SOURCES)
        raise UnknownAgencyError(f"unknown agency {agency!r}: one of {known}, or insurer:NUMBER")
    if source not in available:
        raise NoExportError(f"{source} publishes no link export")
    return [source]


def audit_links(
    registry: IdentitiesExportable,
    sources: Mapping[str, LinkExportable],
    *,
    agency: str | None = None,
    progress: LinksProgress | None = None,
    on_stage: StageReport | None = None,
) -> LinksAudit:
    """Pull the registry's identities and the chosen agencies' links; check every link."""
    pulled = chosen_sources(agency, sources)
    con = duckdb.connect()
    try:
        create_tables(con)
        load_identities(con, _counted("registry", registry.registered_identities(actor=ACTOR),
                                      progress))  # fmt: skip
        for name in pulled:
            records = sources[name].linked_records(actor=ACTOR)
            load_links(con, _counted(name, _of(agency, records), progress))
        if agency is not None and ":" in agency and _count(con) == 0:
            raise UnknownAgencyError(f"no agency {agency!r} holds links")
        return audit_tables(con, on_stage=on_stage)
    finally:
        con.close()


def _of(agency: str | None, records: Iterator[LinkedRecord]) -> Iterator[LinkedRecord]:
    if agency is None or ":" not in agency:
        return records
    return (record for record in records if record.agency == agency)


def _counted(name: str, rows: Iterator[T], progress: LinksProgress | None) -> Iterator[T]:
    done = 0
    for done, row in enumerate(rows, start=1):
        if progress and done % 10_000 == 0:
            progress(name, done)
        yield row
    if progress:
        progress(name, done)


def _count(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM links").fetchall()[0][0])
