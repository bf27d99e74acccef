"""The intermediate server's public surface: the `Intermediate` protocol and its implementation.

Two audiences: the agency that owns a partition (links, 副本登録, its own records) and the network,
which asks a provider's partition for 副本 and has each side's TKM record an exchange.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from mynumber.intermediate import service
from mynumber.intermediate.data import (
    CodeApplicant,
    CodeLink,
    CopyReceipt,
    CopyRecord,
    ExchangeRecord,
)
from mynumber.intermediate.identifier_export import IdentifierValues
from mynumber.intermediate.models import SCHEMA, exchange_heads, exchange_records
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.logaudit import LogsVerifiable, VerifiedLogs, VerifiesLogs
from mynumber.kernel.migrate import Lineage

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "AgencyPartition",
    "CodeAcquisition",
    "Intermediate",
    "LocalIntermediate",
    "NetworkSide",
    "linked_codes",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class AgencyPartition(Protocol):
    """What an agency does in its own partition."""

    def link_code(self, *, agency: str, address_number: str, code: str) -> None:
        """Keep the agency's 宛名番号 ⇔ 符号 (a second, different 符号 is refused)."""
        ...

    def link_codes_across(self, *, links: Sequence[tuple[str, str, str]]) -> None:
        """Keep many (agency, 宛名番号, 符号) links at once, each in its agency's partition, as
        link_code does each (a batch through the platform: one transaction)."""
        ...

    def code_for(self, *, agency: str, address_number: str) -> str | None:
        """Return the 符号 the agency keeps for one of its 宛名番号, or None."""
        ...

    def address_number_for(self, *, agency: str, code: str) -> str | None:
        """Return the agency's 宛名番号 kept under one of its 符号, or None (how an agency
        finds its own person for a 符号 the portal names them by)."""
        ...

    def link_codes(self, *, agency: str, links: Sequence[CodeLink]) -> int:
        """Keep many 宛名番号 ⇔ 符号 at once; return how many were new (a clash refuses all)."""
        ...

    def codes_for(self, *, agency: str, address_numbers: Sequence[str]) -> dict[str, str]:
        """Return the 符号 the agency keeps for those of these 宛名番号 that have one."""
        ...

    def register_copies(self, *, agency: str, copies: Sequence[CopyRecord]) -> CopyReceipt:
        """Register 副本 rows (副本登録); the receipt lists the rows refused and why."""
        ...

    def exchange_records(self, *, agency: str, code: str) -> list[ExchangeRecord]:
        """Return the agency's 情報提供等記録 on one 符号, oldest first."""
        ...

    def verify_records(self, *, agency: str, code: str) -> list[str]:
        """Return the problems in the agency's chain of records on one 符号; empty if intact."""
        ...


class CodeAcquisition(Protocol):
    """符号取得: how an agency obtains its 符号 for people it holds the My Number of.

    One implementation, in the composition root: the agency's request goes through J-LIS with a
    one-time 取得番号 to the network, which derives the 符号 (番号法第21条の2).
    """

    def acquire_codes(self, *, agency: str, people: Sequence[CodeApplicant]) -> list[str]:
        """Return the agency's 符号 for each person, in order (nothing is linked or kept)."""
        ...


def linked_codes(
    partition: AgencyPartition,
    acquisition: CodeAcquisition,
    *,
    agency: str,
    people: Sequence[CodeApplicant],
) -> dict[str, str]:
    """Return the agency's 符号 by 宛名番号 for these people: those it keeps, and for the
    others, 符号 obtained now and linked in its partition (set-wise: two calls to the partition)."""
    numbers = [p.address_number for p in people]
    held = partition.codes_for(agency=agency, address_numbers=numbers)
    missing = list({p.address_number: p for p in people if p.address_number not in held}.values())
    if missing:
        codes = acquisition.acquire_codes(agency=agency, people=missing)
        links = [
            CodeLink(address_number=p.address_number, code=c)
            for p, c in zip(missing, codes, strict=True)
        ]
        partition.link_codes(agency=agency, links=links)
        held.update({link.address_number: link.code for link in links})
    return held


