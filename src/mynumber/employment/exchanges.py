"""ハローワーク on the information-provision network: the 雇用保険給付関係情報 it registers as
副本 on its partition of the intermediate server, so municipalities (J0009) can be answered.

It reaches the network and the intermediate server only through their api Protocols (`Links`,
given by the composition root); its 符号 come from the one `CodeAcquisition`, through J-LIS, by
the My Number it keeps with each 被保険者番号 (the 宛名番号 of its partition). Callers read their
own tables first, then call this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from mynumber.employment.data import (
    AGENCY_ID,
    AGENCY_NAME,
    EMPLOYMENT_BENEFIT_ITEM,
    EmploymentBenefitInfo,
    EmploymentCopyRun,
)
from mynumber.intermediate.api import AgencyPartition, CodeAcquisition, linked_codes
from mynumber.intermediate.data import CodeApplicant, CopyRecord
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.network.api import AgencyDesk, NetworkOperator

__all__ = ["Links", "NetworkDesk", "register_copies"]

_COPY_EXISTS = "copy_exists"  # the intermediate server's refusal of a version it holds
_VERSION_EPOCH = dt.date(2000, 1, 1)


class NetworkDesk(AgencyDesk, NetworkOperator, Protocol):
    """What ハローワーク asks of the network: to be connected (its queries come later)."""


@dataclass(frozen=True)
class Links:
    """ハローワーク's connections: the network, its intermediate partition, 符号取得,
    and the key store its requests to the network are signed from."""

    network: NetworkDesk
    intermediate: AgencyPartition
    codes: CodeAcquisition
    signing_keys: AgencyKeyStore


def register_copies(
    links: Links,
    *,
    on: dt.date,
    infos: Sequence[EmploymentBenefitInfo],
    my_numbers: dict[str, str],
) -> EmploymentCopyRun:
    """Connect ハローワーク, obtain and link the 符号 it lacks, and register each person's
    雇用保険給付関係情報 on a day (version: the day, so a later run supersedes it; published
    that day), all set-wise."""
    links.network.connect(
        agency_id=AGENCY_ID, name=AGENCY_NAME, public_key=links.signing_keys.public_key(AGENCY_ID)
    )
    people = [
        CodeApplicant(address_number=i.insured_number, my_number=my_numbers[i.insured_number])
        for i in infos
    ]
    held = links.intermediate.codes_for(
        agency=AGENCY_ID, address_numbers=[p.address_number for p in people]
    )
    linked_codes(links.intermediate, links.codes, agency=AGENCY_ID, people=people)
    copies = [
        CopyRecord(
            address_number=info.insured_number,
            item_code=EMPLOYMENT_BENEFIT_ITEM,
            version=(on - _VERSION_EPOCH).days,
            published_from=on,
            values=info.values(),
        )
        for info in infos
    ]
    receipt = links.intermediate.register_copies(agency=AGENCY_ID, copies=copies)
    existing = sum(1 for r in receipt.refusals if r.code == _COPY_EXISTS)
    return EmploymentCopyRun(
        agency=AGENCY_ID,
        on=on,
        people=len(people),
        codes_obtained=len({p.address_number for p in people} - set(held)),
        registered=receipt.registered,
        already_registered=existing,
        refused=len(receipt.refusals) - existing,
    )
