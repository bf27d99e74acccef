"""What the 情報提供ネットワークシステム holds of a person (名寄せ可能性): every agency's 符号
under one person handle, which is what lets it answer a lawful request by 符号. See
`kernel.linkability`."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="network", label="情報提供ネットワーク", role=PartyRole.AGENCY,
        holdings=(Holding(K.AGENCY_CODE, all_agencies=True, where="codes.code by person"),),
    ),
)  # fmt: skip