class NetworkSide(Protocol):
    """What the network asks of a partition."""

    def provide(self, *, agency: str, code: str, item_code: str, on: dt.date) -> CopyRecord | None:
        """Return the latest 副本 of an item published on that day for the person, or None."""
        ...

    def record_exchange(self, *, agency: str, code: str, record: ExchangeRecord) -> None:
        """Append an exchange to the agency's 情報提供等記録, on the chain of its 符号."""
        ...


class Intermediate(AgencyPartition, NetworkSide, LogsVerifiable, Protocol):
    """The intermediate server platform: one partition per agency."""


class LocalIntermediate(IdentifierValues, VerifiesLogs):
    """The platform in this instance's database."""

    def __init__(self, *, database: Database, clock: Clock, keys: Mapping[str, bytes]) -> None:
        self._db = database
        log = HashChainedLog(exchange_records, exchange_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, log)
        self._ctx = service.Context(clock=clock, records=log)

    def link_code(self, *, agency: str, address_number: str, code: str) -> None:
        """Keep the agency's 宛名番号 ⇔ 符号."""
        with self._db.unit_of_work() as uow:
            service.link_code(
                uow.session, self._ctx, agency=agency, address_number=address_number, code=code
            )

    def link_codes_across(self, *, links: Sequence[tuple[str, str, str]]) -> None:
        """Keep many (agency, 宛名番号, 符号) links in one transaction."""
        with self._db.unit_of_work() as uow:
            service.link_codes(uow.session, self._ctx, links=links)

    def code_for(self, *, agency: str, address_number: str) -> str | None:
        """Return the 符号 the agency keeps for one of its 宛名番号."""
        with self._db.unit_of_work() as uow:
            return service.code_for(uow.session, agency=agency, address_number=address_number)

    def address_number_for(self, *, agency: str, code: str) -> str | None:
        """Return the agency's 宛名番号 kept under one of its 符号."""
        with self._db.unit_of_work() as uow:
            return service.address_number_for(uow.session, agency=agency, code=code)

    def link_codes(self, *, agency: str, links: Sequence[CodeLink]) -> int:
        """Keep many 宛名番号 ⇔ 符号 at once."""
        with self._db.unit_of_work() as uow:
            numbers = [link.address_number for link in links]
            held = service.codes_for(uow.session, agency=agency, address_numbers=numbers)
            triples = [(agency, link.address_number, link.code) for link in links]
            service.link_codes(uow.session, self._ctx, links=triples)
        return len({n for n in numbers if n not in held})

    def codes_for(self, *, agency: str, address_numbers: Sequence[str]) -> dict[str, str]:
        """Return the 符号 the agency keeps for these 宛名番号."""
        with self._db.unit_of_work() as uow:
            return service.codes_for(uow.session, agency=agency, address_numbers=address_numbers)

    def register_copies(self, *, agency: str, copies: Sequence[CopyRecord]) -> CopyReceipt:
        """Register 副本 rows."""
        with self._db.unit_of_work() as uow:
            return service.register_copies(uow.session, self._ctx, agency=agency, copies=copies)

    def exchange_records(self, *, agency: str, code: str) -> list[ExchangeRecord]:
        """Return the agency's records on one 符号."""
        with self._db.unit_of_work() as uow:
            return service.exchange_records(uow.session, self._ctx, agency=agency, code=code)

    def verify_records(self, *, agency: str, code: str) -> list[str]:
        """Return the problems in the agency's chain of records on one 符号."""
        with self._db.unit_of_work() as uow:
            stream = service.stream_of(agency, code)
            return self._ctx.records.verify(uow.session, stream=stream)

    def provide(self, *, agency: str, code: str, item_code: str, on: dt.date) -> CopyRecord | None:
        """Return the latest 副本 of an item published on that day."""
        with self._db.unit_of_work() as uow:
            return service.provide(
                uow.session, agency=agency, code=code, item_code=item_code, on=on
            )

    def record_exchange(self, *, agency: str, code: str, record: ExchangeRecord) -> None:
        """Append an exchange to the agency's 情報提供等記録."""
        with self._db.unit_of_work() as uow:
            service.record_exchange(uow.session, self._ctx, agency=agency, code=code, record=record)
