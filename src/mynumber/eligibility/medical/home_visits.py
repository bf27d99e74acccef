"""居宅 mode (居宅同意取得型, S2 L225, L617): a check by card at the patient's home, for 訪問診療
and 訪問看護, apart from the 施術所' eligibility-only mode (S2 L227-237).

At the first visit the staff read the card at the patient's home (a mobile reader; PIN, face or
目視確認 as at any reader) and the patient chooses what to show. That consent lasts the visit
plan, not the 24 hours of a reception desk: on later visits the facility re-checks eligibility
by the insured numbers (再照会) and sees what was consented without the card again.

⚠ The seeds name the mode only. The length of the consent (the plan's last day, at most
`HOME_PLAN_LIMIT`) is this project's reading of the operator's description, not a published rule.
"""

from __future__ import annotations

import datetime as dt

from mynumber.eligibility.data import HOME_MODE_KINDS, SIMPLE_MODE_KINDS, CardQuery, FacilityKind
from mynumber.kernel.clock import JST
from mynumber.kernel.errors import InvalidInputError

__all__ = ["HOME_PLAN_LIMIT", "home_consent_until"]

# ⚠ The longest visit plan a consent at home may cover (not in the seeds).
HOME_PLAN_LIMIT = dt.timedelta(days=366)


def home_consent_until(query: CardQuery, kind: FacilityKind) -> dt.datetime | None:
    """Return when a consent given at this check ends if the check is at the patient's home
    (the end of the plan's last day, Japan time), or None for a check at reception."""
    until = query.home_visits_until
    if kind in SIMPLE_MODE_KINDS and until is not None:
        raise InvalidInputError(
            "a 施術所 checks eligibility only: it has no 居宅 mode", code="simple_mode"
        )
    if until is None:
        if kind in HOME_MODE_KINDS:
            raise InvalidInputError(
                "a check at the patient's home names the visit plan's last day",
                code="visit_plan_required",
            )
        return None
    if not query.visit_date <= until <= query.visit_date + HOME_PLAN_LIMIT:
        raise InvalidInputError(
            f"the visit plan ends on or after the visit and within {HOME_PLAN_LIMIT.days} days",
            code="visit_plan_out_of_range",
        )
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=JST)
    return end.astimezone(dt.UTC)
