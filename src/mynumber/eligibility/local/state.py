"""What every part of the in-process eligibility system shares: its database, the rules' context
(clock, access log and policy), the cache of who may call, its message boxes and the batch
worker."""

from __future__ import annotations

from collections.abc import Mapping

from mynumber.eligibility.access_log import Context
from mynumber.eligibility.batch.worker import BatchWorker
from mynumber.eligibility.callers.cache import CallerCache
from mynumber.eligibility.callers.signed_requests import NonceSweeper
from mynumber.eligibility.identifier_export import IdentifierValues
from mynumber.eligibility.models import access_heads, access_records, messages_in, messages_out
from mynumber.jpki.api import Jpki
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.logaudit import VerifiedLogs, VerifiesLogs
from mynumber.kernel.messaging import Inbox, Outbox
from mynumber.kernel.policy import Policy

__all__ = ["LocalState"]


class LocalState(IdentifierValues, VerifiesLogs):
    """The state the sides of `LocalEligibility` share; each side adds only methods."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        jpki: Jpki,
        policy: Policy,
    ) -> None:
        self._db, self._jpki = database, jpki
        log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, log)
        self._ctx = Context(clock=clock, access_log=log, policy=policy)
        self._relying_party_ready = False
        self._callers = CallerCache(database)
        self._nonces = NonceSweeper()
        self.outbox = Outbox(database=database, table=messages_out, clock=clock)
        self._inbox = Inbox(database=database, table=messages_in, clock=clock)
        self._batches = BatchWorker(database=database, ctx=self._ctx)
