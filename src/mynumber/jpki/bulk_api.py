"""The set-wise part of the `Jpki` protocol: bench cards, and a batch of cards checked at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mynumber.jpki.data import AuthenticationResult, BenchCard, Challenge, SerialResolution

__all__ = ["BulkCards"]


class BulkCards(Protocol):
    """What J-LIS does for many cards at once, as its one-by-one calls do for each, in order, in
    one transaction (one refused item refuses them all)."""

    def issue_bench_cards(
        self, *, resident_codes: Sequence[str], pool_size: int = 16
    ) -> list[BenchCard]:
        """Issue a card to each of these living residents who holds none (as `issue` does),
        for benchmarks: ⚠ the cards share key pairs from a pool of `pool_size`, generated once
        per process; every certificate is unique, signed by the real CA."""
        ...

    def new_challenges(self, *, relying_party: str, count: int) -> list[Challenge]:
        """Issue `count` single-use challenges to a relying party (as `new_challenge`)."""
        ...

    def verify_many(
        self, *, items: Sequence[tuple[bytes, bytes, bytes | None]], relying_party: str
    ) -> list[AuthenticationResult]:
        """Check many (certificate, challenge, signature) as `verify_authentication` does, or
        as `verify_certificate` does where the signature is None (a reader confirmed the
        holder by face)."""
        ...

    def resolve_serials(
        self, *, serials: Sequence[str], relying_party: str
    ) -> list[SerialResolution]:
        """Resolve good auth serials to the caller's agency codes (as `resolve_serial`)."""
        ...
