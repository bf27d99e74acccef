"""The published exports: the registry's 本人確認情報 of every living resident, each insurer's
memberships with the five items and the number linked, each municipality's 宛名番号; each
export is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mynumber.app import System
from mynumber.insurers.models import ExportRow
from mynumber.municipality import link_export
from mynumber.registry import identity_export
from mynumber.registry.data import ChangeKind

from ..insurers.test_bulk import _enrolment
from ..insurers.test_enrol_and_verify import KYOKAI_TOKYO
from ..insurers.test_link_checks import START
from ..registry.helpers import person


def test_registered_identities_stream_every_living_resident_in_chunks(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(identity_export, "CHUNK", 1)  # every chunk boundary crossed
    made = [
        system.registry.register(
            new=person(given=given, given_kana=kana), kind=ChangeKind.MOVE_IN, on=START
        )
        for given, kana in (("一郎", "イチロウ"), ("二郎", "ジロウ"), ("三郎", "サブロウ"))
    ]
    system.registry.record_death(resident_code=made[2].resident_code, on=START + dt.timedelta(1))
    found = list(system.registry.registered_identities(actor="auditor"))
    codes = [f.resident_code for f in found]
    assert codes == sorted(r.resident_code for r in made[:2])  # the dead are not exported
    first = next(f for f in found if f.resident_code == made[0].resident_code)
    assert (first.my_number, first.household_id) == (made[0].my_number, made[0].household_code)
    assert (first.name, first.address) == (made[0].name.full, made[0].address.text)
    reads = system.registry.access_records(resident_code=made[0].resident_code)
    assert [r.payload["what"] for r in reads][-1] == "identity_export"
    assert reads[-1].payload["actor"] == "auditor"


def test_insurers_export_memberships_with_the_number_only_where_they_keep_it(
    profiled: System,
) -> None:
    profiled.insurers.add_insurer(insurer=KYOKAI_TOKYO)
    resident = profiled.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=START)
    membership = profiled.insurers.enrol(enrolment=_enrolment(resident, KYOKAI_TOKYO.number))
    (record,) = profiled.insurers.linked_records(actor="auditor")
    assert (record.agency, record.kind, record.record_id) == (
        f"insurer:{KYOKAI_TOKYO.number}", "membership", membership.membership_id,
    )  # fmt: skip
    kept = profiled.settings.policy.insurers_keep_my_number
    assert record.my_number == (resident.my_number if kept else None)
    assert (record.name, record.address) == (resident.name.full, resident.address.text)
    with profiled.database.connection() as conn:
        (export,) = conn.execute(select(ExportRow.actor, ExportRow.records)).all()
    assert tuple(export) == ("auditor", 1)


def test_municipalities_export_each_addressee_with_the_registers_number(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(link_export, "CHUNK", 1)
    made = [
        system.registry.register(
            new=person(given=given, given_kana=kana), kind=ChangeKind.MOVE_IN, on=START
        )
        for given, kana in (("一郎", "イチロウ"), ("二郎", "ジロウ"))
    ]
    code = made[0].address.local_government_code
    system.municipality.enrol_residents(municipality=code)
    found = list(system.municipality.linked_records(actor="auditor"))
    assert sorted(r.my_number or "" for r in found) == sorted(r.my_number for r in made)
    assert {(r.agency, r.kind) for r in found} == {(f"municipality:{code}", "addressee")}
    reads = system.municipality.access_records(
        municipality=code, resident_code=made[1].resident_code
    )
    assert [(r.payload["what"], r.payload["actor"]) for r in reads] == [("link_export", "auditor")]
