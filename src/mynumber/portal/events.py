"""The person's own portal log, beyond logins: what they (or an agency, or a proxy) did or
tried at the portal, refusals included; it feeds the やりとり履歴 as `Source.PORTAL` entries."""

from __future__ import annotations

from typing import Any

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog

__all__ = ["PersonLog"]


class PersonLog:
    """Appends events to the person's hash-chained portal log (the login log's stream)."""

    _db: Database
    _clock: Clock
    _log: HashChainedLog

    def _record(self, resident_code: str, what: str, summary: str, detail: str, who: str) -> None:
        """Append an event in its own unit of work, so a refusal is recorded although nothing
        else changes."""
        payload: dict[str, Any] = {"what": what, "who": who, "summary": summary, "detail": detail}
        with self._db.unit_of_work() as uow:
            self._log.append(
                uow.session, stream=resident_code, payload=payload, at=self._clock.now()
            )
