"""What the pension service (日本年金機構) holds of a person (名寄せ可能性): see
`kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="pension", label="日本年金機構", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.BASIC_PENSION_NUMBER, where="people.basic_pension_number"),
            Holding(K.MY_NUMBER, where="people.my_number"),
        ),
        network=True,
    ),
)  # fmt: skip
