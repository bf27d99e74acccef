"""Personal names (氏名) with their readings (フリガナ), Japanese and foreign."""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from japanese_personal_name_dataset import load_dataset

from mynumber.kernel.japanese import normalize_kana
from mynumber.registry.data import PersonName, Sex
from mynumber.synth.sampling import Weighted, zipf_weights

__all__ = [
    "BE_VARIANT_RATES",
    "ORIGINS",
    "SAKI_VARIANT_RATE",
    "TAKA_VARIANT_RATE",
    "Name",
    "NameBook",
    "Origin",
    "checked",
    "is_foreign",
]

Name = tuple[str, str]  # (as registered, reading in katakana)
Surname = tuple[Name, tuple[tuple[float, Name], ...]]  # the name, its variants by cumulative rate
_FEMALE = Sex.FEMALE  # bound once: Enum class attribute access is slow on hot paths

# Registered variant kanji (異体字) kept by a share of families whose surname has the usual form.
TAKA_VARIANT_RATE = 0.03  # 高 → 髙 (はしご高)
SAKI_VARIANT_RATE = 0.02  # 崎 → 﨑 (たつさき)
BE_VARIANT_RATES = (("邊", 0.02), ("邉", 0.03))  # 辺 → 邊, 邉
_VARIANT_RATES = (
    ("高", "髙", TAKA_VARIANT_RATE),
    ("崎", "﨑", SAKI_VARIANT_RATE),
    *(("辺", variant, rate) for variant, rate in BE_VARIANT_RATES),
)

# Given-name readings are ranked by a seeded weighted shuffle, then weighted Zipf–Mandelbrot:
# the offset keeps the top reading near 2-3% of a cohort, as in birth-name rankings.
ZIPF_EXPONENT, ZIPF_OFFSET = 1.0, 10.0
SPELLINGS_KEPT, SPELLING_DECAY = 8, 0.55

# Fashions differ by birth year (…1954, 1955-74, 1975-94, 1995…): a reading's ranking weight is
# multiplied by the factor of the first ending it has, e.g. -子 names of older women.
_ERA_STARTS = (1955, 1975, 1995)
_ERAS = len(_ERA_STARTS) + 1
_ENDINGS: dict[Sex, tuple[tuple[str, tuple[float, ...]], ...]] = {
    Sex.FEMALE: (
        ("こ", (12, 6, 1, 0.15)), ("よ", (3, 1.5, 0.5, 0.2)), ("み", (2, 2, 1.2, 0.8)),
        ("え", (2, 1.5, 1, 0.5)), ("な", (0.5, 0.8, 1.5, 2.5)), ("か", (0.6, 1, 2, 2)),
    ),
    Sex.MALE: (
        ("ろう", (5, 2.5, 1, 0.8)), ("お", (5, 3, 1, 0.3)), ("し", (3, 3, 1.2, 0.5)),
        ("じ", (3, 2, 1, 0.5)), ("と", (0.5, 0.8, 1.5, 3)), ("た", (0.5, 0.8, 2, 2.5)),
        ("すけ", (0.8, 1, 2, 1.5)),
    ),
}  # fmt: skip


def checked(name: Name) -> Name:
    """Return a name as PersonName validates and stores it; raise if it is not valid.

    Every table entry passes through here once, so a PersonName assembled from entries is
    valid without validating it again: its four fields are checked one by one, never together.
    """
    probe = PersonName(family=name[0], given=name[0], family_kana=name[1], given_kana=name[1])
    return probe.family, probe.family_kana


class Origin(NamedTuple):
    """Names common among foreign residents (外国人住民) of one origin."""

    country: str
    families: tuple[Name, ...]
    men: tuple[Name, ...]
    women: tuple[Name, ...]


def _names(text: str) -> tuple[Name, ...]:
    """Return (registered, reading) pairs from 'kanji:reading' or bare katakana words."""
    result = []
    for word in text.replace("_", " ").split(","):
        registered, _, reading = word.partition(":")
        kana = checked((reading or registered, reading or registered))[1]  # katakana-only form
        result.append(checked((registered, kana)))
    return tuple(result)


# Chinese and Korean residents mostly register kanji with a katakana reading; the others
# register katakana, which also brings ヴ and small kana. Weights follow the 2020 shares.
ORIGINS: tuple[tuple[Origin, float], ...] = (
    (Origin(
        "CN",
        _names("王:ワン,李:リー,張:チャン,劉:リウ,陳:チェン,楊:ヤン,趙:ジャオ,黄:ホァン,周:ジョウ,呉:ウー"),
        _names("偉:ウェイ,磊:レイ,浩:ハオ,傑:ジエ,明:ミン,強:チャン,軍:ジュン,鵬:ポン"),
        _names("芳:ファン,静:ジン,麗:リー,敏:ミン,秀英:シウイン,燕:イェン,婷:ティン,娟:ジュエン"),
    ), 0.30),
    (Origin(
        "VN",
        _names("グエン,チャン,レ,ファム,ホアン,ヴー,ダン,ブイ,ドー,ヴォー"),
        _names("ヴァン_ナム,ヴァン_フン,ヴァン_トゥアン,ドゥック_アイン,ミン_ドゥック,クォック_フイ"),
        _names("ティ_フォン,ティ_ラン,ティ_フオン,ティ_トゥイ,ティ_ハー,ゴック_アイン,ティ_マイ"),
    ), 0.22),
    (Origin(
        "KR",
        _names("金:キム,李:イ,朴:パク,崔:チェ,鄭:チョン,姜:カン,趙:チョ,尹:ユン"),
        _names("民俊:ミンジュン,志勲:ジフン,成敏:ソンミン,英浩:ヨンホ,東賢:ドンヒョン,俊浩:ジュノ"),
        _names("智恩:ジウン,秀妍:スヨン,敏智:ミンジ,瑞妍:ソヨン,恵珍:ヘジン,美京:ミギョン"),
    ), 0.18),
    (Origin(
        "PH",
        _names("サントス,レイエス,クルス,ガルシア,メンドーサ,ラモス,アキノ,バウティスタ"),
        _names("ホセ,ジョン,マーク,ミゲル,ジェイソン,クリストファー"),
        _names("マリア,アンジェリカ,クリスティーナ,ジェニファー,メアリー_ジョイ,ジョヴィリン"),
    ), 0.16),
    (Origin(
        "BR",
        _names("シルヴァ,サントス,オリヴェイラ,ソウザ,ロドリゲス,フェヘイラ,アウヴェス,ペレイラ"),
        _names("ジョアン,ペドロ,ルーカス,マテウス,ガブリエル,ヴィトール"),
        _names("アナ,マリア,ジュリアナ,カミラ,ラリッサ,ヴィトリア"),
    ), 0.14),
)  # fmt: skip
# Both forms: Chinese and Korean residents may register the katakana reading alone.
_FOREIGN_FAMILIES = frozenset(
    form for origin, _ in ORIGINS for name in origin.families for form in (name, (name[1], name[1]))
)


