"""Pure rules of 介護保険: when a person becomes 第1号, certification periods, the 負担割合 and
the 負担限度額 stage, and who may see what (the 2025 working group's table).

⚠ marks this project's reading where the public sources stop.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from mynumber.care.data import InsuredCategory, Item, ProviderKind

__all__ = [
    "BurdenFigures",
    "Refusal",
    "birth_dates_reaching_65",
    "burden_period",
    "burden_ratio",
    "certification_period",
    "first_category_from",
    "gate_refusal",
    "item_refusal",
    "limit_stage",
]

_DAY = dt.timedelta(days=1)


def _birthday(birth: dt.date, years: int) -> dt.date:
    """Return the birthday `years` after birth (29 February → 1 March in a common year)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 3, 1)


def first_category_from(birth_date: dt.date) -> dt.date:
    """Return the day a person becomes 第1号被保険者: the day before the 65th birthday (age is
    reached then, 年齢計算ニ関スル法律; 資格取得日 is that day)."""
    return _birthday(birth_date, 65) - _DAY


def birth_dates_reaching_65(on: dt.date) -> list[dt.date]:
    """Return the birth dates of the people who become 第1号 on a day (those born on 29
    February reach it with those born on 1 March in a common year)."""
    birthday = on + _DAY
    candidates = []
    if calendar.isleap(birthday.year - 65) or (birthday.month, birthday.day) != (2, 29):
        candidates.append(dt.date(birthday.year - 65, birthday.month, birthday.day))
    if (birthday.month, birthday.day) == (3, 1) and calendar.isleap(birthday.year - 65):
        candidates.append(dt.date(birthday.year - 65, 2, 29))
    return [b for b in candidates if first_category_from(b) == on]


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def certification_period(
    applied_on: dt.date, *, renewal: bool, previous_end: dt.date | None
) -> tuple[dt.date, dt.date]:
    """Return 認定有効期間 (開始, 終了).

    新規: from the day of application to the end of the 6th month after it (the month of a
    mid-month application not counted); 更新: 12 months from the day after the previous end.
    ⚠ The 審査会 may shorten or lengthen both (3–12 months new, up to 48 renewed); the standard
    lengths are used.
    """
    if renewal and previous_end is not None:
        start = previous_end + _DAY
        return start, _month_end(start.year, start.month + 11)
    months = 5 if applied_on.day == 1 else 6
    return applied_on, _month_end(applied_on.year, applied_on.month + months)


def burden_period(on: dt.date) -> tuple[dt.date, dt.date, int]:
    """Return the 負担割合証's period holding a day (1 August – 31 July) and the fiscal year of
    the 住民税 assessment it rests on (FY Y: the income of Y−1, the 前年所得)."""
    year = on.year if on.month >= 8 else on.year - 1
    return dt.date(year, 8, 1), dt.date(year + 1, 7, 31), year


@dataclass(frozen=True)
class BurdenFigures:
    """The income figures the 負担割合 rests on, from the 住民税 assessment."""

    total_income: int  # 合計所得金額
    pension_revenue: int  # 公的年金等収入
    pension_income: int  # 公的年金等に係る雑所得
    exempt: bool  # 住民税非課税

    @property
    def pension_and_other(self) -> int:
        """年金収入＋その他の合計所得金額."""
        return self.pension_revenue + self.total_income - self.pension_income


def burden_ratio(
    category: InsuredCategory,
    figures: BurdenFigures,
    *,
    household: tuple[int, int] | None = None,
) -> tuple[int, str]:
    """Return (割, why): 第2号 and the 非課税 pay 1割; a 第1号 pays 3割 from 合計所得金額 220万円,
    2割 from 160万円, when 年金収入＋その他の合計所得金額 reaches 340万円 (3割) or 280万円 (2割)
    alone, or — with two or more 第1号 in the 世帯 — their sum reaches 463万円 or 346万円.

    `household` is (the 第1号 members counted, the sum of their 年金収入＋その他), the person
    included; None or one member: the person's own. ⚠ MHLW's leaflet as remembered (not in the
    reference notes): the 合計所得金額 is always the person's own; a member without a 副本
    counts as nothing.
    """
    if category is InsuredCategory.SECOND:
        return 1, "第2号被保険者"
    if figures.exempt:
        return 1, "住民税非課税"
    own = (1, figures.pension_and_other)
    members, other = household if household and household[0] >= 2 else own
    whose = f"世帯の第1号被保険者{members}人の" if members >= 2 else ""
    total = figures.total_income
    for ratio, income, single, several in ((3, 2_200_000, 3_400_000, 4_630_000),
                                           (2, 1_600_000, 2_800_000, 3_460_000)):  # fmt: skip
        line = several if members >= 2 else single
        if total >= income and other >= line:
            return ratio, (
                f"合計所得金額{income // 10_000}万円以上かつ{whose}"
                f"年金収入＋その他の合計所得金額{line // 10_000}万円以上"
            )
    return 1, "一定以上所得者に該当しない"


