"""The portal's own 符号 for a person (情報提供用個人識別符号 of the 情報提供等記録開示システム),
obtained once and linked in the portal's partition of the intermediate server under its
宛名番号, the resident code ⚠. The 公金受取口座 副本 are registered under it, and the 自己情報提供
requests are made with it.

⚠ The portal asks the network for it directly (`CodeIssuance`), as J-LIS does, not by a
取得番号 passed through J-LIS by a My Number it does not hold.
"""

from __future__ import annotations

from mynumber.intermediate.api import AgencyPartition
from mynumber.network.api import CodeIssuance
from mynumber.network.data import new_acquisition_number

__all__ = ["PORTAL_AGENCY", "portal_code"]

PORTAL_AGENCY = "portal"  # the portal's agency id on the network (kind PORTAL)


def portal_code(codes: CodeIssuance, intermediate: AgencyPartition, resident_code: str) -> str:
    """Return the portal's 符号 for the person, obtaining and linking it the first time."""
    held = intermediate.code_for(agency=PORTAL_AGENCY, address_number=resident_code)
    if held:
        return held
    issued = codes.issue_code(
        agency=PORTAL_AGENCY,
        acquisition_number=new_acquisition_number(),
        resident_code=resident_code,
    )
    intermediate.link_code(agency=PORTAL_AGENCY, address_number=resident_code, code=issued.code)
    return issued.code
