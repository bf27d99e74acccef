"""The research side in this process (`api.ResearchSide`): the claims, read a chunk of people
at a time so an export of the whole population never holds it all."""

from __future__ import annotations

from collections.abc import Iterator

from mynumber.eligibility.data import ResearchClaim
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.medical import research

__all__ = ["LocalResearchSide"]


class LocalResearchSide(LocalState):
    """The claims for research, streamed, each person's export logged."""

    def research_claims(self, *, reader: str) -> Iterator[ResearchClaim]:
        with self._db.unit_of_work() as uow:
            subjects = research.subjects_with_claims(uow.session)
        for start in range(0, len(subjects), research.CHUNK):
            chunk = subjects[start : start + research.CHUNK]
            # Each chunk commits its log records before its claims are given out.
            with self._db.unit_of_work() as uow:
                claims = research.research_claims(
                    uow.session, self._ctx, subjects=chunk, reader=reader
                )
            yield from claims
