"""自己情報提供 on both backends: the portal's own 符号, the provider's 副本, refusals, records."""

from __future__ import annotations

import secrets

import pytest

from mynumber.app import System
from mynumber.network.data import ExchangeRequest, Refusal, sign
from mynumber.network.table import TAX_ITEM

from .helpers import (
    CITY,
    KOUKI,
    PENSION,
    TAX_VALUES,
    Person,
    connect_agencies,
    people,
    register_tax,
)

PORTAL = "portal"


@pytest.fixture
def population(system: System) -> list[Person]:
    """The test agencies, and residents with 符号 at the city, the 広域連合 and the portal."""
    connect_agencies(system)
    made = people(system, count=3)
    for person in made:
        issued = system.network.issue_code(
            agency=PORTAL,
            acquisition_number=secrets.token_urlsafe(12),
            resident_code=person.resident_code,
        )
        system.intermediate.link_code(
            agency=PORTAL, address_number=person.resident_code, code=issued.code
        )
        person.codes[PORTAL] = issued.code
    return made


def own_request(
    system: System,
    person: Person,
    *,
    requester: str = PORTAL,
    procedure: str = "JTK01",
    items: tuple[str, ...] = (TAX_ITEM,),
    provider: str = CITY,
    request_id: str | None = None,
    code: str | None = None,
) -> ExchangeRequest:
    """The portal's 自己情報提供 request for the person's tax 副本, signed with its key."""
    unsigned = ExchangeRequest(
        requester=requester,
        code=code or person.codes[requester],
        procedure=procedure,
        items=items,
        provider=provider,
        request_id=request_id or secrets.token_hex(8),
        requested_at=system.clock.now(),
    )
    return sign(unsigned, system.agency_keys.private_key(requester))


def test_the_portal_gets_the_persons_own_copy_recorded_in_three_places(
    system: System, population: list[Person]
) -> None:
    person = population[0]
    register_tax(system, person)
    answer = system.network.self_information(request=own_request(system, person))
    assert (answer.status, answer.refusal) == ("09", None)
    [item] = answer.items
    assert (item.item_code, item.status, item.values) == (TAX_ITEM, "01", TAX_VALUES)
    assert answer.provided(TAX_ITEM) == TAX_VALUES
    [at_network] = system.network.records_for(resident_code=person.resident_code)
    assert (at_network.requester, at_network.provider) == (PORTAL, CITY)
    assert (at_network.procedure, at_network.procedure_name) == ("JTK01", "自己情報提供")
    assert at_network.provider_name == "千代田区" and not at_network.undisclosed
    assert at_network.provided_at == system.clock.now()
    at_city = system.intermediate.exchange_records(agency=CITY, code=person.codes[CITY])
    at_portal = system.intermediate.exchange_records(agency=PORTAL, code=person.codes[PORTAL])
    for kept in (at_city, at_portal):
        assert [(r.procedure, r.refusal) for r in kept] == [("JTK01", None)]
    assert system.network.verify_records(resident_code=person.resident_code) == []
    [row] = [r for r in system.network.usage().rows if r.procedure == "JTK01"]
    assert (row.procedure_name, row.requester, row.provided) == ("自己情報提供", PORTAL, 1)


def test_a_person_without_a_copy_gets_02(system: System, population: list[Person]) -> None:
    answer = system.network.self_information(request=own_request(system, population[1]))
    assert answer.status == "09"
    assert [(i.status, i.message) for i in answer.items] == [("02", "提供できる副本がありません。")]


def _refusals(system: System, person: Person, other: Person) -> dict[Refusal, ExchangeRequest]:
    """One request per refusal, in the order the network checks."""
    good = own_request(system, person)
    return {
        Refusal.AGENCY_UNKNOWN: own_request(system, person, provider="municipality:011002"),
        Refusal.REQUEST_ALTERED: good.model_copy(update={"items": ("TM00000000000002",)}),
        Refusal.PROCEDURE_UNKNOWN: own_request(system, person, procedure="J0001"),
        Refusal.PROCEDURE_NOT_FOR_AGENCY: own_request(system, person, requester=KOUKI),
        Refusal.ITEM_NOT_PERMITTED: own_request(system, person, items=("TM00000000000101",)),
        Refusal.CODE_UNKNOWN: own_request(system, person, code=person.codes[CITY]),
        Refusal.PROVIDER_CODE_MISSING: own_request(
            system, other, items=("TM00000000000101",), provider=PENSION
        ),
    }


MESSAGES = {
    Refusal.AGENCY_UNKNOWN: "指定された提供者の機関コード"
    "「ｍｕｎｉｃｉｐａｌｉｔｙ：０１１００２」は登録されていません。",
    Refusal.PROCEDURE_UNKNOWN: "指定された事務「Ｊ０００１」は自己情報提供ではありません。",
    Refusal.PROCEDURE_NOT_FOR_AGENCY: "指定された事務「ＪＴＫ０１」の照会は照会者と提供者の組合せに"
    "許可されていません。",
    Refusal.ITEM_NOT_PERMITTED: "指定された特定個人情報名"
    "「ＴＭ０００００００００００１０１」の照会は許可されていません。",
    Refusal.CODE_UNKNOWN: "指定された符号は照会者に発行されていません。",
    Refusal.PROVIDER_CODE_MISSING: "情報提供者「日本年金機構」は符号が未取得です。",
    Refusal.REQUEST_REPLAYED: "照会依頼番号「ｏｗｎ－１」は既に受け付けています。",
}


def test_every_refusal_provides_nothing_and_is_recorded(
    system: System, population: list[Person]
) -> None:
    person, other = population[0], population[1]
    register_tax(system, person)
    for refusal, sent in _refusals(system, person, other).items():
        answer = system.network.self_information(request=sent)
        assert (answer.status, answer.refusal) == ("99", refusal), refusal
        if refusal in MESSAGES:
            assert answer.message == MESSAGES[refusal]
        assert answer.items == [] and answer.provided_at is None
    first = own_request(system, person, request_id="own-1")
    assert system.network.self_information(request=first).status == "09"
    replay = system.network.self_information(request=first)
    assert (replay.refusal, replay.message) == (
        Refusal.REQUEST_REPLAYED,
        MESSAGES[Refusal.REQUEST_REPLAYED],
    )
    at_network = system.network.records_for(resident_code=person.resident_code)
    assert [r.refusal for r in at_network] == [
        "agency_unknown", "request_altered", "procedure_unknown", "procedure_not_for_agency",
        "item_not_permitted", None, "request_replayed",
    ]  # fmt: skip
    assert {r.procedure_name for r in at_network} == {"自己情報提供"}
    at_portal = system.intermediate.exchange_records(agency=PORTAL, code=person.codes[PORTAL])
    assert [r.refusal for r in at_portal] == [
        r.refusal for r in at_network if r.requester == PORTAL
    ]
    # The 広域連合 tried it under its own 符号: on its records and the person's at the network.
    at_kouki = system.intermediate.exchange_records(agency=KOUKI, code=person.codes[KOUKI])
    assert [r.refusal for r in at_kouki] == ["procedure_not_for_agency"]
    # The pension service holds no 符号 for the other person: recorded at the portal only.
    other_at_portal = system.intermediate.exchange_records(agency=PORTAL, code=other.codes[PORTAL])
    assert [r.refusal for r in other_at_portal] == ["provider_code_missing"]


def test_a_query_cannot_use_the_reserved_procedure(
    system: System, population: list[Person]
) -> None:
    person = population[0]
    register_tax(system, person)
    answer = system.network.query(request=own_request(system, person))
    assert answer.refusal is Refusal.PROCEDURE_UNKNOWN
