"""Brokered queries (情報照会 → 情報提供): check the legal table, translate, ask, record.

The checks run in a fixed order and the first that fails refuses the query with its code and a
message shaped like the real system's; nothing is provided, and the refusal is recorded at the
requester, at the provider when the network knows the person there, and at the network. Right
after both agencies are known, the request must carry the requester's signature under the key it
registered (`request_altered` otherwise: altered in transit, or sent by someone else); only a
signed request can then be refused as a replay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table
from sqlalchemy.orm import Session

from mynumber.intermediate.data import full_width
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.upsert import inserted
from mynumber.network import codes
from mynumber.network.data import (
    STATUS_DONE,
    STATUS_ITEM_PROVIDED,
    STATUS_ITEM_WITHOUT_COPY,
    STATUS_REFUSED,
    ExchangeAnswer,
    ExchangeRecord,
    ExchangeRequest,
    ItemAnswer,
    Procedure,
    Refusal,
    agency_kind,
    signed_by,
)
from mynumber.network.models import ExchangeRow, SeenRequestRow
from mynumber.network.service import UNIDENTIFIED, Context, agency_names, public_key_of
from mynumber.network.table import PROCEDURES


@dataclass(frozen=True)
class Parties:
    """Who is involved: the agencies' names, the procedure, and the person at each side."""

    names: dict[str, str]
    requester_key: str | None
    procedure: Procedure | None
    person: str | None
    provider_code: str | None


def _refusal(request: ExchangeRequest, parties: Parties) -> tuple[Refusal, str] | None:
    """Return the first rule the request breaks (checks 1–4, in order), or None."""
    for agency in (request.requester, request.provider):
        if agency not in parties.names:
            role = "照会者" if agency == request.requester else "提供者"
            return Refusal.AGENCY_UNKNOWN, (
                f"指定された{role}の機関コード「{full_width(agency)}」は登録されていません。"
            )
    if not signed_by(request, parties.requester_key):
        return Refusal.REQUEST_ALTERED, (
            f"照会依頼番号「{full_width(request.request_id)}」の署名を検証できません。"
        )
    procedure = parties.procedure
    if procedure is None:
        return Refusal.PROCEDURE_UNKNOWN, (
            f"指定された事務「{full_width(request.procedure)}」は存在しません。"
        )
    if (agency_kind(request.requester), agency_kind(request.provider)) != (
        procedure.requester_kind,
        procedure.provider_kind,
    ):
        return Refusal.PROCEDURE_NOT_FOR_AGENCY, (
            f"指定された事務「{full_width(procedure.code)}」の照会は"
            f"照会者と提供者の組合せに許可されていません。"
        )
    for item in request.items:
        if item not in procedure.items:
            return Refusal.ITEM_NOT_PERMITTED, (
                f"指定された特定個人情報名「{full_width(item)}」の照会は許可されていません。"
            )
    return person_refusal(request, parties)


def person_refusal(request: ExchangeRequest, parties: Parties) -> tuple[Refusal, str] | None:
    """Return why the person cannot be found at either side (checks 3–4), or None."""
    if parties.person is None:
        return Refusal.CODE_UNKNOWN, "指定された符号は照会者に発行されていません。"
    if parties.provider_code is None:
        provider = parties.names[request.provider]
        return Refusal.PROVIDER_CODE_MISSING, f"情報提供者「{provider}」は符号が未取得です。"
    return None


def parties_of(session: Session, request: ExchangeRequest) -> Parties:
    names = agency_names(session, {request.requester, request.provider})
    person = codes.person_of(session, agency=request.requester, code=request.code)
    provider_code = (
        None if person is None else codes.code_of(session, agency=request.provider, person=person)
    )
    key = public_key_of(session, request.requester)
    return Parties(names, key, PROCEDURES.get(request.procedure), person, provider_code)


def claimed(session: Session, ctx: Context, request: ExchangeRequest) -> bool:
    """Claim the request id for its requester; False if it was used before (a replay)."""
    row = {"requester": request.requester, "request_id": request.request_id,
           "seen_at": ctx.clock.now()}  # fmt: skip
    return inserted(session, cast(Table, SeenRequestRow.__table__), row, "requester", "request_id")


def provide(ctx: Context, request: ExchangeRequest, provider_code: str) -> list[ItemAnswer]:
    """Ask the provider's intermediate server for the 副本 of each item in publication today."""
    today = today_in_japan(ctx.clock)
    answers = []
    for item in request.items:
        copy = ctx.intermediate.provide(
            agency=request.provider, code=provider_code, item_code=item, on=today
        )
        if copy is None:
            answers.append(
                ItemAnswer(
                    item_code=item,
                    status=STATUS_ITEM_WITHOUT_COPY,
                    message="提供できる副本がありません。",
                )
            )
        else:
            answers.append(
                ItemAnswer(
                    item_code=item,
                    status=STATUS_ITEM_PROVIDED,
                    version=copy.version,
                    published_from=copy.published_from,
                    values=copy.values,
                )
            )
    return answers


def query(session: Session, ctx: Context, request: ExchangeRequest) -> ExchangeAnswer:
    """Broker one query and record it at the requester, the provider and the network."""
    parties = parties_of(session, request)
    refused = _refusal(request, parties)
    if refused is None and not claimed(session, ctx, request):
        refused = (
            Refusal.REQUEST_REPLAYED,
            (f"照会依頼番号「{full_width(request.request_id)}」は既に受け付けています。"),
        )
    now = ctx.clock.now()
    if refused is None:
        assert parties.provider_code is not None  # checked by _refusal
        items = provide(ctx, request, parties.provider_code)
        answer = ExchangeAnswer(
            request_id=request.request_id, status=STATUS_DONE, items=items, provided_at=now
        )
    else:
        answer = ExchangeAnswer(
            request_id=request.request_id, status=STATUS_REFUSED,
            refusal=refused[0], message=refused[1],
        )  # fmt: skip
    procedure = parties.procedure
    record(
        session, ctx, request=request, parties=parties, answer=answer, now=now,
        procedure_name=procedure.name if procedure else "",
        undisclosed=procedure.undisclosed if procedure else False,
    )  # fmt: skip
    return answer


def record(
    session: Session,
    ctx: Context,
    *,
    request: ExchangeRequest,
    parties: Parties,
    answer: ExchangeAnswer,
    now: dt.datetime,
    procedure_name: str,
    undisclosed: bool,
) -> None:
    """Write the exchange to the three places (第23条) and count it for the usage figures."""
    record = ExchangeRecord(
        request_id=request.request_id,
        requester=request.requester,
        requester_name=parties.names.get(request.requester, ""),
        provider=request.provider,
        provider_name=parties.names.get(request.provider, ""),
        procedure=request.procedure,
        procedure_name=procedure_name,
        items=request.items,
        requested_at=request.requested_at,
        provided_at=answer.provided_at,
        refusal=answer.refusal.value if answer.refusal else None,
        undisclosed=undisclosed,
    )
    payload = record.model_dump(mode="json", exclude={"recorded_at"})
    ctx.records.append(session, stream=parties.person or UNIDENTIFIED, payload=payload, at=now)
    session.add(
        ExchangeRow(
            procedure=request.procedure,
            requester=request.requester,
            provider=request.provider,
            refusal=record.refusal,
            requested_at=request.requested_at,
        )
    )
    ctx.intermediate.record_exchange(agency=request.requester, code=request.code, record=record)
    if parties.provider_code is not None:
        ctx.intermediate.record_exchange(
            agency=request.provider, code=parties.provider_code, record=record
        )
