"""The legal table is well formed: codes, items that exist and belong to the provider's kind."""

from __future__ import annotations

import re

from mynumber.intermediate.data import AGENCY_ID_PATTERN, full_width
from mynumber.network.data import PROCEDURE_PATTERN, AgencyKind, agency_kind
from mynumber.network.table import ITEMS, PROCEDURES, TAX_ITEM


def test_every_item_code_is_tm_and_fourteen_digits() -> None:
    assert ITEMS
    for code, item in ITEMS.items():
        assert re.fullmatch(r"TM[0-9]{14}", code), code
        assert item.code == code
        assert item.name.endswith("関係情報")


def test_every_procedure_asks_for_existing_items_of_its_providers_kind() -> None:
    assert len(PROCEDURES) >= 18
    for code, procedure in PROCEDURES.items():
        assert re.fullmatch(PROCEDURE_PATTERN, code)
        assert procedure.items, code
        assert len(set(procedure.items)) == len(procedure.items)
        for item in procedure.items:
            assert item in ITEMS, (code, item)
            assert ITEMS[item].provider_kind is procedure.provider_kind, (code, item)
        assert procedure.legal_basis.startswith("番号法第19条第8号、主務省令第")


def test_the_flows_procedures_are_in_the_table() -> None:
    names = {p.name: p for p in PROCEDURES.values()}
    kouki = names["後期高齢者医療 一部負担金割合の判定"]
    assert kouki.requester_kind is AgencyKind.KOUKI
    assert kouki.provider_kind is AgencyKind.MUNICIPALITY
    assert TAX_ITEM in kouki.items
    assert names["保育料（利用者負担額）の決定"].requester_kind is AgencyKind.MUNICIPALITY
    assert names["年金生活者支援給付金の支給"].requester_kind is AgencyKind.PENSION
    assert any(p.undisclosed for p in PROCEDURES.values())
    assert not all(p.undisclosed for p in PROCEDURES.values())


def test_agency_ids_name_a_kind() -> None:
    for kind in AgencyKind:
        agency = f"{kind.value}:x1"
        assert re.fullmatch(AGENCY_ID_PATTERN, agency)
        assert agency_kind(agency) is kind
    assert not re.fullmatch(AGENCY_ID_PATTERN, "police:1")
    # A national body, the only one of its kind, is named by its kind alone.
    for alone in ("jlis", "eligibility"):
        assert re.fullmatch(AGENCY_ID_PATTERN, alone)
        assert agency_kind(alone).value == alone
    assert not re.fullmatch(AGENCY_ID_PATTERN, "police")


def test_codes_in_messages_are_written_full_width() -> None:
    assert full_width("TM00000000000002") == "ＴＭ" + "０" * 13 + "２"
