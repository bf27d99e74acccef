"""Where the 負担割合 and the 負担限度額 take the person's income from: the municipality's
住民税 assessment (個人住民税の賦課) of the period's fiscal year.

⚠ Through the municipality's api (庁内連携: the 介護保険 desk is the municipality's own), not yet
over the information-provision network as another municipality's 地方税関係情報 would come
(`municipality.exchanges`): a person who moved in since the assessment has none here.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from mynumber.care.data import AGENCY_ID
from mynumber.care.rules import BurdenFigures, burden_period
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.municipality.api import Municipality

__all__ = ["IncomeSource", "MunicipalIncome"]


class IncomeSource(Protocol):
    """The income figures of a resident for the 負担割合 period holding a day."""

    def figures(self, *, municipality: str, resident_code: str, on: dt.date) -> BurdenFigures:
        """Return the figures, or refuse (409 `income_unknown`)."""
        ...


class MunicipalIncome:
    """Income from the municipality's 住民税 assessments (each read logged there as care's)."""

    def __init__(self, municipality: Municipality) -> None:
        self._municipality = municipality

    def figures(self, *, municipality: str, resident_code: str, on: dt.date) -> BurdenFigures:
        """Return the figures of the assessment the period rests on (FY of its August)."""
        _, _, fiscal_year = burden_period(on)
        try:
            assessed = self._municipality.assessment(
                municipality=municipality,
                resident_code=resident_code,
                fiscal_year=fiscal_year,
                actor=AGENCY_ID,
            )
        except NotFoundError:
            raise ConflictError(
                f"{fiscal_year}年度の住民税の賦課情報がないため所得を確認できません",
                code="income_unknown",
            ) from None
        return BurdenFigures(
            total_income=assessed.total_income,
            pension_revenue=assessed.pension_revenue,
            pension_income=assessed.pension_income,
            exempt=assessed.exempt,
        )
