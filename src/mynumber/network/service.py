"""The network's registry of agencies, its records of a person and its usage figures.

Functions take the caller's session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, case, func, or_, select, update
from sqlalchemy.orm import Session

from mynumber.intermediate.api import NetworkSide
from mynumber.kernel.agencykeys import public_key_valid
from mynumber.kernel.clock import Clock
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.upsert import inserted
from mynumber.network.codes import CodeKeys
from mynumber.network.data import (
    SELF_INFORMATION_NAME,
    SELF_INFORMATION_PROCEDURE,
    Agency,
    AgencyKind,
    ExchangeRecord,
    UsageReport,
    UsageRow,
    agency_kind,
)
from mynumber.network.models import AgencyRow, ExchangeRow
from mynumber.network.table import PROCEDURES

UNIDENTIFIED = "unidentified"  # the chain of refusals whose 符号 named no one the network knows


@dataclass(frozen=True)
class Context:
    """What the network's services need besides a session."""

    clock: Clock
    keys: CodeKeys
    records: HashChainedLog
    intermediate: NetworkSide


def _agency(row: AgencyRow) -> Agency:
    return Agency(
        agency_id=row.agency_id,
        kind=AgencyKind(row.kind),
        name=row.name,
        connected_at=row.connected_at,
        public_key=row.public_key,
        key_registered_at=row.key_registered_at,
    )


def connect(
    session: Session, ctx: Context, *, agency_id: str, name: str, public_key: str
) -> Agency:
    """Connect an agency (its kind is the id's prefix) with the public key its requests are
    signed with. Connecting it again with the same key changes nothing; with another key, the
    new key replaces the old from now on (a renewed certificate ⚠: the operator's act, the only
    trace is `key_registered_at`; requests signed with the old key are refused as altered)."""
    try:
        kind = agency_kind(agency_id)
    except ValueError:
        raise InvalidInputError(
            f"{agency_id!r} does not start with a kind of agency", code="bad_agency"
        ) from None
    if not public_key_valid(public_key):
        raise InvalidInputError(
            "the public key is not an Ed25519 key in base64url (43 characters)",
            code="bad_public_key",
        )
    now = ctx.clock.now()
    row = {"agency_id": agency_id, "kind": kind.value, "name": name, "connected_at": now,
           "public_key": public_key, "key_registered_at": now}  # fmt: skip
    if not inserted(session, cast(Table, AgencyRow.__table__), row, "agency_id"):
        session.execute(
            update(AgencyRow)
            .where(
                AgencyRow.agency_id == agency_id,
                or_(AgencyRow.public_key.is_(None), AgencyRow.public_key != public_key),
            )
            .values(public_key=public_key, key_registered_at=now)
        )
    return _agency(session.get_one(AgencyRow, agency_id))


def agencies(session: Session) -> list[Agency]:
    """Return every connected agency by id."""
    return [_agency(r) for r in session.scalars(select(AgencyRow).order_by(AgencyRow.agency_id))]


def public_key_of(session: Session, agency_id: str) -> str | None:
    """Return the public key an agency's requests are checked with, or None."""
    return session.scalar(select(AgencyRow.public_key).where(AgencyRow.agency_id == agency_id))


def agency_names(session: Session, ids: set[str]) -> dict[str, str]:
    """Return the names of the connected agencies among these ids."""
    rows = session.execute(
        select(AgencyRow.agency_id, AgencyRow.name).where(AgencyRow.agency_id.in_(sorted(ids)))
    )
    return {agency_id: name for agency_id, name in rows}


def records_for(session: Session, ctx: Context, *, resident_code: str) -> list[ExchangeRecord]:
    """Return the network's records of a person, oldest first, 不開示 ones flagged."""
    stream = ctx.keys.person(resident_code)
    return [
        ExchangeRecord.model_validate({**r.payload, "recorded_at": r.recorded_at})
        for r in ctx.records.read(session, stream=stream)
    ]


def _procedure_name(code: str) -> str:
    if code == SELF_INFORMATION_PROCEDURE:
        return SELF_INFORMATION_NAME
    return PROCEDURES[code].name if code in PROCEDURES else ""


def usage(session: Session) -> UsageReport:
    """Count queries per procedure and requester; list the procedures never queried."""
    refused = func.sum(case((ExchangeRow.refusal.is_(None), 0), else_=1))
    provided = func.sum(case((ExchangeRow.refusal.is_(None), 1), else_=0))
    rows = session.execute(
        select(ExchangeRow.procedure, ExchangeRow.requester, provided, refused)
        .group_by(ExchangeRow.procedure, ExchangeRow.requester)
        .order_by(ExchangeRow.procedure, ExchangeRow.requester)
    ).all()
    queried = {procedure for procedure, *_ in rows}
    never = [p for code, p in PROCEDURES.items() if code not in queried]
    return UsageReport(
        rows=[
            UsageRow(
                procedure=procedure,
                procedure_name=_procedure_name(procedure),
                requester=requester,
                provided=int(ok or 0),
                refused=int(no or 0),
            )
            for procedure, requester, ok, no in rows
        ],
        procedures=len(PROCEDURES),
        never_queried=never,
        never_queried_share=round(len(never) / len(PROCEDURES), 4),
    )
