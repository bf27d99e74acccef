"""Japan-like demography: age pyramid, prefectures and who lives with whom (世帯構成)."""

from __future__ import annotations

import math
import random
from enum import StrEnum
from typing import NamedTuple

from mynumber.registry.data import Relationship, Sex
from mynumber.synth.sampling import Weighted

__all__ = [
    "AGE_PYRAMID",
    "HOUSEHOLD_MIX",
    "PREFECTURES",
    "Demography",
    "HouseholdKind",
    "Member",
]

# Population by 5-year age band in thousands, 2020 census (令和2年国勢調査), rounded; last is 100+.
AGE_PYRAMID: tuple[tuple[int, int], ...] = (
    (0, 4541), (5, 4987), (10, 5300), (15, 5619), (20, 5911), (25, 6027), (30, 6641),
    (35, 7468), (40, 8360), (45, 9577), (50, 8654), (55, 7909), (60, 7391), (65, 8215),
    (70, 9127), (75, 7040), (80, 5313), (85, 3821), (90, 1843), (95, 566), (100, 80),
)  # fmt: skip

# (JIS X 0401 code, name, population in thousands), 2020 census, rounded.
PREFECTURES: tuple[tuple[int, str, int], ...] = (
    (1, "北海道", 5225), (2, "青森県", 1238), (3, "岩手県", 1211), (4, "宮城県", 2302),
    (5, "秋田県", 960), (6, "山形県", 1068), (7, "福島県", 1833), (8, "茨城県", 2867),
    (9, "栃木県", 1933), (10, "群馬県", 1939), (11, "埼玉県", 7345), (12, "千葉県", 6284),
    (13, "東京都", 14048), (14, "神奈川県", 9237), (15, "新潟県", 2201), (16, "富山県", 1035),
    (17, "石川県", 1133), (18, "福井県", 767), (19, "山梨県", 810), (20, "長野県", 2048),
    (21, "岐阜県", 1979), (22, "静岡県", 3633), (23, "愛知県", 7542), (24, "三重県", 1770),
    (25, "滋賀県", 1414), (26, "京都府", 2578), (27, "大阪府", 8838), (28, "兵庫県", 5465),
    (29, "奈良県", 1324), (30, "和歌山県", 923), (31, "鳥取県", 553), (32, "島根県", 671),
    (33, "岡山県", 1888), (34, "広島県", 2800), (35, "山口県", 1342), (36, "徳島県", 720),
    (37, "香川県", 950), (38, "愛媛県", 1335), (39, "高知県", 692), (40, "福岡県", 5135),
    (41, "佐賀県", 811), (42, "長崎県", 1312), (43, "熊本県", 1738), (44, "大分県", 1124),
    (45, "宮崎県", 1070), (46, "鹿児島県", 1588), (47, "沖縄県", 1467),
)  # fmt: skip


class HouseholdKind(StrEnum):
    """Household type (世帯の家族類型), as the census groups them."""

    SINGLE = "single"  # 単独世帯
    COUPLE = "couple"  # 夫婦のみ
    COUPLE_WITH_CHILDREN = "couple_with_children"  # 夫婦と子
    SINGLE_PARENT = "single_parent"  # ひとり親と子
    EXTENDED = "extended"  # 三世代・その他の親族世帯


HOUSEHOLD_MIX: dict[HouseholdKind, float] = {
    HouseholdKind.SINGLE: 0.38,
    HouseholdKind.COUPLE: 0.20,
    HouseholdKind.COUPLE_WITH_CHILDREN: 0.25,
    HouseholdKind.SINGLE_PARENT: 0.09,
    HouseholdKind.EXTENDED: 0.08,
}

# Relative chance, in tenths, that someone of each band heads each kind of household (世帯主率
# shape), multiplied by AGE_PYRAMID; tuned so the generated ages follow the pyramid. "middle"
# and "elder" head three-generation households from the middle and the oldest generation.
_HEADSHIP: dict[str, tuple[int, ...]] = {
    #                       15  20  25  30  35  40  45  50  55  60  65  70  75  80  85  90  95 100
    "single":               (4, 17, 19, 13, 10,  9,  9, 10, 14, 15, 15, 17, 20, 24, 32, 38, 45, 45),
    "couple":               (0,  2,  6,  5,  3,  3,  3,  5, 12, 18, 26, 30, 28, 24, 18, 12,  5,  1),
    "couple_with_children": (0,  1,  5, 13, 20, 24, 26, 22, 19, 14,  7,  5,  3,  2,  1,  0,  0,  0),
    "single_parent":        (0,  1,  4,  8, 11, 13, 14, 13, 11,  9,  8,  8,  9,  9,  7,  4,  1,  0),
    "middle":               (0,  0,  1,  6, 12, 16, 18, 15, 10,  4,  0,  0,  0,  0,  0,  0,  0,  0),
    "elder":                (0,  0,  0,  0,  0,  0,  0,  0,  0,  6, 12, 15, 15, 12, 12,  6,  2,  0),
    "foreign":              (3, 30, 30, 22, 16, 12, 10,  8,  6,  4,  3,  2,  1,  1,  0,  0,  0,  0),
}  # fmt: skip
_HEAD_BANDS = tuple(start for start, _ in AGE_PYRAMID if start >= 15)
_FOREIGN_MIX = {
    HouseholdKind.SINGLE: 0.6,
    HouseholdKind.COUPLE: 0.15,
    HouseholdKind.COUPLE_WITH_CHILDREN: 0.25,
}
_MAX_AGE = 104

