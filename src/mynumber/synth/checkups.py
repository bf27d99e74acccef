"""特定健診 results drawn like the national figures (国民健康・栄養調査, NDB オープンデータ).

Heights and BMI by sex and age; waist follows BMI; blood pressure rises with age and BMI;
people treated for hypertension, diabetes or dyslipidaemia show the values such patients have.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from mynumber.eligibility.data import CheckupResult, InsuredRef
from mynumber.kernel.ages import age_on
from mynumber.registry.data import Resident, Sex

__all__ = ["checkup"]


def checkup(
    rng: random.Random,
    resident: Resident,
    insured: InsuredRef,
    examined: dt.date,
    conditions: frozenset[str],
) -> CheckupResult:
    """Return one plausible 特定健診 result for this person on this day."""
    male = resident.sex is Sex.MALE
    years = age_on(resident.birth_date, examined) - 40
    gauss = rng.gauss
    height = gauss(170.5 - 0.12 * years, 5.8) if male else gauss(157.5 - 0.12 * years, 5.3)
    bmi = max(15.0, gauss(24.0, 3.3) if male else gauss(22.4, 3.6))
    weight = bmi * (height / 100) ** 2
    waist = gauss(85.0 + 2.6 * (bmi - 24.0), 4.0) if male else gauss(80.0 + 2.6 * (bmi - 22.4), 4.5)
    systolic = gauss(118 + 0.5 * years + 1.3 * (bmi - 23) + (5 if male else 0), 13)
    if "I10" in conditions:
        systolic += gauss(10, 6)
    diastolic = 0.55 * systolic + gauss(8 if male else 5, 7)
    hba1c = gauss(7.0, 0.9) if "E11.9" in conditions else gauss(5.5 + 0.012 * years, 0.33)
    ldl = (
        gauss(128, 35)
        if "E78.5" in conditions
        else gauss(118 + (8 if not male and years > 10 else 0), 29)
    )
    hdl = gauss(55, 13) if male else gauss(67, 15)
    triglycerides = math.exp(gauss(math.log(110 if male else 82), 0.5))
    return CheckupResult(
        insured=insured,
        examined_on=examined,
        height_cm=round(height, 1),
        weight_kg=round(weight, 1),
        waist_cm=round(max(55.0, waist), 1),
        systolic_mmhg=round(min(220, max(85, systolic))),
        diastolic_mmhg=round(min(130, max(45, diastolic))),
        hba1c_percent=round(min(14.0, max(4.0, hba1c)), 1),
        ldl_mg_dl=round(min(300, max(40, ldl))),
        hdl_mg_dl=round(min(130, max(20, hdl))),
        triglycerides_mg_dl=round(min(1000, max(25, triglycerides))),
    )
