"""What ハローワーク (雇用保険) holds of a person (名寄せ可能性): see `kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="employment", label="ハローワーク（雇用保険）", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.EMPLOYMENT_INSURANCE_NUMBER, where="people.insured_number"),
            Holding(K.MY_NUMBER, where="people.my_number"),
        ),
        network=True,
    ),
)  # fmt: skip
