"""A person's 閲覧記録 (access records) at an agency, found by the agency's 符号 for them: what the
portal's やりとり履歴 asks for, so that it needs none of the agency's own numbers.

The 符号 is mapped to the agency's 宛名番号 (its own number for the person: a 基礎年金番号, a
被保険者番号, a municipality's 宛名番号) through the agency's intermediate partition; the reads
are the hash-chained log the agency writes per person, streamed `{scope}:{number}` (as
`PersonReadLog` writes them). An agency built without the network has no partition and no 符号
of its own either: every 符号 is unknown there.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog, LogRecord

__all__ = ["AccessByCode", "AccessRecordsByCode", "AddressNumbers", "ReadsByCode"]


class AddressNumbers(Protocol):
    """The part of an intermediate partition that maps an agency's 符号 to its 宛名番号."""

    def address_number_for(self, *, agency: str, code: str) -> str | None:
        """Return the agency's 宛名番号 kept under one of its 符号, or None."""
        ...


class AccessRecordsByCode(Protocol):
    """A person's 閲覧記録 at a service that is one agency, by that agency's 符号 for them."""

    def access_records_by_code(self, *, code: str) -> list[LogRecord]:
        """Return who read the person's record, oldest first; an unknown 符号 gives []."""
        ...

    def verify_access_records_by_code(self, *, code: str) -> list[str]:
        """Return the problems in the person's chain of reads; empty if intact or unknown."""
        ...


class ReadsByCode:
    """A mixin over an agency's database (`_db`), its access log (`_log`) and its intermediate
    partition (`_partition`, None when built without the network): the reads by 符号 of any
    agency it serves (a municipality's administration serves one agency per municipality)."""

    _db: Database
    _log: HashChainedLog
    _partition: AddressNumbers | None

    def _reads_by_code(self, *, agency: str, scope: str, code: str) -> list[LogRecord]:
        """Return who read the person the agency knows by `code`, oldest first; [] if unknown."""
        stream = self._stream_by_code(agency=agency, scope=scope, code=code)
        if stream is None:
            return []
        with self._db.unit_of_work() as uow:
            return self._log.read(uow.session, stream=stream)

    def _verify_reads_by_code(self, *, agency: str, scope: str, code: str) -> list[str]:
        """Return the problems in that person's chain of reads; empty if intact or unknown."""
        stream = self._stream_by_code(agency=agency, scope=scope, code=code)
        if stream is None:
            return []
        with self._db.unit_of_work() as uow:
            return self._log.verify(uow.session, stream=stream)

    def _stream_by_code(self, *, agency: str, scope: str, code: str) -> str | None:
        if self._partition is None:  # no partition: no 符号 of its own either
            return None
        number = self._partition.address_number_for(agency=agency, code=code)
        return None if number is None else f"{scope}:{number}"


class AccessByCode(ReadsByCode):
    """`AccessRecordsByCode` for a service that is one agency on the network: its agency id
    (`_agency`) and the scope of its log's streams (`_scope`) are class attributes."""

    _agency: ClassVar[str]
    _scope: ClassVar[str]

    def access_records_by_code(self, *, code: str) -> list[LogRecord]:
        return self._reads_by_code(agency=self._agency, scope=self._scope, code=code)

    def verify_access_records_by_code(self, *, code: str) -> list[str]:
        return self._verify_reads_by_code(agency=self._agency, scope=self._scope, code=code)
