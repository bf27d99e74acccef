"""What a municipality (市区町村: 宛名・国保・住民税) holds of a resident (名寄せ可能性): see
`kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="municipality", label="市区町村", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.ADDRESSEE_NUMBER, where="addressees.address_number"),
            Holding(K.RESIDENT_CODE, where="addressees.resident_code"),
            Holding(K.MY_NUMBER, where="addressees.my_number"),
        ),
        network=True,
    ),
)  # fmt: skip
