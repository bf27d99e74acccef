"""What J-LIS's register (住民基本台帳ネットワーク) holds of a person (名寄せ可能性): see
`kernel.linkability`. Checked against the tables by tests/unit/test_linkability_declared.py."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="registry", label="J-LIS（住基ネット・個人番号）", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.RESIDENT_CODE, where="residents.resident_code"),
            Holding(K.MY_NUMBER, history=True,
                    where="residents.my_number, retired_my_numbers"),
        ),
        network=True,
    ),
)  # fmt: skip