HEAD_IS_HUSBAND = 0.92  # share of couples registered with the husband as 世帯主
TAKES_HUSBANDS_SURNAME = 0.95  # couples share one surname (民法750条); usually the husband's
SPOUSE_GAP_MEAN, SPOUSE_GAP_SD = 2.0, 2.5  # husband's age minus wife's, in years
MOTHER_AGE_AT_FIRST_BIRTH, MOTHER_AGE_SD = 29.5, 4.0
MALE_AT_BIRTH = 0.512
_CHILD_COUNTS = Weighted((1, 2, 3, 4), (0.42, 0.42, 0.14, 0.02))
_SINGLE_PARENT_CHILDREN = Weighted((1, 2, 3), (0.60, 0.32, 0.08))
_GRANDCHILDREN = Weighted((0, 1, 2, 3), (0.2, 0.35, 0.35, 0.1))
# Chance that a child of this age or more still lives with the parents (未婚の子の同居).
_STAYS_HOME = ((45, 0.15), (35, 0.3), (25, 0.45), (18, 0.75))


def _normal(mean: float, sd: float, low: int, high: int) -> Weighted[int]:
    """Return whole numbers low..high weighted like a normal distribution (cheaper than gauss)."""
    values = range(low, high + 1)
    return Weighted(values, [math.exp(-(((v - mean) / sd) ** 2) / 2) for v in values])


_SPOUSE_GAPS = _normal(SPOUSE_GAP_MEAN, SPOUSE_GAP_SD, -5, 9)
_FIRST_BIRTH_AGES = _normal(MOTHER_AGE_AT_FIRST_BIRTH, MOTHER_AGE_SD, 20, 42)
_SIBLING_GAPS = _normal(0, 5, -12, 12)

# Enum members bound once: reading one off its Enum class costs ~0.25 µs in Python 3.11, and
# composing a million people reads them millions of times.
_HEAD, _SPOUSE, _CHILD = Relationship.HEAD, Relationship.SPOUSE, Relationship.CHILD
_MALE, _FEMALE = Sex.MALE, Sex.FEMALE
_SINGLE, _COUPLE = HouseholdKind.SINGLE, HouseholdKind.COUPLE
_SINGLE_PARENT, _EXTENDED = HouseholdKind.SINGLE_PARENT, HouseholdKind.EXTENDED


class Member(NamedTuple):
    """One person of a household before naming: role, sex, age and surname line."""

    relationship: Relationship
    sex: Sex
    age: int
    own_surname: bool  # False: a second family line, such as a married daughter's


