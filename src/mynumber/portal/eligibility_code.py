"""The eligibility system's 符号 for a person, which the portal obtains for one call and keeps
nowhere: its own view (自己情報表示, やりとり履歴) and the 自己情報取得API both read eligibility
under it.

The real portal reads the オンライン資格確認等システム directly, not through the network's
自己情報提供 (which here serves the agencies' 副本: `own_copies`). ⚠ How it names the person there
is not public: the portal asks the network for the eligibility system's 符号 as J-LIS does.
"""

from __future__ import annotations

from mynumber.eligibility.api import AGENCY as ELIGIBILITY_AGENCY
from mynumber.network.api import CodeIssuance
from mynumber.network.data import new_acquisition_number

__all__ = ["eligibility_code"]


def eligibility_code(codes: CodeIssuance, resident_code: str) -> str:
    """Return the eligibility system's 符号 for the person, with a fresh 取得番号."""
    return codes.issue_code(
        agency=ELIGIBILITY_AGENCY,
        acquisition_number=new_acquisition_number(),
        resident_code=resident_code,
    ).code
