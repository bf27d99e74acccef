"""The network's public surface: a Protocol per audience, composed into `Network`, and
`LocalNetwork`, which opens a unit of work per call on the network's own schema.

Audiences: J-LIS, which passes on an agency's request for its 符号 (`CodeIssuance`); agencies,
which query (`AgencyDesk`); the operator, デジタル庁 (`NetworkOperator`); and the portal, which
shows a person the exchanges about them (`PortalRecords`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from mynumber.intermediate.api import NetworkSide
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.migrate import Lineage
from mynumber.network import brokering, codes, self_information, service
from mynumber.network.data import (
    Agency,
    ExchangeAnswer,
    ExchangeRecord,
    ExchangeRequest,
    IssuedCode,
    LegalItem,
    Procedure,
    UsageReport,
)
from mynumber.network.identifier_export import IdentifierValues
from mynumber.network.models import SCHEMA, exchange_heads, exchange_records
from mynumber.network.table import ITEMS, PROCEDURES

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "AgencyDesk",
    "CodeIssuance",
    "LocalNetwork",
    "Network",
    "NetworkOperator",
    "PortalRecords",
    "SelfInformationProvision",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class CodeIssuance(Protocol):
    """符号 issuance, asked through J-LIS with a one-time 取得番号 (番号法第21条の2)."""

    def issue_code(self, *, agency: str, acquisition_number: str, resident_code: str) -> IssuedCode:
        """Return the agency's 符号 for the person with the 取得番号 (which nobody keeps)."""
        ...

    def issue_codes(
        self,
        *,
        agencies: Sequence[str],
        acquisition_numbers: Sequence[str],
        resident_codes: Sequence[str],
    ) -> list[IssuedCode]:
        """Return many 符号 at once, in order: row k is agencies[k]'s for resident_codes[k],
        with acquisition_numbers[k]. One transaction; one bad row (a bad resident code, an
        agency not connected) refuses them all."""
        ...


class AgencyDesk(Protocol):
    """What a connected agency asks of the network."""

    def legal_table(self) -> tuple[list[Procedure], list[LegalItem]]:
        """Return the procedures and the items of the legal table, by code."""
        ...

    def query(self, *, request: ExchangeRequest) -> ExchangeAnswer:
        """Broker a query signed by its requester (`data.sign`): status `09` with the items, or
        a refusal; either way recorded."""
        ...


class NetworkOperator(Protocol):
    """What デジタル庁 does as the network's operator."""

    def connect(self, *, agency_id: str, name: str, public_key: str) -> Agency:
        """Connect an agency with the public key (Ed25519, base64url) its requests are signed
        with; its kind is the id's prefix. Again with the same key: nothing changes; with
        another: the new key replaces the old (a renewed certificate)."""
        ...

    def agencies(self) -> list[Agency]:
        """Return every connected agency by id."""
        ...

    def usage(self) -> UsageReport:
        """Return queries per procedure and requester, and the procedures never queried."""
        ...


class PortalRecords(Protocol):
    """A person's 情報提供等記録 at the network, for the portal (which withholds 不開示 ones)."""

    def records_for(self, *, resident_code: str) -> list[ExchangeRecord]:
        """Return the network's records of a person, oldest first, 不開示 ones flagged."""
        ...

    def verify_records(self, *, resident_code: str) -> list[str]:
        """Return the problems in the chain of a person's records; empty if intact."""
        ...

    def codes_held(self, *, resident_code: str) -> dict[str, str]:
        """Return the 符号 issued for a person, by agency: what agencies address them by (the
        portal delivers their お知らせ with it)."""
        ...


class SelfInformationProvision(Protocol):
    """自己情報提供: the portal's request for the 副本 a provider holds about the person."""

    def self_information(self, *, request: ExchangeRequest) -> ExchangeAnswer:
        """Provide the person's own 副本 to the portal: a request of the portal (kind PORTAL)
        under its own 符号, procedure `JTK01`, signed like a query (`data.sign`), for items of
        the provider's kind. Status `09` with the items, or a refusal; either way recorded at
        the portal, the provider and the network as 「自己情報提供」."""
        ...

    def agency_names(self, *, agency_ids: Sequence[str]) -> dict[str, str]:
        """Return the names of the connected agencies among these ids (the providers the
        portal names to the person)."""
        ...


