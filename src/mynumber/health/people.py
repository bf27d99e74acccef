"""How the platform knows a person for its 予防接種 and PMH services: by its own 符号.

A municipality names the person by My Number; the platform asks J-LIS for its 符号 (符号取得,
through the network) and keys the records by a keyed hash of that 符号, so neither the My Number
nor the 符号 sits beside a record. A card read at a facility is verified by J-LIS and resolved to
the same 符号 (the platform is a relying party allowed to resolve), as the care platform does.

⚠ The platform joins the network under the operator's kind, as `eligibility:iryojoho` (支払基金・
国保中央会 run both オンライン資格確認 and this platform); the real agency code is not public.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, field

from mynumber.eligibility.data import CardAuthentication
from mynumber.intermediate.api import CodeAcquisition
from mynumber.intermediate.data import CodeApplicant
from mynumber.jpki.api import Jpki
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)
from mynumber.network.api import NetworkOperator
from mynumber.registry.api import Registry

__all__ = ["AGENCY_ID", "AGENCY_NAME", "PlatformLinks", "person_key"]

AGENCY_ID = "eligibility:iryojoho"
AGENCY_NAME = "全国医療情報プラットフォーム（予防接種・PMH）"


def person_key(secret: bytes, code: str) -> str:
    """Return the records' key for a person: HMAC-SHA-256 of the platform's 符号 (hex)."""
    return hmac.new(secret, b"health-person\n" + code.encode(), hashlib.sha256).hexdigest()


@dataclass
class PlatformLinks:
    """What the platform asks of the network, J-LIS and the register, through their api."""

    network: NetworkOperator
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
        self._connect()
        if not self._party:
            with contextlib.suppress(ConflictError):  # registered by an earlier process
                self.jpki.register_relying_party(party=AGENCY_ID, may_resolve=True)
            self._party = True

    def code_for(self, my_number: str) -> str:
        """Return the platform's 符号 for a My Number (J-LIS refuses one it does not know)."""
        self._connect()
        applicant = CodeApplicant(address_number="health", my_number=my_number)
        try:
            (code,) = self.codes.acquire_codes(agency=AGENCY_ID, people=[applicant])
        except (InvalidInputError, NotFoundError) as unknown:
            raise NotFoundError(
                "この個人番号の方は見つかりません (unknown person)", code="unknown_person"
            ) from unknown
        return code

    def codes_for(self, my_numbers: Sequence[str]) -> list[str]:
        """Return the platform's 符号 for many My Numbers, in order (one request to J-LIS)."""
        if not my_numbers:
            return []
        self._connect()
        people = [CodeApplicant(address_number="health", my_number=n) for n in my_numbers]
        try:
            return self.codes.acquire_codes(agency=AGENCY_ID, people=people)
        except (InvalidInputError, NotFoundError) as unknown:
            raise NotFoundError(
                "個人番号の見つからない方が含まれています (unknown person)", code="unknown_person"
            ) from unknown

    def new_challenge(self) -> bytes:
        """Return a fresh challenge of J-LIS's for a card to sign for this platform."""
        self._relying_party()
        return self.jpki.new_challenge(relying_party=AGENCY_ID).value

    def holder_code(self, card: CardAuthentication) -> str:
        """Have J-LIS verify the card and resolve it to the platform's 符号 for its holder."""
        if card.signature is None:  # a certificate alone proves nobody present (it is public)
            raise ForbiddenError(
                "カードの署名がありません (the card must sign the challenge with its PIN)",
                code="no_card_signature",
            )
        self._relying_party()
        serial = self.jpki.verify_authentication(
            certificate=card.certificate, challenge=card.challenge, signature=card.signature,
            relying_party=AGENCY_ID,
        ).serial  # fmt: skip
        return self.jpki.resolve_serial(serial=serial, relying_party=AGENCY_ID).agency_code

    def under_support_measure(self, resident_code: str | None) -> bool:
        """Return whether the register withholds this resident's address (DV 支援措置)."""
        return resident_code is not None and self.registry.address_withheld(
            resident_code=resident_code
        )
