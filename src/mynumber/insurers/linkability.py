"""What a health insurer (保険者) holds of a member (名寄せ可能性): see `kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="insurers", label="医療保険者", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.AGENCY_CODE, where="memberships.person_code"),
            Holding(K.INSURED_NUMBER, history=True,
                    where="memberships.symbol/number/branch, lost ones kept"),
            Holding(K.MY_NUMBER, switch="insurers_keep_my_number",
                    where="memberships.my_number"),
        ),
        network=True,
    ),
)  # fmt: skip
