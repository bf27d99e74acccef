"""The national pension's rules, as pure functions: months, amounts, payments, 支援給付金.

Sources (docs/reference-notes.md, "pension"): 国民年金法 第26条・第27条 (老齢基礎年金: 10 years of
受給資格期間 since 2017-08, the full amount scaled by 納付済月数/480), the FY2025 amounts announced
by 厚生労働省 (831,700円 for people born on or after 1956-04-02, 829,300円 before), 第18条 (paid
in February, April, June, August, October and December, each time for the two months before),
年金生活者支援給付金法 (FY2025: 5,450円 a month × 納付済月数/480; 所得基準額 809,000円 or 806,700円,
補足的 up to 100,000円 above it). ⚠ Simplified: every insured month counts as paid (no 免除 or
未納), the amounts of FY2025 serve every year, 繰上げ・繰下げ and 加給年金 are left out, and the
老齢厚生年金 is 平均標準報酬額 × 5.481/1000 × 第2号 months without 再評価.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.pension.data import CoveragePeriod, InsuredKind, SupportBenefitKind

__all__ = [
    "FULL_MONTHS",
    "QUALIFYING_MONTHS",
    "SupportBenefit",
    "age_reached",
    "average_remuneration",
    "contribution_months",
    "employee_months",
    "first_payable_month",
    "full_basic_pension",
    "month_index",
    "old_age_basic_annual",
    "old_age_employees_annual",
    "payment_amount",
    "qualifying_months",
    "support_benefit",
]

FULL_MONTHS = 480  # 40 years, 20 to 60
QUALIFYING_MONTHS = 120  # 受給資格期間 10 years (since 2017-08-01)
_NEW_COHORT = dt.date(1956, 4, 2)  # 昭和31年4月2日以後生まれ: the 新規裁定者 amount
_FULL_BASIC = (831_700, 829_300)  # FY2025: born on or after 1956-04-02, before
_EMPLOYEES_RATE = 5.481 / 1000  # 給付乗率 for months from 2003-04 (総報酬制)
_SUPPORT_BASE = 5_450  # 年金生活者支援給付金 (老齢) FY2025, a month
_INCOME_LINE = (809_000, 806_700)  # 所得基準額 FY2025 (from 2025-10), by the same cohorts
_SUPPLEMENTARY_BAND = 100_000  # 補足的: income up to this much above the line


def month_index(day: dt.date) -> int:
    """Return a month as a count of months (compare and subtract months)."""
    return day.year * 12 + day.month - 1


def age_reached(birth: dt.date, age: int) -> dt.date:
    """Return the 年齢到達日: the day before the birthday (民法 and 年齢計算ニ関スル法律)."""
    try:
        birthday = birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        birthday = dt.date(birth.year + age, 3, 1)
    return birthday - dt.timedelta(days=1)


def _months(
    periods: Sequence[CoveragePeriod], on: dt.date, window: tuple[int, int], kinds: set[str]
) -> int:
    """Months in force within [window) counting the 取得月 and not the 喪失月 (on's month is
    not yet counted)."""
    low, high = window
    total = 0
    for period in periods:
        if period.kind not in kinds:
            continue
        start = max(month_index(period.start), low)
        end = min(month_index(period.end or on), month_index(on), high)
        total += max(0, end - start)
    return total


_ALL = {k.value for k in InsuredKind}
_NO_LIMIT = (0, 10**6)


def contribution_months(birth: dt.date, periods: Sequence[CoveragePeriod], on: dt.date) -> int:
    """Return the 保険料納付済月数: months as 第1・2・3号 from the month of the 20歳到達日 up to
    (not including) the month of the 60歳到達日."""
    window = (month_index(age_reached(birth, 20)), month_index(age_reached(birth, 60)))
    return _months(periods, on, window, _ALL)


def qualifying_months(periods: Sequence[CoveragePeriod], on: dt.date) -> int:
    """Return the 受給資格期間: every insured month (第2号 months outside 20–59 included)."""
    return _months(periods, on, _NO_LIMIT, _ALL)


def employee_months(periods: Sequence[CoveragePeriod], on: dt.date) -> int:
    """Return the months as 第2号 (厚生年金の被保険者期間)."""
    return _months(periods, on, _NO_LIMIT, {InsuredKind.SECOND.value})


def average_remuneration(periods: Sequence[CoveragePeriod], on: dt.date) -> int:
    """Return the 平均標準報酬額: the 標準報酬月額 averaged over the 第2号 months."""
    weighted = months = 0
    for period in periods:
        n = employee_months([period], on)
        weighted, months = weighted + n * period.monthly_remuneration, months + n
    return round(weighted / months) if months else 0


def full_basic_pension(birth: dt.date) -> int:
    """Return the full 老齢基礎年金 (480 months) of a person's cohort, 円 a year."""
    return _FULL_BASIC[0] if birth >= _NEW_COHORT else _FULL_BASIC[1]


