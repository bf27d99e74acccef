"""J-LIS's set-wise services in this process (`api.BulkCards`): bench cards issued by the
thousand, and challenges, verifications and serial resolutions for a batch of cards.

Each is what the one-by-one call does for every item, in order, in one transaction: the same
checks, the same rows and the same provision records; one refused item refuses the batch.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy.orm import Session

from mynumber.jpki import bench_issue, card_store, relying, revocation
from mynumber.jpki.authority import Hierarchy
from mynumber.jpki.data import AuthenticationResult, BenchCard, Challenge, RelyingParty
from mynumber.jpki.data import SerialResolution as Resolution
from mynumber.jpki.expiry import JLIS
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.network.api import CodeIssuance
from mynumber.network.data import new_acquisition_number
from mynumber.registry.api import Registry

__all__ = ["BulkCardService"]

_POOLS: dict[int, bench_issue.KeyPool] = {}  # ⚠ bench key pools, generated once per process
_POOLS_LOCK = threading.Lock()


class _BatchedLog:
    """Takes the appends of a batch's checks and writes them with `append_many` at the end of
    its transaction: the same records, in the same order, as one append each would write."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, Mapping[str, Any]]] = []

    def append(self, session: Session, *, stream: str, payload: Mapping[str, Any], at: Any) -> None:
        self.entries.append((stream, payload))

    def write(self, session: Session, log: HashChainedLog, *, at: dt.datetime) -> None:
        log.append_many(session, entries=self.entries, at=at)


class BulkCardService:
    """Mixed into `LocalJpki`: the set-wise calls, on its database, log and context."""

    _db: Database
    _ctx: card_store.Context
    _log: HashChainedLog
    _challenge_key: bytes
    _registry: Registry
    _codes: CodeIssuance
    _authorities: Callable[[], Hierarchy]
    _party: Callable[[Session, str], RelyingParty]

    def issue_bench_cards(
        self, *, resident_codes: Sequence[str], pool_size: int = 16
    ) -> list[BenchCard]:
        residents = [self._registry.get(resident_code=c, actor=JLIS) for c in resident_codes]
        agencies = [JLIS] * len(resident_codes)
        asked = [new_acquisition_number() for _ in resident_codes]
        codes = self._codes.issue_codes(
            agencies=agencies, acquisition_numbers=asked, resident_codes=resident_codes
        )
        self._authorities()  # outside the transaction: making them takes its own
        with _POOLS_LOCK:
            pool = _POOLS.setdefault(pool_size, bench_issue.KeyPool(pool_size))
            pool.draw()  # generated here, once, under the lock
        with self._db.unit_of_work() as uow:
            return bench_issue.issue_bench_cards(
                uow.session,
                self._ctx,
                residents=residents,
                jlis_codes=[c.code for c in codes],
                pool=pool,
            )

    def new_challenges(self, *, relying_party: str, count: int) -> list[Challenge]:
        now = self._ctx.clock.now()
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
        key = self._challenge_key
        return [relying.new_challenge(key=key, party=party, now=now) for _ in range(count)]

    def verify_many(
        self, *, items: Sequence[tuple[bytes, bytes, bytes | None]], relying_party: str
    ) -> list[AuthenticationResult]:
        self._authorities()
        batched = _BatchedLog()
        with self._db.unit_of_work() as uow:
            results = [
                relying.verify_authentication(
                    uow.session,
                    self._ctx,
                    cast(HashChainedLog, batched),
                    certificate=certificate,
                    challenge=challenge,
                    signature=signature,
                    party=relying_party,
                    challenge_key=self._challenge_key,
                )
                for certificate, challenge, signature in items
            ]
            batched.write(uow.session, self._log, at=self._ctx.clock.now())
        return results

    def resolve_serials(self, *, serials: Sequence[str], relying_party: str) -> list[Resolution]:
        batched = _BatchedLog()
        log = cast(HashChainedLog, batched)
        with self._db.unit_of_work() as uow:
            party = self._party(uow.session, relying_party)
            people = [
                relying.resolve(uow.session, self._ctx, log, serial=s, party=party) for s in serials
            ]
            batched.write(uow.session, self._log, at=self._ctx.clock.now())
            # In the unit of work: a party the network does not know is refused, unrecorded.
            codes = self._codes.issue_codes(
                agencies=[party.party] * len(people),
                acquisition_numbers=[new_acquisition_number() for _ in people],
                resident_codes=people,
            )
        return [
            Resolution(
                serial=revocation.parse_serial(serial),
                relying_party=party.party,
                agency_code=code.code,
            )
            for serial, code in zip(serials, codes, strict=True)
        ]
