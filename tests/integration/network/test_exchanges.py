"""Brokered queries on both backends: 符号, 副本, answers, refusals, records and usage."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from mynumber.app import System
from mynumber.intermediate.data import CopyRecord, ExchangeRecord
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import FixedClock, today_in_japan
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.network.data import ExchangeRequest, Refusal, sign
from mynumber.network.table import TAX_ITEM

from .helpers import (
    CITY,
    KOUKI,
    OTHER_CITY,
    PENSION,
    TAX_VALUES,
    Person,
    connect_agencies,
    people,
    register_tax,
    request,
)


@pytest.fixture
def population(system: System) -> list[Person]:
    """Four connected agencies and six residents with 符号 at the city and the 広域連合."""
    connect_agencies(system)
    return people(system)


def test_codes_differ_per_agency_are_stable_and_translate_only_inside_the_network(
    system: System, population: list[Person]
) -> None:
    person = population[0]
    assert person.codes[CITY] != person.codes[KOUKI]
    assert all(len(code) == 32 for code in person.codes.values())
    again = system.network.issue_code(
        agency=CITY, acquisition_number="one-time-0001", resident_code=person.resident_code
    )
    assert again.code == person.codes[CITY]
    assert again.acquisition_number == "one-time-0001"
    assert len({p.codes[CITY] for p in population}) == len(population)
    with pytest.raises(NotFoundError) as refused:
        system.network.issue_code(
            agency="insurer:06139999", acquisition_number="x" * 12,
            resident_code=person.resident_code,
        )  # fmt: skip
    assert refused.value.code == "agency_unknown"


def test_a_query_is_answered_09_01_with_the_current_copy(
    system: System, population: list[Person]
) -> None:
    person = population[0]
    register_tax(system, person)
    register_tax(system, person, version=2, taxable_income=1_000_000)
    today = today_in_japan(system.clock)
    future = CopyRecord(
        address_number=person.address_number, item_code=TAX_ITEM, version=3,
        published_from=today + dt.timedelta(days=10), values={"taxable_income": 0},
    )  # fmt: skip
    assert system.intermediate.register_copies(agency=CITY, copies=[future]).registered == 1
    answer = system.network.query(request=request(system, person))
    assert (answer.status, answer.refusal, answer.message) == ("09", None, "")
    [item] = answer.items
    assert (item.item_code, item.status, item.version) == (TAX_ITEM, "01", 2)
    assert item.values == {**TAX_VALUES, "taxable_income": 1_000_000}
    assert answer.provided_at == system.clock.now()


def test_an_item_without_a_copy_is_answered_02(system: System, population: list[Person]) -> None:
    answer = system.network.query(
        request=request(system, population[1], items=(TAX_ITEM, "TM00000000000002"))
    )
    assert answer.status == "09"
    assert [(i.status, i.message) for i in answer.items] == [
        ("02", "提供できる副本がありません。"),
        ("02", "提供できる副本がありません。"),
    ]


def test_copies_are_refused_without_a_code_or_when_the_version_exists(
    system: System, population: list[Person]
) -> None:
    today = today_in_japan(system.clock)
    rows = [
        CopyRecord(address_number=population[0].address_number, item_code=TAX_ITEM, version=1,
                   published_from=today, values={"exempt": "1"}),
        CopyRecord(address_number="000000014689427", item_code=TAX_ITEM, version=1,
                   published_from=today, values={}),
        CopyRecord(address_number=population[0].address_number, item_code=TAX_ITEM, version=1,
                   published_from=today, values={"exempt": "0"}),
    ]  # fmt: skip
    receipt = system.intermediate.register_copies(agency=CITY, copies=rows)
    assert receipt.registered == 1
    assert [(r.row, r.code, r.message) for r in receipt.refusals] == [
        (2, "code_missing",
         "指定された団体内統合宛名番号「０００００００１４６８９４２７」は符号が未取得です。"),
        (3, "copy_exists", "「レコード識別番号」が既に存在しています。"),
    ]  # fmt: skip


def _refusals(system: System, person: Person, stranger: Person) -> dict[Refusal, object]:
    """One request per refusal, in the order the network checks."""
    return {
        Refusal.AGENCY_UNKNOWN: request(system, person, provider="municipality:011002"),
        Refusal.PROCEDURE_UNKNOWN: request(system, person, procedure="J9999"),
        Refusal.PROCEDURE_NOT_FOR_AGENCY: request(system, person, procedure="J0002"),
        Refusal.ITEM_NOT_PERMITTED: request(system, person, items=("TM00000000000005",)),
        Refusal.CODE_UNKNOWN: request(system, person, code=person.codes[CITY]),
        Refusal.PROVIDER_CODE_MISSING: request(
            system, stranger, requester=OTHER_CITY, procedure="J0002", provider=CITY
        ),
    }


MESSAGES = {
    Refusal.AGENCY_UNKNOWN: "指定された提供者の機関コード"
    "「ｍｕｎｉｃｉｐａｌｉｔｙ：０１１００２」は登録されていません。",
    Refusal.PROCEDURE_UNKNOWN: "指定された事務「Ｊ９９９９」は存在しません。",
    Refusal.PROCEDURE_NOT_FOR_AGENCY: "指定された事務「Ｊ０００２」の照会は照会者と提供者の組合せに"
    "許可されていません。",
    Refusal.ITEM_NOT_PERMITTED: "指定された特定個人情報名"
    "「ＴＭ０００００００００００００５」の照会は許可されていません。",
    Refusal.CODE_UNKNOWN: "指定された符号は照会者に発行されていません。",
    Refusal.PROVIDER_CODE_MISSING: "情報提供者「千代田区」は符号が未取得です。",
    Refusal.REQUEST_REPLAYED: "照会依頼番号「ｒｅｐｅａｔ－１」は既に受け付けています。",
    Refusal.REQUEST_ALTERED: "照会依頼番号「ｓｉｇｎｅｄ－１」の署名を検証できません。",
}


def test_every_refusal_has_its_code_and_message_provides_nothing_and_is_recorded(
    system: System, population: list[Person]
) -> None:
    person = population[0]
    register_tax(system, person)
    # Someone who moved from 千代田区 before it ever asked for a 符号: 大阪市 has one.
    newcomer = CODECS[IdentifierKind.RESIDENT_CODE].generate(random.Random(5))
    issued = system.network.issue_code(
        agency=OTHER_CITY, acquisition_number="acq-000001", resident_code=newcomer
    )
    stranger = Person(newcomer, "", "9", {OTHER_CITY: issued.code})
    asked = _refusals(system, person, stranger)
    for refusal, sent in asked.items():
        answer = system.network.query(request=sent)  # type: ignore[arg-type]
        assert (answer.status, answer.refusal) == ("99", refusal)
        assert answer.message == MESSAGES[refusal]
        assert answer.items == [] and answer.provided_at is None
    first = system.network.query(request=request(system, person, request_id="repeat-1"))
    assert first.status == "09"
    replay = system.network.query(request=request(system, person, request_id="repeat-1"))
    assert (replay.refusal, replay.message) == (
        Refusal.REQUEST_REPLAYED,
        MESSAGES[Refusal.REQUEST_REPLAYED],
    )
    assert replay.items == []
    # Every refusal is on the requester's records; those about the person at the network too.
    requester_records = system.intermediate.exchange_records(agency=KOUKI, code=person.codes[KOUKI])
    refusals_recorded = [r.refusal for r in requester_records]
    for refusal in (Refusal.AGENCY_UNKNOWN, Refusal.PROCEDURE_UNKNOWN,
                    Refusal.PROCEDURE_NOT_FOR_AGENCY, Refusal.ITEM_NOT_PERMITTED,
                    Refusal.REQUEST_REPLAYED):  # fmt: skip
        assert refusal.value in refusals_recorded
    at_network = [r.refusal for r in system.network.records_for(resident_code=person.resident_code)]
    assert at_network == [*refusals_recorded[:4], None, Refusal.REQUEST_REPLAYED.value]
    wrong_code = system.intermediate.exchange_records(agency=KOUKI, code=person.codes[CITY])
    assert [r.refusal for r in wrong_code] == [Refusal.CODE_UNKNOWN.value]
    osaka = system.intermediate.exchange_records(agency=OTHER_CITY, code=stranger.codes[OTHER_CITY])
    assert [r.refusal for r in osaka] == [Refusal.PROVIDER_CODE_MISSING.value]
    stranger_at_network = system.network.records_for(resident_code=newcomer)
    assert [r.refusal for r in stranger_at_network] == [Refusal.PROVIDER_CODE_MISSING.value]


def _provided(records: list[ExchangeRecord]) -> list[tuple[str, str, bool]]:
    return [(r.requester, r.procedure, r.undisclosed) for r in records if r.provided_at]


def test_records_at_requester_provider_and_network_with_undisclosed_and_chains(
    system: System, population: list[Person]
) -> None:
    person = population[2]
    register_tax(system, person)
    pension_code = system.network.issue_code(
        agency=PENSION, acquisition_number="acq-pension-1", resident_code=person.resident_code
    ).code
    person.codes[PENSION] = pension_code
    system.network.query(request=request(system, person))
    # 生活保護 asks the pension service: a 不開示 exchange (no 副本 there, answered 02).
    city_asks = request(system, person, requester=CITY, procedure="J0008",
                        items=("TM00000000000101",), provider=PENSION)  # fmt: skip
    assert system.network.query(request=city_asks).status == "09"
    expected = [(KOUKI, "J0001", False), (CITY, "J0008", True)]
    at_network = system.network.records_for(resident_code=person.resident_code)
    assert _provided(at_network) == expected
    first = at_network[0]
    assert first.requester_name == "東京都後期高齢者医療広域連合"
    assert first.provider_name == "千代田区"
    assert first.procedure_name == "後期高齢者医療 一部負担金割合の判定"
    assert first.items == (TAX_ITEM,)
    assert first.requested_at == system.clock.now() and first.provided_at is not None
    at_city = system.intermediate.exchange_records(agency=CITY, code=person.codes[CITY])
    assert _provided(at_city) == expected  # the provider of one, the requester of the other
    at_kouki = system.intermediate.exchange_records(agency=KOUKI, code=person.codes[KOUKI])
    assert _provided(at_kouki) == expected[:1]
    at_pension = system.intermediate.exchange_records(agency=PENSION, code=pension_code)
    assert _provided(at_pension) == expected[1:]
    assert system.network.verify_records(resident_code=person.resident_code) == []
    for agency, code in person.codes.items():
        assert system.intermediate.verify_records(agency=agency, code=code) == []


def test_usage_counts_queries_and_lists_never_queried_procedures(
    system: System, population: list[Person]
) -> None:
    register_tax(system, population[0])
    for person in population[:3]:
        system.network.query(request=request(system, person))
    system.network.query(request=request(system, population[0], items=("TM00000000000005",)))
    report = system.network.usage()
    [row] = report.rows
    assert (row.procedure, row.requester, row.provided, row.refused) == ("J0001", KOUKI, 3, 1)
    assert row.procedure_name == "後期高齢者医療 一部負担金割合の判定"
    assert report.procedures == 24 and len(report.never_queried) == 23
    assert "J0001" not in {p.code for p in report.never_queried}
    assert report.never_queried_share == round(23 / 24, 4)


def _altered(system: System, good: ExchangeRequest, other: Person) -> dict[str, ExchangeRequest]:
    """The signed request changed on the way, or signed by the wrong key, or not at all."""
    unsigned = good.model_copy(update={"signature": ""})
    return {
        "item": good.model_copy(update={"items": ("TM00000000000002",)}),
        "code": good.model_copy(update={"code": other.codes[KOUKI]}),
        "provider": good.model_copy(update={"provider": OTHER_CITY}),
        "time": good.model_copy(update={"requested_at": good.requested_at - dt.timedelta(1)}),
        "another agency's key": sign(unsigned, system.agency_keys.private_key(CITY)),
        "forged": good.model_copy(update={"signature": "A" * 86}),
        "unsigned": unsigned,
    }


def test_an_altered_or_unsigned_request_is_refused_recorded_and_burns_no_request_id(
    system: System, population: list[Person]
) -> None:
    person, other = population[0], population[1]
    register_tax(system, person)
    good = request(system, person, request_id="signed-1")
    for what, sent in _altered(system, good, other).items():
        answer = system.network.query(request=sent)
        assert (answer.status, answer.refusal) == ("99", Refusal.REQUEST_ALTERED), what
        assert answer.message == MESSAGES[Refusal.REQUEST_ALTERED]
        assert answer.items == [] and answer.provided_at is None
    # Only a signed request claims its id: the genuine one still goes through, once.
    assert system.network.query(request=good).status == "09"
    assert system.network.query(request=good).refusal is Refusal.REQUEST_REPLAYED
    altered = Refusal.REQUEST_ALTERED.value
    at_network = system.network.records_for(resident_code=person.resident_code)
    assert [r.refusal for r in at_network] == [altered] * 6 + [None, "request_replayed"]
    at_kouki = system.intermediate.exchange_records(agency=KOUKI, code=person.codes[KOUKI])
    assert [r.refusal for r in at_kouki] == [altered] * 6 + [None, "request_replayed"]
    # The provider has the person only where the request named it (not 大阪市).
    at_city = system.intermediate.exchange_records(agency=CITY, code=person.codes[CITY])
    assert [r.refusal for r in at_city] == [altered] * 5 + [None, "request_replayed"]
    assert all(r.provided_at is None for r in at_city if r.refusal)
    # The altered 符号 named someone else: the refusal is on their records, in the three places.
    assert [r.refusal for r in system.network.records_for(resident_code=other.resident_code)] == [
        altered
    ]
    for agency in (KOUKI, CITY):
        kept = system.intermediate.exchange_records(agency=agency, code=other.codes[agency])
        assert [r.refusal for r in kept] == [altered]
    [row] = system.network.usage().rows
    assert (row.provided, row.refused) == (1, 8)


def test_connecting_again_with_another_key_replaces_it_from_then_on(
    system: System, population: list[Person], clock: FixedClock, tmp_path: Path
) -> None:
    person = population[0]
    register_tax(system, person)
    own = AgencyKeyStore(tmp_path / "kouki-keys")  # the 広域連合's own store, not the instance's
    first = system.network.connect(
        agency_id=KOUKI, name="東京都後期高齢者医療広域連合", public_key=own.public_key(KOUKI)
    )
    assert first.public_key == own.public_key(KOUKI)
    old_key = own.private_key(KOUKI)
    clock.advance(dt.timedelta(days=1))
    same = system.network.connect(agency_id=KOUKI, name="x", public_key=own.public_key(KOUKI))
    assert same == first  # the same key again: nothing changes
    clock.advance(dt.timedelta(days=1))
    renewed = system.network.connect(agency_id=KOUKI, name="x", public_key=own.renew(KOUKI))
    assert renewed.public_key == own.public_key(KOUKI) != first.public_key
    assert renewed.key_registered_at == clock.now() != first.key_registered_at
    assert (renewed.name, renewed.connected_at) == (first.name, first.connected_at)
    unsigned = request(system, person).model_copy(update={"signature": ""})
    with_old = system.network.query(request=sign(unsigned, old_key))
    assert with_old.refusal is Refusal.REQUEST_ALTERED
    with_new = system.network.query(request=sign(unsigned, own.private_key(KOUKI)))
    assert with_new.status == "09"
    with pytest.raises(InvalidInputError) as refused:
        system.network.connect(agency_id=KOUKI, name="x", public_key="not-a-key")
    assert refused.value.code == "bad_public_key"