def old_age_basic_annual(birth: dt.date, months: int) -> int:
    """Return the 老齢基礎年金: the full amount × 納付済月数/480 (円未満四捨五入)."""
    return int(full_basic_pension(birth) * min(months, FULL_MONTHS) / FULL_MONTHS + 0.5)


def old_age_employees_annual(average: int, months: int) -> int:
    """Return the 老齢厚生年金 (報酬比例部分), simplified: 平均標準報酬額 × 5.481/1000 × months."""
    return int(average * _EMPLOYEES_RATE * months + 0.5)


def first_payable_month(birth: dt.date) -> dt.date:
    """Return the first month paid: the month after the 65歳到達日 (受給権 arises that day)."""
    reached = age_reached(birth, 65)
    return (reached.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def payment_amount(annual: int, months: int, payment_month: dt.date) -> int:
    """Return what a payment pays for `months` of the two months before it: each payment is
    annual × months/12 with the yen fraction dropped; February's full payment adds the year's
    dropped fractions (so six payments make the annual amount)."""
    amount = annual * months // 12
    if payment_month.month == 2 and months == 2:
        amount += annual - 6 * (annual // 6)
    return amount


@dataclass(frozen=True)
class SupportBenefit:
    """A 年金生活者支援給付金 decision before it is given its DTO."""

    kind: SupportBenefitKind
    monthly: int
    income_line: int
    reason: str


def support_benefit(
    *,
    birth: dt.date,
    month: dt.date,
    receives_basic: bool,
    household_exempt: bool,
    income: int,
    months: int,
) -> SupportBenefit:
    """Decide the 老齢年金生活者支援給付金 of a month: 65 or over, receiving the 老齢基礎年金,
    everyone in the household exempt from 市町村民税, and 公的年金等収入 + その他所得 at most the
    line (5,450円 × months/480), or up to 100,000円 above it (補足的: scaled down to 0 across
    the band)."""
    line = _INCOME_LINE[0] if birth >= _NEW_COHORT else _INCOME_LINE[1]
    none = SupportBenefitKind.NONE
    if first_payable_month(birth) > month.replace(day=1):
        return SupportBenefit(none, 0, line, "65歳未満")
    if not receives_basic:
        return SupportBenefit(none, 0, line, "老齢基礎年金を受給していない")
    if not household_exempt:
        return SupportBenefit(none, 0, line, "世帯に市町村民税の課税者がいる")
    base = _SUPPORT_BASE * min(months, FULL_MONTHS) / FULL_MONTHS
    if income <= line:
        return SupportBenefit(SupportBenefitKind.FULL, int(base + 0.5), line, "所得基準額以下")
    if income <= line + _SUPPLEMENTARY_BAND:
        scaled = base * (line + _SUPPLEMENTARY_BAND - income) / _SUPPLEMENTARY_BAND
        return SupportBenefit(
            SupportBenefitKind.SUPPLEMENTARY, int(scaled + 0.5), line, "補足的給付の範囲"
        )
    return SupportBenefit(none, 0, line, "所得が基準を超える")