class Demography:
    """Draw prefectures, household kinds and coherent household members."""

    def __init__(self) -> None:
        self.prefectures = Weighted([n for _, n, _ in PREFECTURES], [p for *_, p in PREFECTURES])
        self.kinds = Weighted(list(HOUSEHOLD_MIX), list(HOUSEHOLD_MIX.values()))
        self.foreign_kinds = Weighted(list(_FOREIGN_MIX), list(_FOREIGN_MIX.values()))
        people = dict(AGE_PYRAMID)
        self._heads = {
            role: Weighted(
                _HEAD_BANDS, [people[b] * r for b, r in zip(_HEAD_BANDS, rates, strict=True)]
            )
            for role, rates in _HEADSHIP.items()
        }

    def compose(self, rng: random.Random, kind: HouseholdKind, *, foreign: bool) -> list[Member]:
        """Return the members of a household of this kind, head first."""
        if kind is _SINGLE:
            age = self._head_age(rng, "foreign" if foreign else "single")
            # Young people living alone are mostly men, old ones mostly widowed women.
            female = rng.random() < (0.4 if age < 60 else 0.68)
            return [Member(_HEAD, _FEMALE if female else _MALE, age, True)]
        if kind is _SINGLE_PARENT:
            return self._single_parent(rng)
        if kind is _EXTENDED:
            return self._extended(rng)
        role = "foreign" if foreign else "couple" if kind is _COUPLE else "couple_with_children"
        husband, wife = _couple(rng, self._head_age(rng, role))
        # Foreign couples are registered with the husband as head; others vary.
        members = _pair(rng, husband, wife, head_is_husband=foreign or None)
        if kind is not _COUPLE:
            members += _children(rng, wife, _CHILD_COUNTS.pick(rng), _CHILD, True)
        return members

    def _head_age(self, rng: random.Random, role: str) -> int:
        band = self._heads[role].pick(rng)
        return max(18, band + int(rng.random() * 5))

    def _single_parent(self, rng: random.Random) -> list[Member]:
        age = self._head_age(rng, "single_parent")
        mother = rng.random() < 0.85
        mother_age = age if mother else max(20, age - 2)
        head = Member(_HEAD, _FEMALE if mother else _MALE, age, True)
        count = _SINGLE_PARENT_CHILDREN.pick(rng)
        return [head, *_children(rng, mother_age, count, _CHILD, True)]

    def _extended(self, rng: random.Random) -> list[Member]:
        draw = rng.random()
        if draw < 0.45:  # middle generation heads, with children and their own parents
            husband, wife = _couple(rng, self._head_age(rng, "middle"))
            members = _pair(rng, husband, wife, head_is_husband=True)
            members += _children(rng, wife, _GRANDCHILDREN.pick(rng), _CHILD, True)
            return members + _parents(rng, husband, wife)
        if draw < 0.85:  # the oldest generation heads, a married child lives with them
            return self._elder_headed(rng)
        age = self._head_age(rng, "single")
        members = [Member(_HEAD, _sex(rng), age, True)]
        for _ in range(1 + (rng.random() < 0.3)):  # unmarried brothers and sisters
            sibling_age = min(_MAX_AGE, max(18, age + _SIBLING_GAPS.pick(rng)))
            members.append(Member(Relationship.SIBLING, _sex(rng), sibling_age, True))
        return members

    def _elder_headed(self, rng: random.Random) -> list[Member]:
        elder_husband, elder_wife = _couple(rng, self._head_age(rng, "elder"))
        if rng.random() < 0.75:
            members = _pair(rng, elder_husband, elder_wife, head_is_husband=True)
        else:  # widowed: more often the mother survives
            widow = rng.random() < 0.75
            age, sex = (elder_wife, _FEMALE) if widow else (elder_husband, _MALE)
            members = [Member(_HEAD, sex, age, True)]
        child = elder_wife - min(_FIRST_BIRTH_AGES.pick(rng), elder_wife - 22)
        son = rng.random() < 0.7  # the eldest son traditionally stays (長男同居)
        if son:
            husband, wife = _couple(rng, child)
        else:
            husband, wife = min(_MAX_AGE, child + _SPOUSE_GAPS.pick(rng)), child
        keeps_name = rng.random() < TAKES_HUSBANDS_SURNAME
        line = keeps_name if son else not keeps_name
        child_sex, in_law_sex = (_MALE, _FEMALE) if son else (_FEMALE, _MALE)
        members.append(Member(_CHILD, child_sex, child, line))
        members.append(
            Member(Relationship.CHILD_IN_LAW, in_law_sex, wife if son else husband, line)
        )
        count = _GRANDCHILDREN.pick(rng)
        return members + _children(rng, wife, count, Relationship.GRANDCHILD, line)


def _couple(rng: random.Random, husband: int) -> tuple[int, int]:
    """Return the ages of a husband and his wife, usually a little younger."""
    husband = min(_MAX_AGE, husband)
    return husband, min(_MAX_AGE, max(20, husband - _SPOUSE_GAPS.pick(rng)))


def _pair(
    rng: random.Random, husband: int, wife: int, *, head_is_husband: bool | None
) -> list[Member]:
    if head_is_husband is None:
        head_is_husband = rng.random() < HEAD_IS_HUSBAND
    if head_is_husband:
        return [Member(_HEAD, _MALE, husband, True), Member(_SPOUSE, _FEMALE, wife, True)]
    return [Member(_HEAD, _FEMALE, wife, True), Member(_SPOUSE, _MALE, husband, True)]


def _children(
    rng: random.Random, mother: int, count: int, relationship: Relationship, line: bool
) -> list[Member]:
    """Return children born when the mother was 20-45; adults may have left home."""
    at_birth: float = min(_FIRST_BIRTH_AGES.pick(rng), mother)
    born: list[Member] = []
    while len(born) < count and at_birth <= 45 and mother >= at_birth:
        born.append(Member(relationship, _sex(rng), mother - int(at_birth), line))
        at_birth += 1 + rng.random() * 4  # siblings one to five years apart
    staying = [c for c in born if c.age < 18 or rng.random() < _stay_chance(c.age)]
    # A household of this kind has at least one child: keep the youngest if all have left.
    return staying or born[-1:]


def _parents(rng: random.Random, husband: int, wife: int) -> list[Member]:
    his_side = rng.random() < 0.75
    took_his_name = rng.random() < TAKES_HUSBANDS_SURNAME
    line = took_his_name if his_side else not took_his_name
    mother = (husband if his_side else wife) + _FIRST_BIRTH_AGES.pick(rng)
    father = mother + _SPOUSE_GAPS.pick(rng)
    draw = rng.random()
    present = [(_FEMALE, mother)] if draw < 0.35 else [(_MALE, father)]
    if draw >= 0.5:
        present.append((_FEMALE, mother))
    return [Member(Relationship.PARENT, sex, age, line) for sex, age in present if age <= _MAX_AGE]


def _stay_chance(age: int) -> float:
    for threshold, chance in _STAYS_HOME:
        if age >= threshold:
            return chance
    return 1.0


def _sex(rng: random.Random) -> Sex:
    return _MALE if rng.random() < MALE_AT_BIRTH else _FEMALE
