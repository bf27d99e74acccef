"""A small network for the tests: agencies, a population with 符号, and 副本 of tax data."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from mynumber.app import System
from mynumber.insurers.data import network_agency_id
from mynumber.intermediate.data import CopyRecord
from mynumber.kernel.clock import today_in_japan
from mynumber.network.data import ExchangeRequest, sign
from mynumber.network.table import TAX_ITEM

CITY = "municipality:131016"  # 千代田区: holds the tax data (provider)
KOUKI = network_agency_id("39130018")  # 東京都後期高齢者医療広域連合 (requester)
PENSION = "pension:jpo"  # 日本年金機構: connected, never issued a 符号 here
OTHER_CITY = "municipality:271004"  # 大阪市: asks for 保育料

TAX_VALUES: dict[str, str | int | None] = {
    "fiscal_year": 2026,
    "taxable_income": 1_620_000,
    "income_levy": 162_000,
    "per_capita_levy": 5_000,
    "exempt": "0",
    "total_income": 2_050_000,
    "pension_income": None,
}


@dataclass(frozen=True)
class Person:
    """A resident of the test population and their 符号 at each agency that has one."""

    resident_code: str
    my_number: str
    address_number: str  # the city's 宛名番号
    codes: dict[str, str]


def connect_agencies(system: System) -> None:
    """Connect the four agencies the tests use."""
    for agency, name in (
        (CITY, "千代田区"),
        (KOUKI, "東京都後期高齢者医療広域連合"),
        (PENSION, "日本年金機構"),
        (OTHER_CITY, "大阪市"),
    ):
        system.network.connect(
            agency_id=agency, name=name, public_key=system.agency_keys.public_key(agency)
        )


def people(system: System, count: int = 6) -> list[Person]:
    """Populate the register; give each resident a 符号 at the city and the 広域連合, linked to
    their 宛名番号 in each partition."""
    today = today_in_japan(system.clock)
    system.synth.populate(seed=11, people=count, on=today - dt.timedelta(days=800))
    made = []
    for n, resident in enumerate(system.registry.listing(limit=count), 1):
        codes = {}
        for agency in (CITY, KOUKI):
            issued = system.network.issue_code(
                agency=agency,
                acquisition_number=secrets.token_urlsafe(12),
                resident_code=resident.resident_code,
            )
            codes[agency] = issued.code
            number = f"{n:015d}" if agency == CITY else f"K{n:07d}"
            system.intermediate.link_code(agency=agency, address_number=number, code=issued.code)
        made.append(Person(resident.resident_code, resident.my_number, f"{n:015d}", codes))
    return made


def register_tax(system: System, person: Person, *, version: int = 1, **changes: object) -> None:
    """Register the person's 地方税関係情報 at the city (公開開始日: a month ago)."""
    today = today_in_japan(system.clock)
    receipt = system.intermediate.register_copies(
        agency=CITY,
        copies=[
            CopyRecord(
                address_number=person.address_number,
                item_code=TAX_ITEM,
                version=version,
                published_from=today - dt.timedelta(days=30),
                values={**TAX_VALUES, **changes},  # type: ignore[dict-item]
            )
        ],
    )
    assert receipt.registered == 1, receipt


def request(
    system: System,
    person: Person,
    *,
    requester: str = KOUKI,
    procedure: str = "J0001",
    items: tuple[str, ...] = (TAX_ITEM,),
    provider: str = CITY,
    request_id: str | None = None,
    code: str | None = None,
) -> ExchangeRequest:
    """Return a query of the 広域連合 for the person's tax data, unless told otherwise, signed
    with the requester's key."""
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
