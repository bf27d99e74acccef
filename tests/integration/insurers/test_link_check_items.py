"""The link check compares the five items the 2023 総点検 used (漢字氏名 with variants folded,
カナ, 生年月日, 性別, 住所); a name or address the form does not carry is not compared."""

from __future__ import annotations

import pytest

from mynumber.app import System
from mynumber.kernel.errors import ConflictError
from mynumber.registry.data import ChangeKind, ClaimedIdentity, Resident

from ..registry.helpers import person
from .test_enrol_and_verify import KYOKAI_TOKYO
from .test_link_checks import START, _form, _setup, _stored


def _check(system: System, resident: Resident, **claimed: object) -> tuple[str, ...]:
    claim = ClaimedIdentity(
        my_number=resident.my_number, name_kana=resident.name.full_kana,
        birth_date=resident.birth_date, sex=int(resident.sex),
    ).model_copy(update=claimed)  # fmt: skip
    (found,) = system.registry.check_identities(claims=[claim], actor="t")
    return tuple(item.value for item in found)


def test_kanji_variants_and_address_spacing_are_not_mismatches(system: System) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=START)  # 髙橋
    text = resident.address.text
    assert _check(system, resident, name="高橋 太郎") == ()
    assert _check(system, resident, name="髙橋　太郎", address=" ".join(text)) == ()
    assert _check(system, resident, address=text, postal_code=resident.address.postal_code) == ()
    assert _check(system, resident, name=None, address=None) == ()  # not on the form


def test_each_of_name_and_address_is_named_when_it_differs(system: System) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=START)
    assert _check(system, resident, name="高橋 次郎") == ("name",)
    assert _check(system, resident, address="大阪府大阪市北区梅田1丁目1番1号") == ("address",)
    assert _check(system, resident, address=resident.address.text, postal_code="5300001") == (
        "address",
    )
    assert _check(system, resident, name="渡辺 花子", sex=2, address="大阪府") == (
        "name", "sex", "address",
    )  # fmt: skip


def test_an_enrolment_at_another_address_is_held_only_where_links_are_checked(
    profiled: System,
) -> None:
    resident = _setup(profiled)
    elsewhere = _form(resident, address="北海道札幌市中央区北1条西2丁目", postal_code="0600001")
    if not profiled.settings.policy.links_checked_before_acceptance:
        profiled.insurers.enrol(enrolment=elsewhere)
        assert _stored(profiled) == 1
        return
    with pytest.raises(ConflictError, match="address") as refused:
        profiled.insurers.enrol(enrolment=elsewhere)
    assert refused.value.code == "link_mismatch"
    (held,) = profiled.insurers.held_links(insurer_number=KYOKAI_TOKYO.number)
    assert held.mismatched == ("address",)
    assert _stored(profiled) == 0
    renamed = _form(resident, name="高橋 太郎")  # the register's 髙 written 高: accepted
    assert profiled.insurers.enrol(enrolment=renamed).member.name == "高橋 太郎"
