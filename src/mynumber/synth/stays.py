"""Synthetic inpatient stays (入院) and the claims that record them: one on the admission day
(入院料) and one on the discharge day (退院時薬剤情報管理指導料), at a hospital near the person.

⚠ Yearly chance of a stay by age, round figures after the 患者調査 (about one Japanese in ten is
admitted in a year, far more of the old): 0–39 3%, 40–64 6%, 65–74 12%, 75+ 25%; at most one
stay a year; the reasons and their lengths are a small simplified list; the procedure codes
are shaped like 診療行為コード and not checked against the master.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple

from mynumber.eligibility.data import Claim, Diagnosis, Procedure
from mynumber.kernel.ages import age_on
from mynumber.synth.loading import Covered

__all__ = ["ADMISSION", "DISCHARGE", "REASONS", "Reason", "inpatient_claims"]

ADMISSION = ("190077410", "急性期一般入院料")
DISCHARGE = ("113004310", "退院時薬剤情報管理指導料")
_RATES = ((40, 0.03), (65, 0.06), (75, 0.12), (200, 0.25))  # (under this age, chance a year)


class Reason(NamedTuple):
    """Why someone is admitted: ICD-10 code, name, days in hospital, the youngest it fits."""

    code: str
    name: str
    shortest: int
    longest: int
    from_age: int = 0


REASONS: tuple[Reason, ...] = (
    Reason("J18.9", "肺炎", 7, 21),
    Reason("K35.8", "急性虫垂炎", 3, 8, 5),
    Reason("K80.2", "胆石症", 4, 10, 30),
    Reason("C18.9", "結腸癌", 10, 20, 50),
    Reason("I63.9", "脳梗塞", 14, 45, 50),
    Reason("I50.9", "心不全", 10, 28, 60),
    Reason("S72.0", "大腿骨頸部骨折", 21, 42, 65),
)


def inpatient_claims(
    rng: random.Random, person: Covered, *, first: dt.date, on: dt.date, hospital: str
) -> list[Claim]:
    """Return the claims of the person's stay in the year up to `on`, if they had one (none
    if their insured number changed during it)."""
    age = age_on(person.resident.birth_date, on)
    chance = next(rate for below, rate in _RATES if age < below)
    if rng.random() >= chance:
        return []
    fitting = [r for r in REASONS if age >= r.from_age]
    reason = fitting[int(rng.random() * len(fitting))]
    days = reason.shortest + int(rng.random() * (reason.longest - reason.shortest + 1))
    span = (on - first).days - days
    admitted = first + dt.timedelta(days=int(rng.random() * max(span, 1)))
    discharged = admitted + dt.timedelta(days=days)
    insured = person.insured_on(admitted)
    if insured is None or discharged > on or person.insured_on(discharged) != insured:
        return []
    diagnoses = (Diagnosis(code=reason.code, name=reason.name),)
    return [
        Claim(insured=insured, facility_code=hospital, service_date=day, diagnoses=diagnoses,
              procedures=(Procedure(code=code, name=name),))
        for day, (code, name) in ((admitted, ADMISSION), (discharged, DISCHARGE))
    ]  # fmt: skip
