"""What the care platform (介護保険・介護情報基盤) holds of an insured person (名寄せ可能性): see
`kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="care", label="介護保険者・介護情報基盤", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.CARE_INSURED_NUMBER, where="insured.insured_number"),
            Holding(K.RESIDENT_CODE, where="insured.resident_code"),
            Holding(K.MY_NUMBER, where="insured.my_number"),
            Holding(K.AGENCY_CODE, where="insured.agency_code"),
        ),
        network=True,
    ),
)  # fmt: skip
