"""Flow 2: 保育料 of a family that moved in, from the former municipality over the network.

The family is assessed in 千代田区 (A), which registers its 副本; it moves to 札幌市中央区 (B),
whose 保育料 desk asks A (procedure J0002) for the parents' 市町村民税所得割額 instead of a paper
課税証明書. Same outcome under both policy profiles (no switch acts on this flow).
"""

from __future__ import annotations

import pytest

from mynumber.app import System
from mynumber.codes import CodesThroughJlis
from mynumber.intermediate.data import CodeApplicant, CodeLink
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import ConflictError
from mynumber.municipality.data import LOCAL_TAX_ITEM, RESIDENT_ITEM

from .helpers import FORMER, NEW, NOVEMBER, agency_id, assessed_family, move_family

A, B = agency_id(FORMER), agency_id(NEW)


def test_copies_are_registered_set_wise_with_their_codes(system: System) -> None:
    family = assessed_family(system, copies=False)
    run = system.municipality.register_copies(municipality=FORMER, fiscal_year=2026)
    assert (run.agency, run.people, run.codes_obtained) == (A, 5, 5)
    assert (run.registered, run.already_registered, run.refused) == (10, 0, 0)
    again = system.municipality.register_copies(municipality=FORMER, fiscal_year=2026)
    assert (again.codes_obtained, again.registered, again.already_registered) == (0, 0, 10)
    assert A in [a.agency_id for a in system.network.agencies()]
    head = system.municipality.addressee(
        municipality=FORMER, resident_code=family.head.resident_code, actor="test"
    )
    code = system.intermediate.code_for(agency=A, address_number=head.address_number)
    assert code is not None
    tax = system.intermediate.provide(agency=A, code=code, item_code=LOCAL_TAX_ITEM, on=NOVEMBER)
    assert tax is not None and tax.version == 2026
    assert tax.values["municipal_income_levy"] == 121_500
    today = today_in_japan(system.clock)
    resident = system.intermediate.provide(agency=A, code=code, item_code=RESIDENT_ITEM, on=today)
    assert resident is not None
    assert resident.values["household_code"] == family.head.household_code


def test_the_new_municipality_sets_the_fee_from_the_former_ones_copies(system: System) -> None:
    family = assessed_family(system)
    baby = family.children[2]  # class age 1: the fee depends on the parents' 所得割額
    at_a = system.municipality.nursery_fee(
        municipality=FORMER, resident_code=baby.resident_code, month=NOVEMBER, actor="test"
    )
    move_family(system, family)
    fee = system.municipality.nursery_fee_via_network(
        municipality=NEW,
        resident_code=baby.resident_code,
        month=NOVEMBER,
        actor="clerk",
        former=FORMER,
    )
    assert fee.municipality == NEW and fee.income_from == f"network:{A}"
    assert (fee.parents_income_levy, fee.exempt_household) == (121_500, False)
    assert (fee.tax_year, fee.band, fee.fee) == (at_a.tax_year, at_a.band, at_a.fee)
    assert fee.fee > 0
    # 情報提供等記録: at the network, at B (requester) and at A (provider), one per parent.
    for parent in (family.head, family.spouse):
        records = system.network.records_for(resident_code=parent.resident_code)
        assert [(r.requester, r.provider, r.procedure, r.refusal) for r in records] == [
            (B, A, "J0002", None)
        ]
        assert records[0].items == (LOCAL_TAX_ITEM,) and records[0].provided_at is not None
        for agency, code in _codes(system, parent.resident_code).items():
            kept = system.intermediate.exchange_records(agency=agency, code=code)
            assert [r.request_id for r in kept] == [records[0].request_id]
    usage = {(row.procedure, row.requester): row for row in system.network.usage().rows}
    assert (usage["J0002", B].provided, usage["J0002", B].refused) == (2, 0)


def test_a_former_municipality_without_codes_refuses(system: System) -> None:
    family = assessed_family(system, copies=False)
    system.network.connect(
        agency_id=A, name="千代田区", public_key=system.agency_keys.public_key(A)
    )
    move_family(system, family)
    with pytest.raises(ConflictError) as refused:
        _fee_via_network(system, family.children[2].resident_code)
    assert refused.value.code == "provider_code_missing"
    assert "符号が未取得です" in refused.value.reason
    records = system.network.records_for(resident_code=family.head.resident_code)
    assert [(r.requester, r.refusal) for r in records] == [(B, "provider_code_missing")]
    b_code = _codes(system, family.head.resident_code)[B]
    kept = system.intermediate.exchange_records(agency=B, code=b_code)
    assert [r.refusal for r in kept] == ["provider_code_missing"]


def test_a_former_municipality_without_copies_provides_nothing(system: System) -> None:
    family = assessed_family(system, copies=False)
    system.network.connect(
        agency_id=A, name="千代田区", public_key=system.agency_keys.public_key(A)
    )
    parents = [
        system.municipality.addressee(municipality=FORMER, resident_code=p.resident_code, actor="t")
        for p in (family.head, family.spouse)
    ]
    applicants = [
        CodeApplicant(
            address_number=p.address_number, my_number=p.my_number, resident_code=p.resident_code
        )
        for p in parents
    ]
    codes = CodesThroughJlis(system.registry).acquire_codes(agency=A, people=applicants)
    pairs = zip(parents, codes, strict=True)
    links = [CodeLink(address_number=p.address_number, code=c) for p, c in pairs]
    assert system.intermediate.link_codes(agency=A, links=links) == 2
    move_family(system, family)
    with pytest.raises(ConflictError) as refused:
        _fee_via_network(system, family.children[2].resident_code)
    assert refused.value.code == "no_copy"
    records = system.network.records_for(resident_code=family.head.resident_code)
    assert [(r.provider, r.refusal, r.provided_at is not None) for r in records] == [
        (A, None, True)
    ]
    kept = system.intermediate.exchange_records(agency=A, code=codes[0])
    assert [r.requester for r in kept] == [B]


def _fee_via_network(system: System, resident_code: str) -> object:
    return system.municipality.nursery_fee_via_network(
        municipality=NEW, resident_code=resident_code, month=NOVEMBER, actor="c", former=FORMER
    )


def _codes(system: System, resident_code: str) -> dict[str, str]:
    """Return the 符号 of a person kept at A and B, by agency."""
    found = {}
    for code, agency in ((FORMER, A), (NEW, B)):
        person = system.municipality.addressee(
            municipality=code, resident_code=resident_code, actor="test"
        )
        kept = system.intermediate.code_for(agency=agency, address_number=person.address_number)
        if kept is not None:
            found[agency] = kept
    return found
