"""Linkability (名寄せ可能性): which identifiers of a person each party holds.

Every subsystem declares in one place, the constant `IDENTIFIERS_HELD` of its api, what it holds
about a person: one `PartyHoldings` per party it models (an agency, and the outside parties it
serves: a clinic at reception, a JPKI relying party, a portal API client). A `Holding` says which
kind of identifier, whether it is stored or only seen per request, whether past values are kept
(the serial history, the insured-number history), and which policy switch decides it. The audit
computes from these who can join whose data about a person (`mynumber audit linkability`) and
checks them against what each party really stores (`IdentifierExport`, implemented with
`kernel.identifier_export`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from mynumber.kernel.policy import SWITCHES, Policy

__all__ = [
    "Holding",
    "IdentifierExport",
    "IdentifierKind",
    "PartyHoldings",
    "PartyRole",
]


class IdentifierKind(StrEnum):
    """A kind of identifier that names a person."""

    MY_NUMBER = "my_number"  # 個人番号
    AGENCY_CODE = "agency_code"  # 符号: one per person and agency, different at each agency
    RESIDENT_CODE = "resident_code"  # 住民票コード
    CARD_SERIAL = "card_serial"  # 発行番号: the user-authentication certificate's serial
    INSURED_NUMBER = "insured_number"  # 被保険者番号 (記号・番号・枝番) of health insurance
    CARE_INSURED_NUMBER = "care_insured_number"  # 介護保険の被保険者番号
    BASIC_PENSION_NUMBER = "basic_pension_number"  # 基礎年金番号
    EMPLOYMENT_INSURANCE_NUMBER = "employment_insurance_number"  # 雇用保険被保険者番号
    ADDRESSEE_NUMBER = "addressee_number"  # 宛名番号: a municipality's own person number
    BANK_ACCOUNT = "bank_account"  # 公金受取口座 (bank, branch, number)
    API_SUBJECT = "api_subject"  # 利用者識別子: a pairwise id per API client (safeguarded)
    OWN_KEY = "own_key"  # a key only its holder derives (e.g. an HMAC): it joins nothing


class PartyRole(StrEnum):
    """What kind of party holds the identifiers."""

    AGENCY = "agency"  # 行政機関等 and the system's operators
    FACILITY = "facility"  # a clinic or pharmacy at reception
    RELYING_PARTY = "relying_party"  # a JPKI 署名検証者 / 利用者証明検証者 (e.g. an insurer)
    API_CLIENT = "api_client"  # a third party on the 自己情報取得API


SWITCH_NAMES = frozenset(s.name for s in SWITCHES)


@dataclass(frozen=True)
class Holding:
    """One kind of identifier a party holds, and under which policy.

    `switch`/`when`: held only while that policy switch has this value (None: under both
    profiles). `all_agencies`: the party holds every agency's 符号 (the network), not only its
    own, so 符号 join directly there. `stored` False: only seen per request, which an outside
    party may keep in its own systems (not modelled).
    """

    kind: IdentifierKind
    stored: bool = True
    history: bool = False
    switch: str | None = None
    when: bool = True
    all_agencies: bool = False
    where: str = ""

    def __post_init__(self) -> None:
        if self.switch is not None and self.switch not in SWITCH_NAMES:
            raise ValueError(f"unknown policy switch {self.switch!r}")

    def held_under(self, policy: Policy) -> bool:
        """Return whether the party holds this identifier under a profile."""
        return self.switch is None or getattr(policy, self.switch) is self.when


@dataclass(frozen=True)
class PartyHoldings:
    """A party and every identifier of a person it holds; `network` when it is connected to the
    情報提供ネットワーク and so can ask another connected party for a lawful item by 符号."""

    party: str
    label: str
    role: PartyRole
    holdings: tuple[Holding, ...]
    network: bool = False

    def held(self, policy: Policy) -> tuple[Holding, ...]:
        """Return the holdings in force under a profile."""
        return tuple(h for h in self.holdings if h.held_under(policy))


class IdentifierExport(Protocol):
    """A subsystem that exports, for an auditor, the identifier values it stores.

    Yields one tuple per person record: that person's values of the kind (several for a history).
    The export is a read of personal data, recorded under the auditor's actor.
    """

    def identifier_values(
        self, kind: IdentifierKind, *, party: str, actor: str
    ) -> Iterator[tuple[str, ...]]:
        """Yield, record by record, the values of `kind` the party stores."""
        ...

    def identifier_records(
        self, kind: IdentifierKind, *, party: str, actor: str
    ) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Yield (the record's own key, its values of `kind`)."""
        ...

    def category_holders(self, category: str, *, actor: str) -> Iterator[str]:
        """Yield the key of each record that has data of a category."""
        ...
