"""The 負担割合 thresholds of a household with two or more 第1号, and the 第1段階."""

from __future__ import annotations

from mynumber.care.data import InsuredCategory
from mynumber.care.rules import BurdenFigures, burden_ratio, limit_stage

FIRST = InsuredCategory.FIRST
# 合計所得 2,300,000 (≥ 220万) and 年金収入＋その他 3,500,000 (≥ 340万): 3割 alone.
RICH = BurdenFigures(total_income=2_300_000, pension_revenue=3_500_000,
                     pension_income=2_300_000, exempt=False)  # fmt: skip


def test_alone_the_single_thresholds_apply() -> None:
    assert burden_ratio(FIRST, RICH)[0] == 3
    assert burden_ratio(FIRST, RICH, household=(1, 3_500_000))[0] == 3


def test_two_first_category_members_sum_against_463_and_346() -> None:
    ratio, why = burden_ratio(FIRST, RICH, household=(2, 4_629_999))
    assert ratio == 2 and "世帯の第1号被保険者2人" in why and "346万円" in why
    assert burden_ratio(FIRST, RICH, household=(2, 4_630_000))[0] == 3
    assert burden_ratio(FIRST, RICH, household=(2, 3_459_999)) == (1, "一定以上所得者に該当しない")


def test_the_own_total_income_still_decides() -> None:
    poor_own = BurdenFigures(total_income=1_500_000, pension_revenue=3_500_000,
                             pension_income=1_500_000, exempt=False)  # fmt: skip
    assert burden_ratio(FIRST, poor_own, household=(3, 9_000_000))[0] == 1


def test_first_stage_public_assistance_and_welfare_pension() -> None:
    assisted = limit_stage(pension_and_other=0, household_exempt=False, savings=50_000_000,
                           spouse_savings=0, public_assistance=True)  # fmt: skip
    assert assisted == ("1", 300, "生活保護受給者")
    welfare = limit_stage(pension_and_other=2_000_000, household_exempt=True, savings=9_000_000,
                          spouse_savings=0, welfare_pension=True)  # fmt: skip
    assert welfare is not None and welfare[:2] == ("1", 300) and "老齢福祉年金" in welfare[2]
    over = limit_stage(pension_and_other=0, household_exempt=True, savings=10_000_001,
                       spouse_savings=0, welfare_pension=True)  # fmt: skip
    assert over is None
    taxed = limit_stage(pension_and_other=0, household_exempt=False, savings=0,
                        spouse_savings=0, welfare_pension=True)  # fmt: skip
    assert taxed is None
    # Without either receipt the income stages apply as before.
    assert limit_stage(pension_and_other=700_000, household_exempt=True, savings=0,
                       spouse_savings=0) is not None  # fmt: skip