# (stage, ceiling of 年金収入＋その他, savings limit single, with spouse, 食費 日額) ⚠ 2024-08.
_Stage = tuple[str, int | None, int, int, int]
_STAGE_1: _Stage = ("1", None, 10_000_000, 20_000_000, 300)  # ⚠ 老齢福祉年金: no income test
_STAGES: tuple[_Stage, ...] = (
    ("2", 809_000, 6_500_000, 16_500_000, 390),
    ("3-1", 1_200_000, 5_500_000, 15_500_000, 650),
    ("3-2", None, 5_000_000, 15_000_000, 1_360),
)


def limit_stage(
    *,
    pension_and_other: int,
    household_exempt: bool,
    savings: int,
    spouse_savings: int,
    public_assistance: bool = False,
    welfare_pension: bool = False,
) -> tuple[str, int, str] | None:
    """Return (利用者負担段階, 食費の日額, why) for a 負担限度額認定, or None (非該当).

    第1段階: a 生活保護 recipient (no savings test), or a 老齢福祉年金 recipient in a household
    exempt from 住民税. Otherwise only households exempt from 住民税 qualify, each stage under
    its savings limit (the bankbook's copy shows it). ⚠ Both receipts are as the applicant
    declares them (受給証明); the 老齢福祉年金 case takes 1,000万円 (2,000万円 with a spouse).
    """
    if public_assistance:
        return "1", _STAGE_1[4], "生活保護受給者"
    if not household_exempt:
        return None
    for stage, ceiling, single, couple, food in (_STAGE_1,) if welfare_pension else _STAGES:
        if ceiling is None or pension_and_other <= ceiling:
            limit = couple if spouse_savings else single
            if savings + spouse_savings > limit:
                return None
            why = "老齢福祉年金受給者" if welfare_pension else f"年金収入等{pension_and_other:,}円"
            return stage, food, f"世帯非課税・{why}・預貯金等{limit:,}円以下"
    return None  # never: the last stage has no ceiling


@dataclass(frozen=True)
class Refusal:
    """Why a viewer may not see something: a code and the message in Japanese."""

    code: str
    message: str


NO_RELATIONSHIP = Refusal(
    "no_service_relationship", "この利用者との利用関係（サービス提供）がないため閲覧できません"
)
NO_IDENTITY = Refusal(
    "identity_not_confirmed", "マイナンバーカードによる本人確認が済んでいないため閲覧できません"
)
NOT_ASKED = Refusal(
    "opinion_not_requested", "主治医意見書の作成依頼を受けていない医療機関は閲覧できません"
)
NOT_FOR_MEDICAL = Refusal(
    "not_for_medical_institution",
    "負担割合証・負担限度額認定証は介護サービスを提供しない医療機関には提供されません",
)
NOT_CARE_MANAGER = Refusal(
    "not_care_manager",
    "認定調査票・主治医意見書はケアマネジャーと主治医の医療機関に限られます",
)
NO_CONSENT = Refusal("consent_absent", "本人の同意がないため閲覧できません")

_CONSENTED = {Item.CERTIFICATION_DOCS, Item.CARE_PLAN, Item.CLAIMS}


def gate_refusal(
    kind: ProviderKind, *, serving: bool, identity_checked: bool, opinion_asked: bool
) -> Refusal | None:
    """Return why a provider may see nothing of the person, or None.

    介護事業所 and ケアマネ: only while they serve the person (a current relationship: ⚠ the WG
    recognises it by continuing 介護レセプト; here the provider registers it) and once they have
    checked the person's card. A 医療機関: only if the insurer asked it for a 主治医意見書.
    """
    if kind is ProviderKind.MEDICAL:
        return None if opinion_asked else NOT_ASKED
    if not serving:
        return NO_RELATIONSHIP
    return None if identity_checked else NO_IDENTITY


def item_refusal(kind: ProviderKind, item: Item, *, consented: bool) -> Refusal | None:
    """Return why a provider past the gate may not see one item, or None.

    負担割合証 and 負担限度額認定証 never go to a medical institution (it gives no care service);
    the 認定調査票 and 主治医意見書 only to the care manager and the doctor's institution; the
    care plan, the claims and those documents only with the person's consent, and for a medical
    institution everything with it (⚠ the WG's grey cells, read as these).
    """
    medical = kind is ProviderKind.MEDICAL
    if medical and item in (Item.BURDEN, Item.LIMIT):
        return NOT_FOR_MEDICAL
    if kind is ProviderKind.CARE_SERVICE and item is Item.CERTIFICATION_DOCS:
        return NOT_CARE_MANAGER
    # The doctor's institution holds the 意見書 it wrote: the rest needs the person's consent.
    needs_consent = item is not Item.CERTIFICATION_DOCS if medical else item in _CONSENTED
    return NO_CONSENT if needs_consent and not consented else None
