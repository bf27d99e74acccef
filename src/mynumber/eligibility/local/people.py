"""The person's side in this process (`api.PersonSide`): what the eligibility system holds about
someone, as they may see it."""

from __future__ import annotations

from collections.abc import Sequence

from mynumber.eligibility.access_log import access_records
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
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.medical import consent, lifetime_reads, own, self_information
from mynumber.eligibility.memberships import coverage
from mynumber.eligibility.models import RegistrationRow
from mynumber.eligibility.registration import to_registration

__all__ = ["LocalPersonSide"]


class LocalPersonSide(LocalState):
    """A person's history, registration, consents and access records, in this process."""

    def history(self, *, subject: str) -> list[MembershipRecord]:
        with self._db.unit_of_work() as uow:
            return coverage.history(uow.session, subject=subject)

    def registration(self, *, subject: str) -> Registration:
        with self._db.unit_of_work() as uow:
            return to_registration(uow.session.get(RegistrationRow, subject))

    def consents(self, *, subject: str) -> list[ConsentRecord]:
        with self._db.unit_of_work() as uow:
            return consent.history(uow.session, subject=subject)

    def own_medical(self, *, subject: str) -> OwnMedical:
        with self._db.unit_of_work() as uow:
            return own.own_view(uow.session, self._ctx, subject=subject)

    def access_records(self, *, subject: str) -> list[AccessRecord]:
        with self._db.unit_of_work() as uow:
            return access_records(uow.session, self._ctx, subject=subject)

    def self_information(self, *, subject: str, scope: ConsentScope, reader: str) -> MedicalView:
        with self._db.unit_of_work() as uow:
            return self_information.self_information_view(
                uow.session, self._ctx, subject=subject, scope=scope, reader=reader
            )

    def lifetime_reads(self, *, subjects: Sequence[str], reader: str) -> list[LifetimeReads]:
        with self._db.unit_of_work() as uow:
            return lifetime_reads.lifetime_reads(
                uow.session, self._ctx, subjects=subjects, reader=reader
            )

    def verify_access_log(self, *, subject: str) -> list[str]:
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.verify(uow.session, stream=subject)
