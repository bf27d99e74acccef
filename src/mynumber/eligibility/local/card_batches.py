"""利用登録 of a batch of cards in this process (`api.CardBatches`): each card is proved and
checked as `LocalCards.register_card` does (reader result or the card's signature, then J-LIS
verifies it and says whose it is), with J-LIS asked once per batch and the registrations
written in a few statements. One refused card refuses the batch; nothing of it is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from mynumber.eligibility import card_registrations
from mynumber.eligibility.callers.readers import check_reader
from mynumber.eligibility.data import AGENCY, CardProof
from mynumber.eligibility.local.cards import LocalCards

__all__ = ["LocalCardBatches"]


class LocalCardBatches(LocalCards):
    """Challenges and 利用登録 for many cards at once."""

    def new_challenges(self, *, count: int) -> list[bytes]:
        self._ensure_relying_party()
        return [c.value for c in self._jpki.new_challenges(relying_party=AGENCY, count=count)]

    def register_cards(self, *, proofs: Sequence[CardProof]) -> int:
        now = self._ctx.clock.now()
        for proof in proofs:
            if proof.facility_code is not None:
                self._callers.facility(proof.facility_code)
            check_reader(proof, now, self._callers.terminal)
        self._ensure_relying_party()
        items = [
            (p.authentication.certificate, p.authentication.challenge, p.authentication.signature)
            for p in proofs
        ]
        serials = [r.serial for r in self._jpki.verify_many(items=items, relying_party=AGENCY)]
        holders: dict[str, str] = {}
        if self._ctx.policy.registration_links_serial:
            with self._db.unit_of_work() as uow:
                holders = card_registrations.linked_holders(uow.session, serials)
        # ⚠ A serial no registration holds is resolved by J-LIS; the one-by-one path would
        # then also move a registration that J-LIS's history says it replaced, which the
        # upsert below does anyway (a current registration takes this card's serial).
        unknown = [s for s in serials if s not in holders]
        if unknown:
            resolved = self._jpki.resolve_serials(serials=unknown, relying_party=AGENCY)
            holders |= {s: r.agency_code for s, r in zip(unknown, resolved, strict=True)}
        keep = self._ctx.policy.registration_links_serial
        chosen = {holders[s]: (s if keep else None) for s in serials}
        with self._db.unit_of_work() as uow:
            card_registrations.register_many(uow.session, self._ctx, serials=chosen)
        return len(chosen)
