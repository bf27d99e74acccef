"""自己情報提供 (the 中間サーバー's function JTK): the portal asks a provider, under the portal's
own 符号 for the person, for the 副本 the provider holds about them, to show the person.

Unlike a 情報照会 there is no 事務 of the legal table: the requester must be the portal
(`AgencyKind.PORTAL`), the procedure the reserved `JTK01`, and each item one the provider's kind
provides. Otherwise the checks, their order, their codes and messages, the signature, the replay
guard, the 副本 in publication and the records at the requester, the provider and the network are
those of `brokering`; the record is named 「自己情報提供」, so the person's やりとり履歴 shows it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from mynumber.intermediate.data import full_width
from mynumber.network.brokering import (
    Parties,
    claimed,
    parties_of,
    person_refusal,
    provide,
    record,
)
from mynumber.network.data import (
    SELF_INFORMATION_NAME,
    SELF_INFORMATION_PROCEDURE,
    STATUS_DONE,
    STATUS_REFUSED,
    AgencyKind,
    ExchangeAnswer,
    ExchangeRequest,
    Refusal,
    agency_kind,
    signed_by,
)
from mynumber.network.service import Context
from mynumber.network.table import ITEMS

__all__ = ["self_information"]


def _refusal(request: ExchangeRequest, parties: Parties) -> tuple[Refusal, str] | None:
    """Return the first rule a 自己情報提供 request breaks, or None."""
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
    if request.procedure != SELF_INFORMATION_PROCEDURE:
        return Refusal.PROCEDURE_UNKNOWN, (
            f"指定された事務「{full_width(request.procedure)}」は自己情報提供ではありません。"
        )
    if agency_kind(request.requester) is not AgencyKind.PORTAL:
        return Refusal.PROCEDURE_NOT_FOR_AGENCY, (
            f"指定された事務「{full_width(request.procedure)}」の照会は"
            f"照会者と提供者の組合せに許可されていません。"
        )
    provider_kind = agency_kind(request.provider)
    for item in request.items:
        legal = ITEMS.get(item)
        if legal is None or legal.provider_kind is not provider_kind:
            return Refusal.ITEM_NOT_PERMITTED, (
                f"指定された特定個人情報名「{full_width(item)}」の照会は許可されていません。"
            )
    return person_refusal(request, parties)


def self_information(session: Session, ctx: Context, request: ExchangeRequest) -> ExchangeAnswer:
    """Provide the person's own 副本 to the portal and record it in the three places."""
    parties = parties_of(session, request)
    refused = _refusal(request, parties)
    if refused is None and not claimed(session, ctx, request):
        refused = (
            Refusal.REQUEST_REPLAYED,
            f"照会依頼番号「{full_width(request.request_id)}」は既に受け付けています。",
        )
    now = ctx.clock.now()
    if refused is None:
        assert parties.provider_code is not None  # checked by _refusal
        answer = ExchangeAnswer(
            request_id=request.request_id,
            status=STATUS_DONE,
            items=provide(ctx, request, parties.provider_code),
            provided_at=now,
        )
    else:
        answer = ExchangeAnswer(
            request_id=request.request_id, status=STATUS_REFUSED,
            refusal=refused[0], message=refused[1],
        )  # fmt: skip
    record(
        session, ctx, request=request, parties=parties, answer=answer, now=now,
        procedure_name=SELF_INFORMATION_NAME, undisclosed=False,
    )  # fmt: skip
    return answer
