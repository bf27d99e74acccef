"""What the 予防接種 and PMH services share: the person key, the access log and the refusals.

Both write to the platform's one hash-chained access log (the prescriptions' log, the same
payload: facility, action, outcome), under the person key derived from the platform's 符号
(`people.person_key`), one stream per person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mynumber.eligibility.data import CardAuthentication
from mynumber.health.data import HealthAccessRecord
from mynumber.health.people import PlatformLinks, person_key
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import DomainError, ForbiddenError
from mynumber.kernel.hashlog import HashChainedLog

__all__ = ["Context", "PlatformBase", "wrong_clerk"]


def wrong_clerk(clerk_municipality: str, municipality: str) -> ForbiddenError:
    """Return the refusal of a clerk acting for another municipality's register."""
    return ForbiddenError(
        f"{clerk_municipality} の職員は {municipality} の登録をできません (wrong clerk)",
        code="wrong_clerk",
    )


@dataclass(frozen=True)
class Context:
    """The clock, the access log and the key of person keys (the prescriptions' own)."""

    clock: Clock
    log: HashChainedLog
    patient_secret: bytes


@dataclass
class PlatformBase:
    """The database, the access log's context and the links, and the moves built on them."""

    db: Database
    ctx: Context
    links: PlatformLinks

    def new_challenge(self) -> bytes:
        """Return a fresh J-LIS challenge for a card to sign for this platform."""
        return self.links.new_challenge()

    def key_of_number(self, my_number: str) -> str:
        """Return the person key of a My Number (via the platform's 符号; 404 `unknown_person`)."""
        return person_key(self.ctx.patient_secret, self.links.code_for(my_number))

    def key_of_card(self, card: CardAuthentication) -> str:
        """Return the person key of a card's holder (J-LIS verifies and resolves the card)."""
        return person_key(self.ctx.patient_secret, self.links.holder_code(card))

    def log(self, session: Session, key: str, *, by: str, action: str, outcome: str) -> None:
        """Append one record to the person's access log."""
        payload = {"facility": by, "action": action, "outcome": outcome}
        self.ctx.log.append(session, stream=key, payload=payload, at=self.ctx.clock.now())

    def refuse(self, key: str, *, by: str, action: str, refusal: DomainError) -> DomainError:
        """Log a refusal in the person's access log and return it, to be raised."""
        with self.db.unit_of_work() as uow:
            self.log(uow.session, key, by=by, action=action, outcome=f"refused:{refusal.code}")
        return refusal

    def access_records_of(self, *, holder: CardAuthentication) -> list[HealthAccessRecord]:
        """Return every record of the card holder's access log, oldest first."""
        key = self.key_of_card(holder)
        with self.db.unit_of_work() as uow:
            return [
                HealthAccessRecord(
                    seq=r.seq, recorded_at=r.recorded_at, facility=r.payload["facility"],
                    action=r.payload["action"], outcome=r.payload["outcome"],
                )
                for r in self.ctx.log.read(uow.session, stream=key)
            ]  # fmt: skip
