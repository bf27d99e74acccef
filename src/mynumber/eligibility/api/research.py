"""What the eligibility system gives for research (二次利用): the claims, month by month."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from mynumber.eligibility.data import ResearchClaim

__all__ = ["ResearchSide"]


class ResearchSide(Protocol):
    """The research side: the claims as the maker of research extracts receives them."""

    def research_claims(self, *, reader: str) -> Iterator[ResearchClaim]:
        """Yield every person's claims, one per person, facility and month (a レセプト), keyed
        by the oldest insured number of the person's history, without name or subject. Each
        person's access log gets one record per export naming `reader` (⚠ one per person and
        export, not one per claim)."""
        ...
