"""The municipality on the information-provision network: the 副本 it registers on its partition
of the intermediate server, and the query its 保育料 desk makes for a family that moved in.

It reaches the network and the intermediate server only through their api Protocols, given by
the composition root (`Links`); its 符号 come from the one `CodeAcquisition`. Nothing here
opens a unit of work of the municipality: callers read their own tables first, then call this,
so no transaction of one schema waits on another's.
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
from mynumber.municipality.data import (
    LOCAL_TAX_ITEM,
    NURSERY_FEE_PROCEDURE,
    RESIDENT_ITEM,
    Addressee,
    CopyRun,
    LocalTaxInfo,
    agency_id,
)
from mynumber.network.api import AgencyDesk, NetworkOperator
from mynumber.network.data import ExchangeRequest, sign

__all__ = ["Links", "NetworkDesk", "parents_levy", "register_copies", "tax_published_from"]

_COPY_EXISTS = "copy_exists"  # the intermediate server's refusal of a version it holds
_VERSION_EPOCH = dt.date(2000, 1, 1)


class NetworkDesk(AgencyDesk, NetworkOperator, Protocol):
    """What the municipality asks of the network: to be connected, and to broker its queries."""


@dataclass(frozen=True)
class Links:
    """The municipality's connections: the network, its intermediate partition, 符号取得,
    and the key store its requests to the network are signed from."""

    network: NetworkDesk
    intermediate: AgencyPartition
    codes: CodeAcquisition
    signing_keys: AgencyKeyStore


def tax_published_from(fiscal_year: int) -> dt.date:
    """Return the 公開開始日 of a fiscal year's 地方税関係情報: 1 June, when the year's 住民税 is
    decided (課税決定) ⚠; from then on it is the latest year the partition provides."""
    return dt.date(fiscal_year, 6, 1)


def _applicant(person: Addressee) -> CodeApplicant:
    return CodeApplicant(
        address_number=person.address_number,
        my_number=person.my_number,
        resident_code=person.resident_code,
    )


def _copies(
    people: Sequence[tuple[Addressee, LocalTaxInfo]], *, today: dt.date
) -> list[CopyRecord]:
    """Return each person's 地方税関係情報 (version: the fiscal year, one a year ⚠) and
    住民票関係情報 (version: the day it was taken, so a later intake supersedes it)."""
    copies = []
    for person, info in people:
        copies.append(
            CopyRecord(
                address_number=person.address_number,
                item_code=LOCAL_TAX_ITEM,
                version=info.fiscal_year,
                published_from=tax_published_from(info.fiscal_year),
                values=info.values(),
            )
        )
        copies.append(
            CopyRecord(
                address_number=person.address_number,
                item_code=RESIDENT_ITEM,
                version=(today - _VERSION_EPOCH).days,
                published_from=today,
                values={
                    "municipality": person.municipality,
                    "household_code": person.household_code,
                    "relationship": person.relationship,
                },
            )
        )
    return copies


def register_copies(
    links: Links,
    *,
    municipality: str,
    name: str,
    fiscal_year: int,
    people: Sequence[tuple[Addressee, LocalTaxInfo]],
    today: dt.date,
) -> CopyRun:
    """Connect the municipality, obtain and link the 符号 of the people it has none for, and
    register their 副本 (副本登録), all set-wise."""
    agency = agency_id(municipality)
    links.network.connect(
        agency_id=agency, name=name, public_key=links.signing_keys.public_key(agency)
    )
    applicants = [_applicant(person) for person, _ in people]
    held = links.intermediate.codes_for(
        agency=agency, address_numbers=[a.address_number for a in applicants]
    )
    linked_codes(links.intermediate, links.codes, agency=agency, people=applicants)
    receipt = links.intermediate.register_copies(agency=agency, copies=_copies(people, today=today))
    existing = sum(1 for r in receipt.refusals if r.code == _COPY_EXISTS)
    return CopyRun(
        municipality=municipality,
        agency=agency,
        fiscal_year=fiscal_year,
        people=len(people),
        codes_obtained=len({a.address_number for a in applicants} - set(held)),
        registered=receipt.registered,
        already_registered=existing,
        refused=len(receipt.refusals) - existing,
    )


def parents_levy(
    links: Links,
    *,
    municipality: str,
    name: str,
    former: str,
    parents: Sequence[Addressee],
    tax_year: int,
    now: dt.datetime,
) -> tuple[int, bool]:
    """Ask the former municipality, over the network, for the parents' 市町村民税所得割額 of
    `tax_year` (保育料の決定, instead of a paper 課税証明書); return (their sum, all 非課税).

    A refusal of the network, a parent without a 副本 there, or a 副本 of another year refuses
    the fee (409) with the network's code and message.
    """
    agency = agency_id(municipality)
    links.network.connect(
        agency_id=agency, name=name, public_key=links.signing_keys.public_key(agency)
    )
    codes = linked_codes(
        links.intermediate, links.codes, agency=agency, people=[_applicant(p) for p in parents]
    )
    levy, exempt = 0, True
    for parent in parents:
        answer = links.network.query(
            request=sign(
                ExchangeRequest(
                    requester=agency,
                    code=codes[parent.address_number],
                    procedure=NURSERY_FEE_PROCEDURE,
                    items=(LOCAL_TAX_ITEM,),
                    provider=agency_id(former),
                    request_id=uuid.uuid4().hex,
                    requested_at=now,
                ),
                links.signing_keys.private_key(agency),
            )
        )
        values = answer.provided(LOCAL_TAX_ITEM)
        if values.get("fiscal_year") != tax_year:
            raise ConflictError(
                f"提供された地方税関係情報は{values.get('fiscal_year')}年度のものです"
                f"（{tax_year}年度が必要です）。",
                code="copy_of_another_year",
            )
        levy += int(values.get("municipal_income_levy") or 0)
        exempt = exempt and values.get("exempt") == "1"
    return levy, exempt
