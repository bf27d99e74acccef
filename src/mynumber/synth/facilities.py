"""A synthetic but correctly numbered catalogue of facilities (医療機関・薬局・施術所).

Per prefecture, in proportion to its population: a few hospitals, many clinics, dental clinics
and pharmacies, and a few 施術所 and 訪問看護ステーション, each at an address from Japan Post's
postal-code data. Names are made up (「さくら内科クリニック」「みどり薬局 駅前店」).

医療機関コード: 都道府県 2 + 点数表 1 + 郡市区 2 + 医療機関番号 4 + 検証番号 1. The 点数表 digit is
1 医科 (hospitals, clinics), 3 歯科, 4 調剤 and 6 訪問看護 (the 訪問看護ステーションコード).
⚠ 施術所 (柔道整復・あはき) are numbered by a scheme that is not public, and the kernel's codec
admits only the 点数表 digits 1, 3, 4 and 6: they get 1 with a 郡市区 number of 90–99, a range
this catalogue keeps for them.
"""

from __future__ import annotations

import random

from mynumber.facility.data import Facility, FacilityKind
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.synth.addresses import Place, places_by_prefecture
from mynumber.synth.demography import PREFECTURES

__all__ = ["PRACTITIONER_DISTRICTS", "TABLES", "facility_catalogue"]

TABLES: dict[FacilityKind, str] = {
    FacilityKind.HOSPITAL: "1",
    FacilityKind.CLINIC: "1",
    FacilityKind.DENTAL: "3",
    FacilityKind.PHARMACY: "4",
    FacilityKind.PRACTITIONER: "1",  # ⚠ see the module docstring
    FacilityKind.HOME_NURSING: "6",
}
PRACTITIONER_DISTRICTS = range(90, 100)

# Facilities per million residents, and the least a prefecture has, by kind. The real country
# has ~8,000 hospitals, ~105,000 clinics, ~68,000 dental clinics and ~62,000 pharmacies; the
# catalogue keeps their order but not their numbers, so that a demo sets up in seconds.
_PER_MILLION: dict[FacilityKind, tuple[float, int]] = {
    FacilityKind.HOSPITAL: (0.5, 1),
    FacilityKind.CLINIC: (2.0, 3),
    FacilityKind.DENTAL: (1.2, 2),
    FacilityKind.PHARMACY: (1.5, 2),
    FacilityKind.PRACTITIONER: (0.3, 1),
    FacilityKind.HOME_NURSING: (0.3, 1),
}

_STEMS = (
    "さくら", "みどり", "ひまわり", "あおば", "わかば", "ひかり", "すずらん", "つばさ", "あおぞら",
    "こもれび", "たんぽぽ", "けやき", "かえで", "はなみずき", "なのはな", "ほほえみ", "しらかば",
    "あさひ", "すみれ", "やまびこ",
)  # fmt: skip
_SURNAMES = (
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
    "佐々木", "山口", "松本", "井上", "木村", "清水", "山崎", "森",
)  # fmt: skip
_DEPARTMENTS = (
    "内科", "小児科", "整形外科", "皮膚科", "眼科", "耳鼻咽喉科", "心療内科", "消化器内科",
    "循環器内科", "産婦人科", "泌尿器科", "外科",
)  # fmt: skip
_BRANCHES = ("駅前", "本町", "中央", "北口", "南口", "東口", "西口", "病院前")

# Name patterns by kind: {stem}, {surname}, {dept}, {branch}, {town}, {city}.
_PATTERNS: dict[FacilityKind, tuple[str, ...]] = {
    FacilityKind.HOSPITAL: (
        "{city}総合病院", "医療法人{stem}会 {stem}病院", "{surname}記念病院", "{stem}中央病院",
    ),
    FacilityKind.CLINIC: (
        "{stem}{dept}クリニック", "{surname}{dept}医院", "{town}{dept}クリニック",
        "{stem}ファミリークリニック",
    ),
    FacilityKind.DENTAL: ("{stem}歯科クリニック", "{surname}歯科医院", "{town}駅前歯科"),
    FacilityKind.PHARMACY: ("{stem}薬局 {branch}店", "{surname}薬局", "{stem}調剤薬局 {town}店"),
    FacilityKind.PRACTITIONER: (
        "{stem}整骨院", "{surname}接骨院", "{stem}鍼灸院", "{town}はり・きゅう治療院",
    ),
    FacilityKind.HOME_NURSING: ("訪問看護ステーション{stem}", "{stem}訪問看護ステーション"),
}  # fmt: skip


def facility_catalogue() -> list[Facility]:
    """Return the catalogue, the same every time, by prefecture then kind."""
    places = places_by_prefecture()
    result: list[Facility] = []
    for code, prefecture, population in PREFECTURES:
        pref = f"{code:02d}"
        rng = random.Random(f"facilities:{pref}")  # str seeds hash the same in every process
        serials: dict[str, int] = {}
        for kind, (per_million, least) in _PER_MILLION.items():
            for _ in range(max(least, round(per_million * population / 1000))):
                table = TABLES[kind]
                serial = serials[table + kind.value] = serials.get(table + kind.value, 0) + 1
                place = places[prefecture][int(rng.random() * len(places[prefecture]))]
                result.append(
                    Facility(
                        code=_code(pref, kind, serial),
                        kind=kind,
                        name=_name(rng, kind, place),
                        address=_address(rng, place),
                    )
                )
    return result


def _code(pref: str, kind: FacilityKind, serial: int) -> str:
    """Return the code of the serial-th facility of a kind: hospitals and clinics share 医科."""
    if kind is FacilityKind.PRACTITIONER:
        district = PRACTITIONER_DISTRICTS[serial % len(PRACTITIONER_DISTRICTS)]
    else:
        district = 10 + serial % 80
    # Hospitals take 医療機関番号 from 0001, clinics from 1001: both are 医科 (table 1).
    number = serial + (1000 if kind is FacilityKind.CLINIC else 0)
    base = f"{pref}{TABLES[kind]}{district:02d}{number:04d}"
    return CODECS[IdentifierKind.FACILITY_CODE].complete(base)


def _name(rng: random.Random, kind: FacilityKind, place: Place) -> str:
    patterns = _PATTERNS[kind]
    pattern = patterns[int(rng.random() * len(patterns))]
    return pattern.format(
        stem=_STEMS[int(rng.random() * len(_STEMS))],
        surname=_SURNAMES[int(rng.random() * len(_SURNAMES))],
        dept=_DEPARTMENTS[int(rng.random() * len(_DEPARTMENTS))],
        branch=_BRANCHES[int(rng.random() * len(_BRANCHES))],
        town=place.town,
        city=_short(place.municipality),
    )


def _short(municipality: str) -> str:
    """Return a municipality's name without 市/区/町/村 (千代田区 → 千代田), and its 郡 part."""
    # 郡 only stands before a town or village (西多摩郡瑞穂町), never in a city (大和郡山市).
    rural = "郡" in municipality[:-1] and municipality[-1] in "町村"
    name = municipality.rsplit("郡", 1)[-1] if rural else municipality
    name = name.rsplit("市", 1)[0] if "市" in name[:-1] else name  # 札幌市中央区 → 札幌
    return name[:-1] if len(name) > 2 and name[-1] in "市区町村" else name


def _address(rng: random.Random, place: Place) -> str:
    if place.has_chome:
        chome, ban, go = (1 + int(rng.random() * n) for n in (5, 30, 20))
        block = f"{chome}丁目{ban}番{go}号"
    else:
        block = f"{1 + int(rng.random() * 2000)}番地"
    return f"{place.prefecture}{place.municipality}{place.town}{block}"
