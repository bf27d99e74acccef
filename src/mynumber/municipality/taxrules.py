"""住民税 (individual inhabitant tax, 個人住民税) rules: income, deductions, 非課税, 所得割, 均等割.

The tax of fiscal year Y (年度, April to March) falls on the income of calendar year Y−1 and
on who lived in the municipality on 1 January of Y (賦課期日). Sources: 地方税法 (第24条の5,
第295条: 非課税; 第35条, 第314条の3: 税率; 第314条の2: 所得控除; 第314条の6: 調整控除),
所得税法 第28条 and 別表第五 (給与所得控除), 第35条 (公的年金等控除), 森林環境税及び森林環境
譲与税に関する法律. Amounts are yen. What is simplified is marked ⚠ (docs/reference-notes.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.kernel.ages import age_on

__all__ = [
    "BASIC_DEDUCTION",
    "Assessed",
    "PerCapitaLevy",
    "Supported",
    "TaxInputs",
    "assess",
    "basic_deduction",
    "dependant_deduction",
    "dependant_income_line",
    "pension_income",
    "per_capita_levy",
    "salary_income",
    "spouse_deduction",
]

BASIC_DEDUCTION = 430_000  # 基礎控除 (住民税), for a 合計所得 up to 24,000,000 ⚠ 2025 reform
_MINOR_LINE = 1_350_000  # 未成年者・障害者・寡婦・ひとり親: 非課税 up to this 合計所得
_NONTAX_BASE = 350_000  # 1級地 ⚠: 2級地 and 3級地 have lower lines (31.5万, 28万)
_NONTAX_ADD = 100_000
_PER_CAPITA_DEPENDANT_ADD = 210_000  # 均等割: added when there are dependants
_INCOME_LEVY_DEPENDANT_ADD = 320_000  # 所得割: added when there are dependants
_MUNICIPAL_RATE, _PREFECTURAL_RATE = 6, 4  # 所得割, percent of 課税所得 (標準税率)
_ADJUSTMENT_SPLIT = (3, 2)  # 調整控除 5%: 市町村 3%, 道府県 2%


def salary_income(revenue: int, *, income_year: int) -> int:
    """Return 給与所得 from 給与収入 (所得税法 第28条, 別表第五 for revenue under 6,600,000).

    E.g. 5,000,000 → 3,560,000: 5,000,000 ÷ 4 = 1,250,000 (thousands kept) × 4 × 80% − 440,000.
    The minimum deduction is 550,000 for income up to 2024 and 650,000 from 2025 (令和7年度
    税制改正: revenue up to 1,900,000) ⚠ applied to 住民税 from FY2026 as announced.
    """
    floor = 650_000 if income_year >= 2025 else 550_000
    if revenue <= 1_625_000 or (income_year >= 2025 and revenue <= 1_900_000):
        return max(0, revenue - floor)
    if revenue < 6_600_000:
        rounded = revenue // 4 // 1000 * 1000 * 4  # 別表第五 steps of 4,000
        if revenue <= 1_800_000:
            return rounded * 60 // 100 + 100_000
        if revenue <= 3_600_000:
            return rounded * 70 // 100 - 80_000
        return rounded * 80 // 100 - 440_000
    if revenue <= 8_500_000:
        return revenue * 90 // 100 - 1_100_000
    return revenue - 1_950_000


# 公的年金等控除 (所得税法 第35条, since 2020): (upper revenue, percent kept, minus), for a person
# whose other income is at most 10,000,000 ⚠ (the higher bands are not modelled).
_PENSION_BANDS = (
    (4_100_000, 75, 275_000),
    (7_700_000, 85, 685_000),
    (10_000_000, 95, 1_455_000),
)


def pension_income(revenue: int, *, aged_65: bool) -> int:
    """Return 公的年金等に係る雑所得 from 公的年金等収入.

    65 and over (on 31 December of the income year): 1,100,000 is deducted up to a revenue of
    3,300,000; under 65: 600,000 up to 1,300,000. Above, revenue × 75/85/95% minus a fixed
    amount, and revenue − 1,955,000 above 10,000,000. E.g. 65+, 2,000,000 → 900,000.
    """
    minimum, flat_until = (1_100_000, 3_300_000) if aged_65 else (600_000, 1_300_000)
    if revenue <= flat_until:
        return max(0, revenue - minimum)
    for upper, kept, minus in _PENSION_BANDS:
        if revenue <= upper:
            return revenue * kept // 100 - minus
    return revenue - 1_955_000


def _salary_pension_adjustment(salary: int, pension: int) -> int:
    """所得金額調整控除 for both 給与所得 and 年金所得 (租税特別措置法 第41条の3の3)."""
    if salary <= 0 or pension <= 0:
        return 0
    return max(0, min(salary, 100_000) + min(pension, 100_000) - 100_000)


def basic_deduction(total_income: int) -> int:
    """Return 基礎控除 for 住民税: 430,000, tapering to 0 above a 合計所得 of 24,000,000."""
    for upper, amount in ((24_000_000, 430_000), (24_500_000, 290_000), (25_000_000, 150_000)):
        if total_income <= upper:
            return amount
    return 0


def dependant_income_line(income_year: int) -> int:
    """Return the 合計所得 up to which a relative counts as a dependant (48万; 58万 from 2025 ⚠)."""
    return 580_000 if income_year >= 2025 else 480_000


def spouse_deduction(earner_income: int, *, spouse_aged_70: bool) -> int:
    """Return 配偶者控除 for 住民税 by the earner's 合計所得 (老人控除対象配偶者: 70+).

    配偶者特別控除 (a spouse earning a little more than the line) is not modelled ⚠.
    """
    for upper, general, aged in ((9_000_000, 330_000, 380_000), (9_500_000, 220_000, 260_000)):
        if earner_income <= upper:
            return aged if spouse_aged_70 else general
    if earner_income <= 10_000_000:
        return 130_000 if spouse_aged_70 else 110_000
    return 0


def dependant_deduction(age: int) -> int:
    """Return 扶養控除 for 住民税 by the dependant's age on 31 December of the income year.

    Under 16: none (年少扶養親族, counted only for 非課税); 19–22: 特定扶養 450,000; 70+: 老人扶養
    380,000 (同居老親等 450,000 not modelled ⚠); otherwise 330,000.
    """
    if age < 16:
        return 0
    if 19 <= age <= 22:
        return 450_000
    return 380_000 if age >= 70 else 330_000


def _personal_difference(supported: Supported) -> int:
    """人的控除差: 所得税 minus 住民税 personal deductions, for 調整控除 (top earner tier ⚠)."""
    difference = 50_000  # 基礎控除 480,000 − 430,000
    if supported.spouse_age is not None:
        difference += 100_000 if supported.spouse_age >= 70 else 50_000
    for age in supported.dependant_ages:
        if 19 <= age <= 22:
            difference += 180_000
        elif age >= 70:
            difference += 100_000
        elif age >= 16:
            difference += 50_000
    return difference


@dataclass(frozen=True)
class Supported:
    """Whom a taxpayer supports: a 同一生計配偶者 and 扶養親族, by age on 31 December."""

    spouse_age: int | None = None
    dependant_ages: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        """Return how many people the taxpayer supports (for the 非課税 lines)."""
        return (self.spouse_age is not None) + len(self.dependant_ages)


@dataclass(frozen=True)
class TaxInputs:
    """What the assessment of one person needs: incomes of the year, birth date, dependants."""

    birth_date: dt.date
    income_year: int
    salary_revenue: int = 0  # 給与収入 (給与支払報告書)
    pension_revenue: int = 0  # 公的年金等収入 (公的年金等支払報告書)
    other_income: int = 0  # その他の所得 (事業・不動産…), after expenses, as declared
    social_insurance: int = 0  # 社会保険料控除: premiums paid in the year
    supported: Supported = Supported()

    def total_income(self) -> tuple[int, int, int]:
        """Return (給与所得, 公的年金等に係る雑所得, 合計所得金額), after 所得金額調整控除."""
        salary = salary_income(self.salary_revenue, income_year=self.income_year)
        year_end = dt.date(self.income_year, 12, 31)
        pension = pension_income(
            self.pension_revenue, aged_65=age_on(self.birth_date, year_end) >= 65
        )
        salary -= _salary_pension_adjustment(salary, pension)
        return salary, pension, salary + pension + max(0, self.other_income)


@dataclass(frozen=True)
class PerCapitaLevy:
    """均等割 split by who levies it."""

    municipal: int
    prefectural: int
    forest: int  # 森林環境税 (国税, levied with the 均等割 from FY2024)

    @property
    def total(self) -> int:
        """Return the 均等割 as the notice shows it."""
        return self.municipal + self.prefectural + self.forest


def per_capita_levy(fiscal_year: int) -> PerCapitaLevy:
    """Return the standard 均等割 of a fiscal year: 5,000 either way.

    FY2024 on: 3,000 + 1,000 + 森林環境税 1,000. FY2014–2023: 3,500 + 1,500 (復興特別 +500 each).
    Before: 3,000 + 1,000. Prefectural 超過課税 (森林税 of many prefectures) not modelled ⚠.
    """
    if fiscal_year >= 2024:
        return PerCapitaLevy(3_000, 1_000, 1_000)
    if fiscal_year >= 2014:
        return PerCapitaLevy(3_500, 1_500, 0)
    return PerCapitaLevy(3_000, 1_000, 0)


@dataclass(frozen=True)
class Assessed:
    """One person's 住民税 of a fiscal year, with the figures it came from."""

    salary_income: int
    pension_income: int
    total_income: int  # 合計所得金額
    deductions: int  # 所得控除の合計
    taxable_income: int  # 課税所得 (課税総所得金額, thousands kept)
    municipal_income_levy: int  # 市町村民税所得割額 (what 保育料 is set from)
    prefectural_income_levy: int
    per_capita: PerCapitaLevy
    exempt: bool  # 非課税: neither 均等割 nor 所得割
    income_levy_exempt: bool  # 所得割 非課税 (may still owe the 均等割)

    @property
    def income_levy(self) -> int:
        """Return 所得割額 (市町村 + 道府県)."""
        return self.municipal_income_levy + self.prefectural_income_levy

    @property
    def per_capita_total(self) -> int:
        """Return 均等割額 as levied (0 when 非課税)."""
        return 0 if self.exempt else self.per_capita.total

    @property
    def total_levy(self) -> int:
        """Return the year's 住民税 (所得割 + 均等割 + 森林環境税)."""
        return self.income_levy + self.per_capita_total


