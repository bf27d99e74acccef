"""The pension service on the information-provision network: the 年金生活者支援給付金 income
check it asks municipalities for (J0003), and the 年金給付関係情報 it registers as 副本.

It reaches the network and its partition of the intermediate server only through their api
Protocols (`Links`, given by the composition root); its 符号 come from the one
`CodeAcquisition`, through J-LIS, by the My Number it keeps with each 基礎年金番号 (the
宛名番号 of its partition). Nothing here opens a unit of work of the service: callers read their
own tables first, then call this.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from mynumber.intermediate.api import AgencyPartition, CodeAcquisition, linked_codes
from mynumber.intermediate.data import CodeApplicant, CopyRecord
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.errors import ConflictError
from mynumber.municipality.data import LOCAL_TAX_ITEM, RESIDENT_ITEM
from mynumber.municipality.data import agency_id as municipality_agency
from mynumber.network.api import AgencyDesk, NetworkOperator
from mynumber.network.data import ExchangeRequest, sign
from mynumber.pension.data import (
    AGENCY_ID,
    AGENCY_NAME,
    PENSION_BENEFIT_ITEM,
    SUPPORT_BENEFIT_PROCEDURE,
    PensionBenefitInfo,
    PensionCopyRun,
)

__all__ = ["HouseholdIncome", "Links", "NetworkDesk", "household_income", "register_copies"]

_COPY_EXISTS = "copy_exists"  # the intermediate server's refusal of a version it holds


class NetworkDesk(AgencyDesk, NetworkOperator, Protocol):
    """What the service asks of the network: to be connected, and to broker its queries."""


@dataclass(frozen=True)
class Links:
    """The service's connections: the network, its intermediate partition, 符号取得,
    and the key store its requests to the network are signed from."""

    network: NetworkDesk
    intermediate: AgencyPartition
    codes: CodeAcquisition
    signing_keys: AgencyKeyStore


@dataclass(frozen=True)
class HouseholdIncome:
    """What the municipality's 副本 say for the 支援給付金: 世帯全員非課税 and その他の所得."""

    exempt: bool
    other_income: int


def _applicant(number: str, my_number: str) -> CodeApplicant:
    return CodeApplicant(address_number=number, my_number=my_number)


def published_from(year: int) -> dt.date:
    """Return the 公開開始日 of a calendar year's 年金給付関係情報: 1 January after it, when the
    year's payments are complete (源泉徴収票) ⚠."""
    return dt.date(year + 1, 1, 1)


def household_income(
    links: Links,
    *,
    people: Sequence[tuple[str, str]],
    municipality: str,
    fiscal_year: int,
    now: dt.datetime,
) -> HouseholdIncome:
    """Ask the municipality, over the network (J0003), for the 地方税関係情報 and 住民票関係情報
    of the person (first of `people`, as (基礎年金番号, My Number)) and of the household's other
    members; return whether all are 非課税 and the person's その他の所得 (合計所得 less the
    公的年金等に係る雑所得).

    A refusal of the network, a person without a 副本 there, a 副本 of another fiscal year or a
    member outside the person's 世帯 refuses the decision (409) with its code and message.
    """
    links.network.connect(
        agency_id=AGENCY_ID, name=AGENCY_NAME, public_key=links.signing_keys.public_key(AGENCY_ID)
    )
    codes = linked_codes(
        links.intermediate,
        links.codes,
        agency=AGENCY_ID,
        people=[_applicant(number, mine) for number, mine in people],
    )
    households, figures = set(), []
    for number, _ in people:
        answer = links.network.query(
            request=sign(
                ExchangeRequest(
                    requester=AGENCY_ID,
                    code=codes[number],
                    procedure=SUPPORT_BENEFIT_PROCEDURE,
                    items=(LOCAL_TAX_ITEM, RESIDENT_ITEM),
                    provider=municipality_agency(municipality),
                    request_id=uuid.uuid4().hex,
                    requested_at=now,
                ),
                links.signing_keys.private_key(AGENCY_ID),
            )
        )
        tax, resident = answer.provided(LOCAL_TAX_ITEM), answer.provided(RESIDENT_ITEM)
        if tax.get("fiscal_year") != fiscal_year:
            raise ConflictError(
                f"提供された地方税関係情報は{tax.get('fiscal_year')}年度のものです"
                f"（{fiscal_year}年度が必要です）。",
                code="copy_of_another_year",
            )
        households.add(resident.get("household_code"))
        figures.append(tax)
    if len(households) > 1:
        raise ConflictError(
            "指定された世帯員は本人と同一世帯ではありません。", code="not_same_household"
        )
    own = figures[0]
    other = int(own.get("total_income") or 0) - int(own.get("pension_net_income") or 0)
    return HouseholdIncome(
        exempt=all(f.get("exempt") == "1" for f in figures), other_income=max(0, other)
    )


def register_copies(
    links: Links,
    *,
    year: int,
    infos: Sequence[PensionBenefitInfo],
    my_numbers: dict[str, str],
) -> PensionCopyRun:
    """Connect the service, obtain and link the 符号 it lacks, and register each awarded
    person's 年金給付関係情報 of a year (version: the year) as 副本, all set-wise."""
    links.network.connect(
        agency_id=AGENCY_ID, name=AGENCY_NAME, public_key=links.signing_keys.public_key(AGENCY_ID)
    )
    people = [_applicant(i.basic_pension_number, my_numbers[i.basic_pension_number]) for i in infos]
    held = links.intermediate.codes_for(
        agency=AGENCY_ID, address_numbers=[p.address_number for p in people]
    )
    linked_codes(links.intermediate, links.codes, agency=AGENCY_ID, people=people)
    copies = [
        CopyRecord(
            address_number=info.basic_pension_number,
            item_code=PENSION_BENEFIT_ITEM,
            version=year,
            published_from=published_from(year),
            values=info.values(),
        )
        for info in infos
    ]
    receipt = links.intermediate.register_copies(agency=AGENCY_ID, copies=copies)
    existing = sum(1 for r in receipt.refusals if r.code == _COPY_EXISTS)
    return PensionCopyRun(
        agency=AGENCY_ID,
        year=year,
        people=len(people),
        codes_obtained=len({p.address_number for p in people} - set(held)),
        registered=receipt.registered,
        already_registered=existing,
        refused=len(receipt.refusals) - existing,
    )
