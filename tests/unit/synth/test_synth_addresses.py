"""Addresses from the postal-code data: coherent codes, prefectures and blocks."""

from __future__ import annotations

import random
import re

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.registry.data import Address
from mynumber.synth.addresses import places_by_prefecture, sample_address
from mynumber.synth.demography import PREFECTURES

_CODE_OF = {name: code for code, name, _ in PREFECTURES}
_BLOCK = re.compile(r"^\d+丁目\d+番\d+号$|^\d+番地(\d+)?$")


def test_every_prefecture_has_places() -> None:
    places = places_by_prefecture()
    assert set(places) == set(_CODE_OF)
    assert all(len(p) > 50 for p in places.values())


def test_places_are_clean_named_areas() -> None:
    for places in places_by_prefecture().values():
        for place in places:
            assert place.town
            assert not any(mark in place.town for mark in ("（", "以下に掲載がない場合", "、"))


def test_addresses_are_coherent() -> None:
    rng = random.Random(3)
    lg_codec = CODECS[IdentifierKind.LOCAL_GOVERNMENT_CODE]
    for prefecture, code in _CODE_OF.items():
        for size in (1, 2, 4):
            address = sample_address(rng, prefecture=prefecture, household_size=size)
            assert address.prefecture == prefecture
            assert address.local_government_code[:2] == f"{code:02d}"
            assert lg_codec.is_valid(address.local_government_code)
            assert re.fullmatch(r"\d{7}", address.postal_code)
            assert _BLOCK.match(address.block), address.block
            assert Address.model_validate(address.model_dump()) == address


def test_some_households_live_in_named_buildings() -> None:
    rng = random.Random(4)
    buildings = [
        sample_address(rng, prefecture="東京都", household_size=1).building for _ in range(300)
    ]
    rooms = [b for b in buildings if b]
    assert 0.5 < len(rooms) / len(buildings) < 0.9
    assert all(re.search(r" \d+号室$", b) for b in rooms)