def _deductions(inputs: TaxInputs, total_income: int) -> int:
    supported = inputs.supported
    spouse = 0
    if supported.spouse_age is not None:
        spouse = spouse_deduction(total_income, spouse_aged_70=supported.spouse_age >= 70)
    dependants = sum(dependant_deduction(age) for age in supported.dependant_ages)
    return basic_deduction(total_income) + max(0, inputs.social_insurance) + spouse + dependants


def _adjustment(supported: Supported, taxable: int, total_income: int) -> int:
    """調整控除 base (地方税法 第314条の6): the 5% applies to what this returns."""
    if total_income > 25_000_000:
        return 0
    difference = _personal_difference(supported)
    if taxable <= 2_000_000:
        return min(difference, taxable)
    return max(difference - (taxable - 2_000_000), 50_000)


def _levy(taxable: int, rate: int, adjustment_base: int, adjustment_rate: int) -> int:
    """所得割 of one levier: rate% of 課税所得 less its share of 調整控除, hundreds kept."""
    levy = taxable * rate // 100 - adjustment_base * adjustment_rate // 100
    return max(0, levy) // 100 * 100


def _exemptions(inputs: TaxInputs, total_income: int, fiscal_year: int) -> tuple[bool, bool]:
    """Return (非課税, 所得割非課税) under 地方税法 第295条 and 附則第3条の3 (1級地 ⚠)."""
    minor = age_on(inputs.birth_date, dt.date(fiscal_year, 1, 1)) < 18
    if minor and total_income <= _MINOR_LINE:
        return True, True
    count = inputs.supported.count
    per_capita_line = _NONTAX_BASE * (1 + count) + _NONTAX_ADD
    income_levy_line = per_capita_line
    if count:
        per_capita_line += _PER_CAPITA_DEPENDANT_ADD
        income_levy_line += _INCOME_LEVY_DEPENDANT_ADD
    exempt = total_income <= per_capita_line
    return exempt, exempt or total_income <= income_levy_line


