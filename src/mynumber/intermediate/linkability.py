"""What the 中間サーバー holds of a person (名寄せ可能性): each agency's partition links its
宛名番号 to its 符号. See `kernel.linkability`.

It holds every agency's 符号 (one partition each), so it joins directly with each agency on that
agency's 符号; it has no handle that joins two agencies' 符号 (only the network has)."""

from mynumber.kernel.linkability import Holding, PartyHoldings, PartyRole
from mynumber.kernel.linkability import IdentifierKind as K

IDENTIFIERS_HELD = (
    PartyHoldings(
        party="intermediate", label="中間サーバー", role=PartyRole.AGENCY,
        holdings=(
            Holding(K.AGENCY_CODE, all_agencies=True, where="code_links.code (per partition)"),
            Holding(K.ADDRESSEE_NUMBER, where="code_links.address_number (per partition)"),
        ),
    ),
)  # fmt: skip
