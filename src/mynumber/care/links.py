"""The care platform's connections: the network (for its 符号 and the incomes it asks the
municipalities for, J0024), J-LIS (for cards and the register).

The platform is connected to the network as agency `care:kokuhoren` and registered with J-LIS as
a relying party that may resolve serials, both on first use. Its 符号 for a person is obtained
at enrolment through J-LIS (符号取得, by the My Number the municipality holds) and kept beside the
被保険者番号; a card read later is resolved by J-LIS to that same 符号. No 利用登録 is involved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from mynumber.care.data import AGENCY_ID, AGENCY_NAME, CardAuthentication
from mynumber.care.income import NetworkIncome
from mynumber.intermediate.api import CodeAcquisition
from mynumber.intermediate.data import CodeApplicant
from mynumber.jpki.api import Jpki
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.errors import ConflictError
from mynumber.network.api import AgencyDesk, NetworkOperator
from mynumber.registry.api import Registry

__all__ = ["Links", "NetworkDesk"]


class NetworkDesk(AgencyDesk, NetworkOperator, Protocol):
    """What the platform asks of the network: to be connected, and to broker its queries."""


@dataclass
class Links:
    """What the platform asks of other organisations, through their api Protocols."""

    network: NetworkDesk
    codes: CodeAcquisition
    signing_keys: AgencyKeyStore
    jpki: Jpki
    registry: Registry
    _connected: bool = field(default=False, init=False)
    _party: bool = field(default=False, init=False)

    def _connect(self) -> None:
        if not self._connected:
            key = self.signing_keys.public_key(AGENCY_ID)
            self.network.connect(agency_id=AGENCY_ID, name=AGENCY_NAME, public_key=key)
            self._connected = True

    def _relying_party(self) -> None:
        self._connect()  # J-LIS asks the network for the platform's 符号
        if not self._party:
            with contextlib.suppress(ConflictError):  # registered by an earlier process
                self.jpki.register_relying_party(party=AGENCY_ID, may_resolve=True)
            self._party = True

    @property
    def income(self) -> NetworkIncome:
        """Return the municipalities' 副本 over the network as the platform's source of incomes
        (the platform connected first, with its signing key)."""
        self._connect()
        return NetworkIncome(self.network, self.signing_keys)

    def codes_for(self, people: Sequence[tuple[str, str]]) -> list[str]:
        """Return the platform's 符号 for (resident code, My Number) pairs, in order."""
        if not people:
            return []
        self._connect()
        applicants = [CodeApplicant(address_number=c, my_number=n) for c, n in people]
        return self.codes.acquire_codes(agency=AGENCY_ID, people=applicants)

    def new_challenge(self) -> bytes:
        """Return a fresh challenge of J-LIS's for a card to sign."""
        self._relying_party()
        return self.jpki.new_challenge(relying_party=AGENCY_ID).value

    def holder_code(self, card: CardAuthentication) -> str:
        """Have J-LIS verify the card (chain, revocation, signature, challenge) and resolve its
        serial to the platform's 符号 for the holder (recorded in J-LIS's provision records)."""
        self._relying_party()
        serial = self.jpki.verify_authentication(
            certificate=card.certificate, challenge=card.challenge, signature=card.signature,
            relying_party=AGENCY_ID,
        ).serial  # fmt: skip
        return self.jpki.resolve_serial(serial=serial, relying_party=AGENCY_ID).agency_code
