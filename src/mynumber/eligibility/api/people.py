"""What a person may see of what the eligibility system holds about them (and the operator on
their behalf): their lifetime insurance history, card registration, consents, and every read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mynumber.eligibility.data import (
    AccessRecord,
    ConsentRecord,
    ConsentScope,
    LifetimeReads,
    MedicalView,
    MembershipRecord,
    OwnMedical,
    Registration,
)

__all__ = ["PersonSide"]


class PersonSide(Protocol):
    """The person's side, by the eligibility system's code for them (subject)."""

    def history(self, *, subject: str) -> list[MembershipRecord]:
        """Return the person's memberships, oldest first."""
        ...

    def registration(self, *, subject: str) -> Registration:
        """Return whether the person's card is registered."""
        ...

    def consents(self, *, subject: str) -> list[ConsentRecord]:
        """Return every consent the person gave, oldest first."""
        ...

    def own_medical(self, *, subject: str) -> OwnMedical:
        """Return the person's medication, check-ups and visits for their own eyes (the
        portal's 自己情報表示), the read recorded in their access log as the portal's."""
        ...

    def access_records(self, *, subject: str) -> list[AccessRecord]:
        """Return every read of the person's data, oldest first."""
        ...

    def self_information(self, *, subject: str, scope: ConsentScope, reader: str) -> MedicalView:
        """Return the person's own medication, check-ups or treatments (自己情報), asked for
        through the portal on their behalf; the read is recorded naming `reader`."""
        ...

    def lifetime_reads(self, *, subjects: Sequence[str], reader: str) -> list[LifetimeReads]:
        """Return, for many people at once and in their order, the history and the 自己情報 of
        every scope that `history` and `self_information` give (each read logged as there)."""
        ...

    def verify_access_log(self, *, subject: str) -> list[str]:
        """Return the problems found in the person's access log; empty if intact."""
        ...