def assess(inputs: TaxInputs, *, fiscal_year: int) -> Assessed:
    """Return the 住民税 of fiscal year `fiscal_year` on the incomes of `inputs.income_year`.

    Worked example (FY2025, single, salary 5,000,000, premiums 750,000): 給与所得 3,560,000;
    deductions 430,000 + 750,000; 課税所得 2,380,000; 調整控除 base 50,000; 市町村民税
    2,380,000 × 6% − 1,500 = 141,300; 道府県民税 95,200 − 1,000 = 94,200; 均等割 5,000.
    Tax credits other than 調整控除 (住宅借入金, 寄附金 …) are not modelled ⚠.
    """
    salary, pension, total = inputs.total_income()
    deductions = _deductions(inputs, total)
    taxable = max(0, total - deductions) // 1000 * 1000
    exempt, income_exempt = _exemptions(inputs, total, fiscal_year)
    municipal = prefectural = 0
    if not income_exempt:
        base = _adjustment(inputs.supported, taxable, total)
        municipal = _levy(taxable, _MUNICIPAL_RATE, base, _ADJUSTMENT_SPLIT[0])
        prefectural = _levy(taxable, _PREFECTURAL_RATE, base, _ADJUSTMENT_SPLIT[1])
    return Assessed(
        salary_income=salary,
        pension_income=pension,
        total_income=total,
        deductions=deductions,
        taxable_income=taxable,
        municipal_income_levy=municipal,
        prefectural_income_levy=prefectural,
        per_capita=per_capita_levy(fiscal_year),
        exempt=exempt,
        income_levy_exempt=income_exempt,
    )
