"""What JPKI (公的個人認証, J-LIS) holds of a person, and what a relying party (署名検証者・
利用者証明検証者) sees when it verifies a card (名寄せ可能性): see `kernel.linkability`.

A relying party receives the certificate and so its serial (発行番号) on every verification, and
may ask JPKI for the new serial after a renewal (the successions): it can follow the person."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="jpki", label="J-LIS（公的個人認証）", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.RESIDENT_CODE, where="cards.resident_code"),
            Holding(K.AGENCY_CODE, where="cards.jlis_code"),
            Holding(K.CARD_SERIAL, history=True,
                    where="certificates.serial, successions.old_serial/new_serial"),
        ),
    ),
    PartyHoldings(
        party="relying_party", label="JPKI検証者（民間）", role=PartyRole.RELYING_PARTY,
        holdings=(
            Holding(K.CARD_SERIAL, stored=False, history=True,
                    where="the certificate at each verification; successions on request"),
        ),
    ),
)  # fmt: skip