class Network(
    CodeIssuance, AgencyDesk, NetworkOperator, PortalRecords, SelfInformationProvision,
    LogsVerifiable, Protocol,
):  # fmt: skip
    """The information-provision network."""


class LocalNetwork(IdentifierValues, VerifiesLogs):
    """The network in this instance's database, asking providers through the intermediate."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        intermediate: NetworkSide,
    ) -> None:
        self._db = database
        log = HashChainedLog(exchange_records, exchange_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, log)
        self._ctx = service.Context(
            clock=clock,
            keys=codes.CodeKeys(keys["network_code"]),
            records=log,
            intermediate=intermediate,
        )

    def issue_code(self, *, agency: str, acquisition_number: str, resident_code: str) -> IssuedCode:
        """Return the agency's 符号 for the person with the 取得番号."""
        with self._db.unit_of_work() as uow:
            return codes.issue_code(
                uow.session,
                self._ctx.keys,
                self._ctx.clock,
                agency=agency,
                acquisition_number=acquisition_number,
                resident_code=resident_code,
            )

    def issue_codes(
        self,
        *,
        agencies: Sequence[str],
        acquisition_numbers: Sequence[str],
        resident_codes: Sequence[str],
    ) -> list[IssuedCode]:
        """Return many 符号 at once, in order."""
        with self._db.unit_of_work() as uow:
            return codes.issue_codes(
                uow.session,
                self._ctx.keys,
                self._ctx.clock,
                agencies=agencies,
                acquisition_numbers=acquisition_numbers,
                resident_codes=resident_codes,
            )

    def legal_table(self) -> tuple[list[Procedure], list[LegalItem]]:
        """Return the procedures and items of the legal table."""
        return list(PROCEDURES.values()), list(ITEMS.values())

    def query(self, *, request: ExchangeRequest) -> ExchangeAnswer:
        """Broker a query and record it."""
        with self._db.unit_of_work() as uow:
            return brokering.query(uow.session, self._ctx, request)

    def self_information(self, *, request: ExchangeRequest) -> ExchangeAnswer:
        """Provide the person's own 副本 to the portal and record it."""
        with self._db.unit_of_work() as uow:
            return self_information.self_information(uow.session, self._ctx, request)

    def agency_names(self, *, agency_ids: Sequence[str]) -> dict[str, str]:
        """Return the names of the connected agencies among these ids."""
        with self._db.unit_of_work() as uow:
            return service.agency_names(uow.session, set(agency_ids))

    def connect(self, *, agency_id: str, name: str, public_key: str) -> Agency:
        """Connect an agency with its public key."""
        with self._db.unit_of_work() as uow:
            return service.connect(
                uow.session, self._ctx, agency_id=agency_id, name=name, public_key=public_key
            )

    def agencies(self) -> list[Agency]:
        """Return every connected agency."""
        with self._db.unit_of_work() as uow:
            return service.agencies(uow.session)

    def usage(self) -> UsageReport:
        """Return the usage figures."""
        with self._db.unit_of_work() as uow:
            return service.usage(uow.session)

    def records_for(self, *, resident_code: str) -> list[ExchangeRecord]:
        """Return the network's records of a person."""
        with self._db.unit_of_work() as uow:
            return service.records_for(uow.session, self._ctx, resident_code=resident_code)

    def verify_records(self, *, resident_code: str) -> list[str]:
        """Return the problems in the chain of a person's records."""
        with self._db.unit_of_work() as uow:
            return self._ctx.records.verify(
                uow.session, stream=self._ctx.keys.person(resident_code)
            )

    def codes_held(self, *, resident_code: str) -> dict[str, str]:
        """Return the 符号 issued for a person, by agency."""
        with self._db.unit_of_work() as uow:
            return codes.codes_held(uow.session, person=self._ctx.keys.person(resident_code))