def is_foreign(family: str, family_kana: str) -> bool:
    """Return whether this surname and reading come from the foreign-resident lists."""
    return (family, family_kana) in _FOREIGN_FAMILIES


class NameBook:
    """Draw surnames and era-appropriate given names; rankings are fixed by the seed."""

    def __init__(self, *, seed: int) -> None:
        self._surnames, spellings = _japanese()
        rng = random.Random(f"synth-names:{seed}")
        self._men, self._women = (
            [_era_ranking(rng, spellings[sex], sex, era) for era in range(_ERAS)]
            for sex in (Sex.MALE, Sex.FEMALE)
        )
        self.origins = Weighted([o for o, _ in ORIGINS], [w for _, w in ORIGINS])

    def surname(self, rng: random.Random) -> Name:
        """Return a surname weighted by its population, sometimes in a registered variant."""
        name, variants = self._surnames.pick(rng)
        if variants:
            draw = rng.random()
            for below, variant in variants:
                if draw < below:
                    return variant
        return name

    def given(self, rng: random.Random, sex: Sex, birth_year: int) -> Name:
        """Return a given name fashionable for this sex and birth year."""
        eras = self._women if sex is _FEMALE else self._men
        return eras[bisect(_ERA_STARTS, birth_year)].pick(rng).pick(rng)


@cache
def _japanese() -> tuple[Weighted[Surname], dict[Sex, dict[str, Weighted[Name]]]]:
    """Return surnames weighted by population, and each sex's readings with their spellings."""
    men, women, last = load_dataset("opti", include_last_names=True)
    surnames = Weighted(
        [_with_variants(checked((k, normalize_kana(e["reading"])))) for k, e in last.items()],
        [e["count"] for e in last.values()],
    )
    rank = _spelling_ranker()
    spellings = {
        sex: {reading: rank(reading, e["kanji"]) for reading, e in table.items() if e["kanji"]}
        for sex, table in ((Sex.MALE, men), (Sex.FEMALE, women))
    }
    return surnames, spellings


def _with_variants(name: Name) -> Surname:
    variants, below = [], 0.0
    for usual, variant, rate in _VARIANT_RATES:
        if usual in name[0]:
            below += rate
            variants.append((below, checked((name[0].replace(usual, variant), name[1]))))
    return name, tuple(variants)


def _spelling_ranker() -> Callable[[str, list[str]], Weighted[Name]]:
    """Return a function ranking a reading's kanji spellings, most usual first.

    The dataset lists spellings in dictionary order, not by use, so usualness is estimated: how
    often the first kanji starts names whose reading starts alike, and the last kanji ends
    names whose reading ends alike (だいすけ → 大介 and 大輔 before 大裕).
    """
    men, women = load_dataset("org")
    first: defaultdict[str, Counter[str]] = defaultdict(Counter)
    last: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for table in (men, women):
        for reading, entry in table.items():
            for kanji in entry["kanji"]:
                first[reading[:2]][kanji[0]] += 1
                last[reading[-2:]][kanji[-1]] += 1

    def chance(counts: Counter[str], char: str) -> float:
        return (counts[char] + 0.5) / (counts.total() + 50)

    def rank(reading: str, spellings: list[str]) -> Weighted[Name]:
        def score(kanji: str) -> float:
            start, end = chance(first[reading[:2]], kanji[0]), chance(last[reading[-2:]], kanji[-1])
            return math.log(start) + math.log(end) - 0.7 * max(0, len(kanji) - 2)

        best = sorted(spellings, key=score, reverse=True)[:SPELLINGS_KEPT]
        kana = normalize_kana(reading)
        names = [checked((kanji, kana)) for kanji in best]
        return Weighted(names, [SPELLING_DECAY**i for i in range(len(names))])

    return rank


def _era_ranking(
    rng: random.Random, readings: dict[str, Weighted[Name]], sex: Sex, era: int
) -> Weighted[Weighted[Name]]:
    def boost(reading: str) -> float:
        for ending, factors in _ENDINGS[sex]:
            if reading.endswith(ending):
                return factors[era]
        return 1.0

    # Weighted shuffle (Efraimidis–Spirakis): sort by u ** (1 / weight), largest first.
    keys = {reading: rng.random() ** (1.0 / boost(reading)) for reading in readings}
    ranked = sorted(readings, key=keys.__getitem__, reverse=True)
    weights = zipf_weights(len(ranked), exponent=ZIPF_EXPONENT, offset=ZIPF_OFFSET)
    return Weighted([readings[r] for r in ranked], weights)
