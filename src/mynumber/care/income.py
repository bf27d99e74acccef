"""Where the 負担割合 and the 負担限度額 take the person's income from: the municipality's
地方税関係情報 副本 of the period's fiscal year, asked for over the information-provision network.

The platform (agency `care:kokuhoren`, connected with its signing key) sends a signed 情報照会
under the legal table's J0024 「介護保険 利用者負担割合の判定」 for the 地方税関係情報 and the
住民票関係情報 of the person, by the 符号 it obtained through J-LIS at enrolment; the exchange
lands in the person's 情報提供等記録 (so on the portal). ⚠ The real 介護保険者 is the municipality,
whose 介護保険 desk reads its own 住民税 (庁内連携); here the platform decides for it, so the
income crosses the network as another agency's would.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Protocol

from mynumber.care.data import AGENCY_ID
from mynumber.care.rules import BurdenFigures
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.errors import ConflictError
from mynumber.municipality.data import LOCAL_TAX_ITEM, RESIDENT_ITEM
from mynumber.municipality.data import agency_id as municipality_agency
from mynumber.network.api import AgencyDesk
from mynumber.network.data import ExchangeAnswer, ExchangeRequest, Refusal, sign

__all__ = ["BURDEN_PROCEDURE", "IncomeSource", "NetworkIncome", "Provided"]

BURDEN_PROCEDURE = "J0024"  # 介護保険 利用者負担割合の判定 (主務省令の号 ⚠ invented)
# Nothing published for the person: no 副本 of the item, or none at all (no 符号 there yet).
_NOTHING_PUBLISHED = ("no_copy", Refusal.PROVIDER_CODE_MISSING.value)


@dataclass(frozen=True)
class Provided:
    """What the municipality's 副本 gave for one person: the figures (None when it had no
    副本 of the fiscal year, `missing` then says why) and the 世帯 the person belongs to."""

    figures: BurdenFigures | None
    household_code: str | None
    missing: str = ""


class IncomeSource(Protocol):
    """The income of an insured person, by the platform's 符号 for them."""

    def income(
        self, *, municipality: str, code: str, fiscal_year: int, now: dt.datetime
    ) -> Provided:
        """Return what the municipality provides; refuse (409) what the network refuses."""
        ...


class NetworkIncome:
    """Income over the network: a signed J0024 query to the municipality's partition."""

    def __init__(self, network: AgencyDesk, signing_keys: AgencyKeyStore) -> None:
        self._network, self._keys = network, signing_keys

    def income(
        self, *, municipality: str, code: str, fiscal_year: int, now: dt.datetime
    ) -> Provided:
        request = ExchangeRequest(
            requester=AGENCY_ID,
            code=code,
            procedure=BURDEN_PROCEDURE,
            items=(LOCAL_TAX_ITEM, RESIDENT_ITEM),
            provider=municipality_agency(municipality),
            request_id=uuid.uuid4().hex,
            requested_at=now,
        )
        answer = self._network.query(request=sign(request, self._keys.private_key(AGENCY_ID)))
        household = _household(answer)
        try:
            tax = answer.provided(LOCAL_TAX_ITEM)
        except ConflictError as refused:
            if refused.code not in _NOTHING_PUBLISHED:
                raise
            return Provided(None, household, f"地方税関係情報が提供されませんでした（{refused}）")
        if tax.get("fiscal_year") != fiscal_year:
            return Provided(
                None, household,
                f"提供された地方税関係情報は{tax.get('fiscal_year')}年度のものです"
                f"（{fiscal_year}年度が必要です）",
            )  # fmt: skip
        return Provided(_figures(tax), household)


def _household(answer: ExchangeAnswer) -> str | None:
    """Return the 世帯 of the 住民票関係情報, or None when it was not provided."""
    try:
        values = answer.provided(RESIDENT_ITEM)
    except ConflictError:
        return None
    code = values.get("household_code")
    return str(code) if code else None


def _figures(tax: dict[str, str | int | None]) -> BurdenFigures:
    return BurdenFigures(
        total_income=int(tax.get("total_income") or 0),
        pension_revenue=int(tax.get("pension_income") or 0),  # 公的年金等収入金額
        pension_income=int(tax.get("pension_net_income") or 0),  # 公的年金等に係る雑所得
        exempt=tax.get("exempt") == "1",
    )
