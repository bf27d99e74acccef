"""The insurer's gateway to J-LIS, the network and its partition of the intermediate server.

An enrolment arrives with the My Number written on the form. Under the policy
`links_checked_before_acceptance` the gateway first asks J-LIS whether the form's kanji name,
reading, birth date, sex and address (5情報) are those of the number's holder (an enrolment
that contradicts them is held, not accepted). Then it asks, through J-LIS, for the insurer's
own 符号 and the eligibility system's 符号 (番号法第21条の2: each request carries a fresh
取得番号, which matches the answer to the request and is then forgotten), and the insurer
links its 符号 in its partition. Whether the My Number then stays beside the membership is the
policy's `insurers_keep_my_number`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mynumber.eligibility.api import AGENCY as ELIGIBILITY_AGENCY
from mynumber.insurers.data import Enrolment, network_agency_id
from mynumber.insurers.linking import address_number
from mynumber.insurers.models import MembershipRow
from mynumber.intermediate.api import AgencyPartition
from mynumber.kernel.errors import DomainError
from mynumber.kernel.policy import Policy
from mynumber.network.data import IssuedCode, new_acquisition_number
from mynumber.registry.api import Registry
from mynumber.registry.data import ClaimedIdentity, CodeRequest

__all__ = ["Gateway"]


class AcquisitionMismatchError(DomainError):
    """J-LIS answered with a 取得番号 the insurer did not ask with: the 符号 is not used."""

    status = 502
    code = "acquisition_mismatch"


@dataclass(frozen=True)
class Gateway:
    """What the insurer asks of J-LIS and keeps in its partition, under the instance's policy."""

    registry: Registry
    partition: AgencyPartition
    policy: Policy

    @property
    def checks_links(self) -> bool:
        """Whether forms are checked against J-LIS before an enrolment is accepted."""
        return self.policy.links_checked_before_acceptance

    def mismatches(self, enrolments: Sequence[Enrolment], *, actor: str) -> list[tuple[str, ...]]:
        """Return, per enrolment, the items of 本人確認情報 its form contradicts (all empty
        when the policy accepts links as given, and J-LIS is not asked)."""
        if not self.checks_links:
            return [() for _ in enrolments]
        claims = [
            ClaimedIdentity(
                my_number=e.my_number,
                name=e.member.name,
                name_kana=e.member.name_kana,
                birth_date=e.member.birth_date,
                sex=e.member.sex,
                address=e.member.address or None,  # a form without an address: not compared
                postal_code=e.member.postal_code or None,
            )
            for e in enrolments
        ]
        found = self.registry.check_identities(claims=claims, actor=actor)
        return [tuple(item.value for item in items) for items in found]

    def code(self, *, agency: str, my_number: str, actor: str) -> str:
        """Return an agency's 符号 for the holder of a My Number, asked through J-LIS."""
        asked = new_acquisition_number()
        issued = self.registry.acquire_code(
            agency=agency, my_number=my_number, acquisition_number=asked, actor=actor
        )
        return _answer_to(asked, issued)

    def pair(self, enrolment: Enrolment, *, actor: str) -> tuple[str, str]:
        """Return (the insurer's own 符号, eligibility's 符号) for an enrolment's My Number."""
        number, own = enrolment.my_number, network_agency_id(enrolment.insurer_number)
        return (
            self.code(agency=own, my_number=number, actor=actor),
            self.code(agency=ELIGIBILITY_AGENCY, my_number=number, actor=actor),
        )

    def exchange(self, enrolments: Sequence[Enrolment]) -> tuple[list[str], list[str]]:
        """Obtain, in one request through J-LIS, each row's (own 符号, eligibility's 符号)."""
        count, own = len(enrolments), [network_agency_id(e.insurer_number) for e in enrolments]
        requests = [
            CodeRequest(agency=agency, my_number=e.my_number,
                        acquisition_number=new_acquisition_number(), actor=asker)
            for agency, e, asker in zip(
                [*own, *[ELIGIBILITY_AGENCY] * count], [*enrolments, *enrolments], [*own, *own],
                strict=True,
            )
        ]  # fmt: skip
        try:
            issued = self.registry.acquire_codes(requests=requests)
        except DomainError as refused:
            raise _at_row(refused, count) from None
        codes = [_answer_to(r.acquisition_number, i) for r, i in zip(requests, issued, strict=True)]
        return codes[:count], codes[count:]

    def kept_number(self, enrolment: Enrolment) -> str | None:
        """Return the My Number to keep beside the membership, or None to drop it."""
        return enrolment.my_number if self.policy.insurers_keep_my_number else None

    def link_new(self, rows: Sequence[MembershipRow], known: Collection[str]) -> None:
        """Link in each insurer's partition the 符号 of people at their first membership there
        (known: the 符号 stored memberships already name)."""
        first: dict[str, tuple[str, str, str]] = {}
        for row in rows:
            if row.person_code not in known and row.person_code not in first:
                first[row.person_code] = (
                    network_agency_id(row.insurer_number), address_number(row.membership_id),
                    row.person_code,
                )  # fmt: skip
        if first:
            self.partition.link_codes_across(links=list(first.values()))


def _at_row(refused: DomainError, count: int) -> DomainError:
    """Return J-LIS's refusal of request k (two per row: own 符号, then eligibility's) as a
    refusal of its batch row."""
    if refused.item is None:
        return refused
    return type(refused)(f"row {refused.item % count}: {refused.item_reason}", code=refused.code)


def _answer_to(asked: str, issued: IssuedCode) -> str:
    if issued.acquisition_number != asked:
        raise AcquisitionMismatchError("the 符号 came back with another 取得番号")
    return issued.code
